/**
 * Issue 5, "done when": every example runs in the page. For each entry of the page's own list (ui/app/examples.ts
 * EXAMPLES, so a new example is covered without touching this file) a user picks it from the Examples menu,
 * presses Assemble & load and Run, types its input into the console if it reads any, and the console shows
 * its whole expected transcript. The transcripts are test/firmware/example-transcripts.ts (checked there
 * against QEMU virt under OpenSBI); hello.S, the bare-metal example, is not among them, so its two lines are
 * written here from the strings in firmware/examples/hello.S.
 *
 * The console is an xterm.js terminal whose DOM holds only its 12 visible rows, so the test reads the whole
 * scrollback a page at a time (Shift+PageUp / Shift+PageDown, which scroll by rows - 1 lines, as a user
 * would) and compares the text with whitespace removed (a long line wraps at the pane's width).
 */
import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { assembleExample } from '../../src/firmware-sources';
import { EXAMPLES } from '../../ui/app/examples';
import { EXAMPLES as TRANSCRIPTS, type Example as Transcript } from '../firmware/example-transcripts';
import { renderApp, useAppHarness } from './harness';

/** firmware/examples/hello.S: its two `.string`s, printed from M-mode and then from U-mode via ecall. */
const HELLO: Transcript = {
  expected: () => 'Hello from hartscope! This is M-mode.\nAnd this is U-mode, printing through an ecall.\n',
};

useAppHarness();

const frames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
const rowsNow = (): string[] =>
  [...(document.querySelector('.area-console .xterm-rows')?.children ?? [])].map((r) => r.textContent ?? '');
const squeeze = (s: string) => s.replace(/\s+/g, '');
const visible = () => squeeze(rowsNow().join(''));

/** Presses a key in the (focused) terminal and waits for it to redraw. */
async function scroll(key: 'PageUp' | 'PageDown') {
  await userEvent.keyboard(`{Shift>}{${key}}{/Shift}`);
  await frames();
}

/**
 * The console's whole text, scrollback included: to the top, then a page at a time down. A page down moves
 * rows - 1 lines, fewer at the bottom; how many is found from where the new page overlaps the last.
 */
async function wholeConsole(): Promise<string> {
  const terminal = document.querySelector<HTMLElement>('.area-console .xterm-helper-textarea');
  terminal?.focus();
  for (let last = ''; ;) {
    await scroll('PageUp');
    const now = rowsNow().join('\n');
    if (now === last) break;
    last = now;
  }
  const out = rowsNow();
  for (;;) {
    const before = rowsNow();
    await scroll('PageDown');
    const after = rowsNow();
    if (after.join('\n') === before.join('\n')) break;
    // The largest move d (at most rows - 1) with the new page's first rows equal to the old page's last.
    let d = before.length - 1;
    while (d > 0 && !after.slice(0, before.length - d).every((r, i) => r === before[d + i])) d--;
    if (d === 0) throw new Error('the console pages do not overlap: cannot read its scrollback');
    out.push(...after.slice(before.length - d));
  }
  return squeeze(out.join(''));
}

describe('every example runs in the page', () => {
  it('covers every example the page offers', () => {
    expect(EXAMPLES.length).toBeGreaterThan(5);
    for (const ex of EXAMPLES) {
      const name = ex.file.replace(/\.S$/, '');
      // A new example needs its transcript (test/firmware/example-transcripts.ts), checked against QEMU there.
      expect(name === 'hello' || name in TRANSCRIPTS, `no transcript for ${ex.file}`).toBe(true);
    }
  });

  for (const ex of EXAMPLES) {
    const name = ex.file.replace(/\.S$/, '');
    it(ex.file, { timeout: 150_000 }, async () => {
      const transcript = name === 'hello' ? HELLO : TRANSCRIPTS[name];
      if (!transcript)
        throw new Error(`no transcript for ${ex.file} in test/firmware/example-transcripts.ts`);
      const built = assembleExample(name);
      if (!built.image) throw new Error(`${ex.file} does not assemble: ${JSON.stringify(built.errors)}`);
      const expected = transcript.expected(built.image);

      const screen = await renderApp();
      await screen.getByRole('combobox', { name: 'Example' }).selectOptions(ex.file);
      await expect.element(screen.getByTestId('program')).toHaveTextContent(ex.file);
      await screen.getByRole('button', { name: /assemble/i }).click();
      await expect.element(screen.getByTestId('status'), { timeout: 20_000 }).toHaveTextContent('ready');
      expect(visible()).toBe('');
      await screen.getByRole('button', { name: 'Run', exact: true }).click();

      if (transcript.input !== undefined) {
        // Type each line once the program has printed what comes before it (its prompt, then each echo).
        const firstLine = squeeze(expected.split('\n')[0]!);
        await expect.poll(visible, { timeout: 20_000 }).toContain(firstLine);
        for (const line of transcript.input.split(/[\r\n]/).filter(Boolean)) {
          (document.querySelector('.area-console .xterm-helper-textarea') as HTMLElement).focus();
          const before = visible();
          await userEvent.keyboard(`${line}{Enter}`);
          await expect
            .poll(() => visible().startsWith(before + squeeze(line)), { timeout: 20_000 })
            .toBe(true);
        }
      }
      await expect
        .element(screen.getByTestId('status'), { timeout: 60_000 })
        .toMatchTextContent(/^exited with code 0 /);
      expect(await wholeConsole()).toBe(squeeze(expected));
    });
  }
});
