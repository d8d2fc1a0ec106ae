/**
 * The Disassembly pane in the whole page with a real worker (issue 5): before paging.S turns Sv39 on it says
 * its addresses are physical; stopped at a breakpoint after, with the hart in S mode and satp Sv39, it says
 * 'virtual (Sv39)' and still shows the pc line (paging.S's code is identity-mapped by a gigapage, so the
 * instruction is the same as physically). Screenshot of the pane.
 */
import { afterEach, describe, expect, it } from 'vitest';
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
afterEach(() => {
  for (const c of connections.splice(0)) c.terminate();
});

/** paging.S's `call put_hex` line after the load that faulted ran again (memory-pane-paging uses it too). */
const DONE_LINE = 103;

describe('the Disassembly pane with paging on', () => {
  it('says which addresses it shows, and follows pc in S mode with Sv39', { timeout: 120_000 }, async () => {
    await page.viewport(1440, 900);
    const screen = await render(<App connect={connect} />);
    await screen.getByRole('combobox', { name: 'Example' }).selectOptions('paging.S');
    await screen.getByRole('button', { name: /assemble/i }).click();
    await expect.element(screen.getByTestId('status'), { timeout: 20_000 }).toHaveTextContent('ready');
    const spaceText = () => document.querySelector('[data-testid="disassembly-space"]')?.textContent;
    await expect.poll(spaceText).toBe('addresses: physical');

    const scroller = document.querySelector<HTMLElement>('.cm-scroller')!;
    const lineHeight = document.querySelector<HTMLElement>('.cm-line')!.getBoundingClientRect().height;
    scroller.scrollTop = (DONE_LINE - 5) * lineHeight;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const numbers = [...document.querySelectorAll<HTMLElement>('.cm-lineNumbers .cm-gutterElement')];
    const top = numbers.find((e) => e.textContent === String(DONE_LINE))!.getBoundingClientRect().top;
    const cell = [...document.querySelectorAll<HTMLElement>('.hs-ed-bp-gutter .cm-gutterElement')].find(
      (e) => Math.abs(e.getBoundingClientRect().top - top) < 2,
    );
    await userEvent.click(cell!);
    await expect.poll(() => document.querySelectorAll('.hs-ed-bp').length).toBe(1);
    await screen.getByRole('button', { name: 'Run', exact: true }).click();
    await expect
      .element(screen.getByTestId('status'), { timeout: 60_000 })
      .toHaveTextContent('stopped at a breakpoint');
    await expect.element(screen.getByTestId('priv')).toHaveTextContent('S (supervisor)');
    await expect.poll(spaceText).toBe('addresses: virtual (Sv39)');
    const current = () => document.querySelector('.area-disasm [data-current]')?.textContent ?? '';
    await expect.poll(current).toMatch(/auipc|jal/);
    expect(document.querySelector('.area-disasm')!.textContent).not.toContain('not executable');
    await screen
      .getByRole('group', { name: 'Disassembly' })
      .screenshot({ path: '../../../test-results/panels/disassembly-pane-paging.png' });
  });
});
