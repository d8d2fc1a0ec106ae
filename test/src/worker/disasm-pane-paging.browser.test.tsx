/**
 * The Disassembly pane in the whole page with a real worker (issue 5): before paging.S turns Sv39 on it says
 * its addresses are physical; stopped at a breakpoint after, with the hart in S mode and satp Sv39, it says
 * 'virtual (Sv39)' and still shows the pc line (paging.S's code is identity-mapped by a gigapage, so the
 * instruction is the same as physically). Screenshot of the pane.
 */
import { describe, expect, it } from 'vitest';
import { assembleAndLoad, renderApp, runToSourceLine, useAppHarness } from '../../ui/harness';

useAppHarness();

/** paging.S's `call put_hex` line after the load that faulted ran again (memory-pane-paging uses it too). */
const DONE_LINE = 103;

describe('the Disassembly pane with paging on', () => {
  it('says which addresses it shows, and follows pc in S mode with Sv39', { timeout: 120_000 }, async () => {
    const screen = await renderApp();
    await assembleAndLoad(screen, 'paging.S');
    const spaceText = () => document.querySelector('[data-testid="disassembly-space"]')?.textContent;
    await expect.poll(spaceText).toBe('addresses: physical');

    await runToSourceLine(screen, DONE_LINE);
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
