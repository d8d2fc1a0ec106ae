/**
 * The page used with the keyboard alone, in Chromium: Tab walks every control and pane in document order
 * with a visible focus ring at each stop (an outline of at least 2px whose colour has 3:1 contrast with the
 * background, WCAG 2.4.7 and 1.4.11), the editor keeps Tab for indenting but lets go on Escape then Tab
 * (CodeMirror's convention, listed in the page's keyboard help), Run is pressed with Enter and the console
 * shows the program's output, and a register is edited while paused without touching the mouse.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { connectEmulator, type EmulatorConnection } from '../../../src/worker/client';
import { App } from '../../../ui/App';

const connections: EmulatorConnection[] = [];
const connect = (): EmulatorConnection => {
  const c = connectEmulator();
  connections.push(c);
  return c;
};

beforeEach(() => localStorage.clear());
afterEach(() => {
  for (const c of connections.splice(0)) c.terminate();
  document.documentElement.removeAttribute('data-theme');
});

const terminalText = () => document.querySelector('.xterm-rows')?.textContent ?? '';
const DONE = 'exited with code 0 (SiFive test finisher)';

async function loadHello(theme: 'light' | 'dark' = 'light') {
  localStorage.setItem('hartscope.theme', theme);
  await page.viewport(1440, 900);
  const screen = await render(<App connect={connect} />);
  await screen.getByRole('combobox', { name: 'Example' }).selectOptions('hello.S');
  await expect.element(screen.getByTestId('status')).toHaveTextContent('ready');
  (document.activeElement as HTMLElement | null)?.blur();
  return screen;
}

/** WCAG relative luminance and contrast ratio of two CSS rgb()/rgba() colours. */
function rgb(css: string): number[] {
  const m = css.match(/[\d.]+/g);
  if (!m || m.length < 3) throw new Error(`not an rgb colour: ${css}`);
  return m.slice(0, 3).map(Number);
}
function luminance(css: string): number {
  const [r, g, b] = rgb(css).map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
};
/** The colour behind an element: the first ancestor (or itself) with an opaque background. */
function backgroundOf(el: Element): string {
  for (let e: Element | null = el; e; e = e.parentElement) {
    const bg = getComputedStyle(e).backgroundColor;
    if (!/rgba\(.*,\s*0\)$/.test(bg) && bg !== 'transparent') return bg;
  }
  return getComputedStyle(document.body).backgroundColor;
}

/**
 * Why the focused element's ring is not visible enough, or null when it is. xterm's focused element is an
 * invisible textarea: its ring is drawn on the whole terminal; likewise an invisible file input's on its label. A ring drawn inside the element (negative
 * offset) must stand out against the element's own background, one drawn outside against its parent's.
 */
function ringProblem(focused: HTMLElement): string | null {
  const el = focused.closest<HTMLElement>('.hs-terminal, .file-button, .cm-editor') ?? focused;
  const s = getComputedStyle(el);
  if (s.outlineStyle === 'none' || parseFloat(s.outlineWidth) < 2) {
    return `no 2px outline (${s.outlineStyle} ${s.outlineWidth})`;
  }
  const offset = parseFloat(s.outlineOffset);
  const behind = offset < 0 ? el : (el.parentElement ?? el);
  const ratio = contrast(s.outlineColor, backgroundOf(behind));
  if (ratio < 3) return `outline ${s.outlineColor} has contrast ${ratio.toFixed(2)} with its background`;
  // The ring must not be cut away by a box that clips (the overflow of a scroller around it).
  const reach = Math.max(0, offset + parseFloat(s.outlineWidth));
  const r = el.getBoundingClientRect();
  for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
    const o = getComputedStyle(box);
    if (o.overflowX === 'visible' && o.overflowY === 'visible') continue;
    // The part of the box that shows its content: inside its borders and scroll bars.
    const outer = box.getBoundingClientRect();
    const top = outer.top + box.clientTop;
    const left = outer.left + box.clientLeft;
    const b = { top, left, bottom: top + box.clientHeight, right: left + box.clientWidth };
    const visible =
      Math.min(r.right + reach, b.right) - Math.max(r.left - reach, b.left) >= 2 * reach &&
      Math.min(r.bottom + reach, b.bottom) - Math.max(r.top - reach, b.top) >= 2 * reach;
    const inside = r.top - reach >= b.top - 1 && r.bottom + reach <= b.bottom + 1;
    if (!visible || (!inside && r.height <= box.clientHeight))
      return `ring clipped by ${box.className} (${r.top}..${r.bottom} shown in ${b.top}..${b.bottom})`;
    break;
  }
  return null;
}

