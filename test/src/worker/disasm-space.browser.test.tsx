/**
 * The disassembly pane says which addresses it shows (issue 5): 'virtual (Sv39)' while the hart fetches
 * through Sv39 (S or U mode with satp Sv39), physical otherwise; and lines the hart cannot fetch show the
 * walk's reason. The lines are those session-disasm-virtual.test.ts checks against GNU objdump (the code at
 * 0xffffffffc0000000, then a page that is not executable); screenshots in test-results/panels/.
 */
import { describe, expect, it, vi } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import type { DisasmLine } from '../../../src/worker/emulator-api';
import { DisassemblyView, fetchSpaceLabel } from '../../../ui/panels/DisassemblyView';
import { shoot, Themed } from '../../ui/panels/shots';

const V = 0xffff_ffff_c000_0000n;
const code = (offset: bigint, word: number, text: string): DisasmLine => ({
  address: V + offset,
  word,
  length: 4,
  text,
  label: null,
  source: null,
});
const NX = '(not executable: the page is not executable (X=0) for S mode)';
const LINES: DisasmLine[] = [
  code(0x0n, 0x00100513, 'li\ta0,1'),
  code(0x4n, 0x00000597, 'auipc\ta1,0x0'),
  code(0x8n, 0x00c58593, 'add\ta1,a1,12 # ffffffffc0000010'),
  code(0xcn, 0x0080006f, 'j\tffffffffc0000014'),
  code(0x10n, 0x00150513, 'add\ta0,a0,1'),
  code(0x14n, 0x0005b603, 'ld\ta2,0(a1)'),
  code(0x18n, 0xfe051ee3, 'bnez\ta0,ffffffffc0000014'),
  code(0x1cn, 0x00100073, 'ebreak'),
  { address: V + 0x1000n, word: null, length: 2, text: NX, label: null, source: null },
  { address: V + 0x1002n, word: null, length: 2, text: NX, label: null, source: null },
];

describe('the disassembly pane names its address space', () => {
  it('follows the rule the worker uses: Sv39 and S or U mode is virtual, else physical', () => {
    const sv39 = (8n << 60n) | 0x80006n;
    expect(fetchSpaceLabel(1, sv39)).toBe('virtual (Sv39)');
    expect(fetchSpaceLabel(0, sv39)).toBe('virtual (Sv39)');
    expect(fetchSpaceLabel(3, sv39)).toBe('physical (M mode: fetches are not translated)');
    expect(fetchSpaceLabel(1, 0n)).toBe('physical');
    // A trap's epc from S mode shown while the hart is in M mode: fetched as S mode, and the label says so.
    expect(fetchSpaceLabel(3, sv39, 1)).toBe('virtual (Sv39, as S-mode fetches see it)');
    expect(fetchSpaceLabel(1, sv39, 1)).toBe('virtual (Sv39)');
    expect(fetchSpaceLabel(1, sv39, 3)).toBe('physical (M mode: fetches are not translated)');
  });

  it('shows the label above the lines, 64-bit addresses and the reason a page cannot be fetched', async () => {
    await page.viewport(900, 600);
    const screen = await render(
      <Themed>
        <DisassemblyView
          lines={LINES}
          pc={V + 0xcn}
          breakpoints={[]}
          onToggleBreakpoint={vi.fn()}
          onRunToHere={vi.fn()}
          rows={12}
          space={fetchSpaceLabel(1, 8n << 60n)}
        />
      </Themed>,
    );
    const label = screen.getByTestId('disassembly-space').first();
    await expect.element(label).toHaveTextContent('addresses: virtual (Sv39)');
    const pane = screen.getByTestId('theme-light');
    const current = document.querySelector('[data-testid="theme-light"] [data-current]');
    expect(current?.textContent).toContain('ffffffffc000000c:');
    expect(current?.textContent).toMatch(/j +ffffffffc0000014/);
    await expect.element(pane.getByText(/not executable \(X=0\) for S mode/).first()).toBeVisible();
    await shoot('disassembly-virtual');
  });
});
