/**
 * The Memory pane in the whole page (issue 5), with a real worker: paging.S stopped at a breakpoint after
 * it turned Sv39 on; the pane's Virtual (satp) view shows the message at virtual 0x40000000, '--' for the
 * unmapped page after it, and the selected byte's walk to vpage's physical address (from the program's own
 * symbols, as the page's assembler placed them). Screenshot of the pane.
 */
import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { assembleExample } from '../../../src/firmware-sources';
import { assembleAndLoad, renderApp, runToSourceLine, useAppHarness } from '../harness';

useAppHarness();

/** paging.S's `call put_hex` line after the load that faulted ran again: both pages are mapped there. */
const DONE_LINE = 103;

const rowText = (pane: Element, address: string) =>
  [
    ...(pane.querySelector(`.hs-mem-row[data-address="${address}"]`)?.querySelectorAll('.hs-mem-byte') ?? []),
  ].map((b) => b.textContent);

describe('the Memory pane by virtual address', () => {
  it(
    'shows paging.S memory as S-mode sees it, with the walk of the selected byte',
    { timeout: 120_000 },
    async () => {
      const image = assembleExample('paging').image!;
      const vpage = image.symbols.find((s) => s.name === 'vpage')!.address;
      const screen = await renderApp();
      await assembleAndLoad(screen, 'paging.S');

      await runToSourceLine(screen, DONE_LINE);
      await expect.element(screen.getByTestId('priv')).toHaveTextContent('S (supervisor)');

      const pane = document.querySelector('.area-memory')!;
      const memory = screen.getByRole('group', { name: 'Memory' });
      await expect.element(memory.getByText('paging is on')).toBeVisible();
      await userEvent.click(memory.getByRole('radio', { name: 'Virtual (satp)' }));
      await userEvent.fill(memory.getByPlaceholder('address or symbol'), '0x3ffffff0');
      await userEvent.keyboard('{Enter}');
      await expect.poll(() => rowText(pane, '40000000').slice(0, 5)).toEqual(['48', '65', '6c', '6c', '6f']);
      expect(rowText(pane, '3ffffff0')).toEqual(Array(16).fill('--'));
      await userEvent.fill(memory.getByPlaceholder('address or symbol'), '0x40000004');
      await userEvent.keyboard('{Enter}');
      const walk = () => pane.querySelector('[data-testid="mem-walk"]')?.textContent ?? '';
      await expect
        .poll(walk)
        .toContain(`virtual 0x40000004 → physical 0x${(vpage + 4).toString(16)} (4 KiB page, S-mode load)`);
      expect(walk()).toContain('VPN[2]=1 VPN[1]=0 VPN[0]=0');
      expect(walk()).toMatch(/level 0: PTE at 0x[0-9a-f]+ = 0x[0-9a-f]+ DA---WRV leaf/);
      await memory.screenshot({ path: '../../../test-results/panels/memory-pane-paging.png' });
      // The walk is under the rows: scrolled to, it is in the page for the student to read.
      pane.querySelector('[data-testid="mem-walk"]')!.scrollIntoView({ block: 'end' });
      await page.screenshot({ path: '../../../test-results/panels/memory-pane-paging-page.png' });
    },
  );
});