/** Tab to the next stop as a keyboard user does: in the editor, which keeps Tab, Escape first. */
async function tab() {
  const inEditor = document.activeElement?.closest('.cm-editor') !== null;
  await userEvent.keyboard(inEditor ? '{Escape}{Tab}' : '{Tab}');
}

const describeEl = (el: Element) =>
  `${el.tagName.toLowerCase()}${el.getAttribute('aria-label') ? `[${el.getAttribute('aria-label')}]` : ''}.${el.className}`;

describe('keyboard only', () => {
  it('Tab reaches Run, Enter runs hello, and the console shows its output', async () => {
    const screen = await loadHello();
    const run = screen.getByRole('button', { name: 'Run', exact: true }).element();
    for (let i = 0; i < 40 && document.activeElement !== run; i++) await userEvent.keyboard('{Tab}');
    expect(document.activeElement).toBe(run);
    await userEvent.keyboard('{Enter}');
    await expect.element(screen.getByTestId('status')).toHaveTextContent(DONE);
    await expect.poll(terminalText).toContain('Hello from hartscope! This is M-mode.');
  });

  it.each(['light', 'dark'] as const)(
    '%s theme: Tab walks the whole page in document order, each stop with a visible ring; Esc then Tab leaves the editor',
    async (theme) => {
      const screen = await loadHello(theme);
      await screen.getByRole('button', { name: 'Run', exact: true }).click();
      await expect.element(screen.getByTestId('status')).toHaveTextContent(DONE);
      // Start at the page's first control (Run, clicked above, is disabled now that the program has exited).
      const first = screen.getByRole('combobox', { name: 'Example' }).element() as HTMLElement;
      first.focus();
      const stops: HTMLElement[] = [first];
      const problems: string[] = [];
      const shot = new Set<string>();
      let editorTabIndented = false;
      for (let presses = 0; presses < 150; presses++) {
        await userEvent.keyboard('{Tab}');
        const el = document.activeElement as HTMLElement;
        if (el === document.body || el === stops[0]) break; // wrapped round: the walk is over
        if (el.closest('.cm-editor') && stops.at(-1)?.closest('.cm-editor')) {
          // Tab again inside the editor: it indented (the editor keeps Tab) instead of leaving.
          editorTabIndented = true;
          await userEvent.keyboard('{Escape}{Tab}');
          const next = document.activeElement as HTMLElement;
          expect(next.closest('.cm-editor'), 'Escape then Tab leaves the editor').toBeNull();
          stops.push(next);
          continue;
        }
        stops.push(el);
        // Pictures of the ring on a few kinds of stop, to look at.
        const kind = ['.hs-dis-line', '.hs-terminal', '.hs-reg-hex', '.cm-content'].find((k) =>
          el.closest(k),
        );
        if (kind && !shot.has(kind)) {
          shot.add(kind);
          await page.screenshot({
            path: `../__screenshots__/focus-${theme}-${kind.slice(1)}.png`,
            element: el.closest('.pane') ?? el,
          });
        }
        const why = ringProblem(el);
        if (why) problems.push(`${describeEl(el)}: ${why}`);
      }
      console.log(`${stops.length} Tab stops:\n  ${stops.map(describeEl).join('\n  ')}`);
      expect(problems).toEqual([]);
      expect(editorTabIndented).toBe(true);
      // In document order: no positive tabindex reorders the page.
      for (let i = 1; i < stops.length; i++) {
        const follows = stops[i - 1]!.compareDocumentPosition(stops[i]!) & Node.DOCUMENT_POSITION_FOLLOWING;
        expect(follows, `${describeEl(stops[i]!)} after ${describeEl(stops[i - 1]!)}`).toBeTruthy();
      }
      // Every part of the page is reached, and the walk stays short enough to use.
      const reached = (selector: string) => stops.some((s) => s.matches(selector));
      expect(reached('button[aria-label="Reset"]'), 'the run controls').toBe(true);
      expect(reached('.hs-keyboard-help summary'), 'the keyboard help').toBe(true);
      expect(reached('[data-testid="open-elf"]'), 'Open ELF…').toBe(true);
      expect(reached('.cm-content'), 'the editor').toBe(true);
      expect(reached('.hs-dis-line'), 'the disassembly').toBe(true);
      expect(reached('[role="grid"][aria-label="Memory bytes"]'), 'the memory grid').toBe(true);
      expect(reached('[data-testid="reg-x1"]'), 'a register').toBe(true);
      expect(reached('.hs-trap-row'), 'a trap row').toBe(true);
      expect(reached('.xterm-helper-textarea'), 'the console').toBe(true);
      expect(reached('.area-csrs .pane-body'), 'the scrollable CSR pane').toBe(true);
      // The disassembly and the console are one stop each (the console does not keep Tab for the guest).
      expect(stops.filter((s) => s.matches('.hs-dis-line, .hs-dis-line *'))).toHaveLength(1);
      expect(stops.filter((s) => s.closest('.hs-terminal'))).toHaveLength(1);
      expect(stops.length).toBeLessThan(120);
    },
  );

  it('edits a register while paused: Tab to it, Enter, type, Enter', async () => {
    const screen = await loadHello();
    await userEvent.keyboard('{F11}'); // one step: the machine is paused
    await expect.element(screen.getByTestId('pc')).toHaveTextContent('0x0000_0000_8000_0004');
    const cell = screen.getByTestId('reg-x5').element() as HTMLElement;
    for (let i = 0; i < 120 && document.activeElement !== cell; i++) await tab();
    expect(document.activeElement).toBe(cell);
    expect(ringProblem(cell)).toBeNull();
    await userEvent.keyboard('{Enter}');
    const input = screen.getByRole('textbox', { name: 'new value for x5' });
    await expect.element(input).toHaveFocus();
    await userEvent.keyboard('{Control>}a{/Control}0x1234abcd{Enter}');
    // The value went to the worker and came back in the next state.
    await expect.element(screen.getByTestId('reg-x5')).toHaveTextContent('0x0000_0000_1234_abcd');
    await expect.element(screen.getByTestId('reg-x5-dec')).toHaveTextContent('305441741');
  });

  it('the page lists its keys, with how to leave the editor', async () => {
    const screen = await loadHello();
    const summary = screen.getByText('⌨ Keys').element();
    for (let i = 0; i < 40 && document.activeElement !== summary; i++) await userEvent.keyboard('{Tab}');
    expect(document.activeElement).toBe(summary);
    await userEvent.keyboard('{Enter}');
    const help = screen.getByRole('group', { name: 'Keyboard shortcuts' });
    await expect.element(help).toBeVisible();
    const rows = [...help.element().querySelectorAll('tr')].map((tr) =>
      [...tr.children].map((c) => c.textContent).join(': '),
    );
    expect(rows).toContain('Esc, then Tab: leave the editor (in the editor, Tab alone indents)');
    expect(rows).toContain('Tab: console: leave it (typing goes to the guest; Ctrl+I types a tab)');
    expect(rows.some((r) => r.startsWith('F5 / Space: run or pause'))).toBe(true);
  });
});
