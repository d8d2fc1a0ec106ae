/** TrapLog in Chromium: cause names, modes, VM exits with SBI names, jumping, bounded length. */
import { describe, expect, it, vi } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { TrapLog, type TrapLogEntry } from '../../../ui/panels/TrapLog';
import { shoot, Themed } from './shots';

const ecallFromU: TrapLogEntry = {
  interrupt: false,
  cause: 8,
  fromPriv: 0,
  toPriv: 3,
  epc: 0x80000040n,
  tval: 0n,
  handler: 0x80000100n,
  instret: 57n,
};
const timer: TrapLogEntry = {
  interrupt: true,
  delegated: true,
  cause: 5,
  fromPriv: 1,
  toPriv: 1,
  epc: 0x80200010n,
  tval: 0n,
  handler: 0x80200200n,
  instret: 1200n,
};
// sbi_console_putchar served by the host: legacy extension 0x01 (SBI spec, chapter "Legacy Extensions").
const vmExit: TrapLogEntry = {
  interrupt: false,
  vmExit: true,
  cause: 9,
  fromPriv: 1,
  toPriv: 1,
  epc: 0x80200020n,
  tval: 0n,
  handler: 0n,
  instret: 1300n,
  sbi: { eid: 0x01, fid: 0 },
};
const dbcn: TrapLogEntry = { ...vmExit, instret: 1400n, sbi: { eid: 0x4442434e, fid: 0 } };

const cells = (row: Element) => [...row.querySelectorAll('td')].map((td) => td.textContent);

describe('TrapLog', () => {
  it('lists traps oldest first with cause, kind, modes, epc, tval and handler', async () => {
    const screen = await render(<TrapLog events={[ecallFromU, timer]} />);
    const rows = screen.container.querySelectorAll('tbody tr.hs-trap-row');
    expect(cells(rows[0])).toEqual([
      '57',
      'exception',
      'environment call from U-mode',
      'U → M',
      '0000_0000_8000_0040',
      '0000_0000_0000_0000',
      '0000_0000_8000_0100',
    ]);
    expect(cells(rows[1]).slice(0, 4)).toEqual(['1200', 'interrupt', 'supervisor timer interrupt', 'S → S']);
  });

  it('marks VM exits and names the SBI call', async () => {
    const screen = await render(<TrapLog events={[ecallFromU, vmExit, dbcn]} />);
    const rows = screen.container.querySelectorAll('tbody tr.hs-trap-row');
    expect(rows[0].classList.contains('hs-trap-vmexit')).toBe(false);
    expect(rows[1].classList.contains('hs-trap-vmexit')).toBe(true);
    expect(cells(rows[1]).slice(1, 4)).toEqual([
      'VM exit',
      'environment call from S-mode SBI legacy console_putchar',
      'S → host',
    ]);
    expect(cells(rows[2])[2]).toBe('environment call from S-mode SBI DBCN console_write');
  });

  // HART (issue 6): a trap return is a row of its own, not a trap with cause 0.
  const mretToU: TrapLogEntry = {
    interrupt: false,
    cause: 0,
    fromPriv: 3,
    toPriv: 0,
    epc: 0x80000120n,
    tval: 0n,
    handler: 0x80000044n,
    instret: 69n,
    xret: 'mret',
  };

  it('shows a trap return as a return: the xRET, the modes, its pc and where it returned to', async () => {
    const screen = await render(<TrapLog events={[ecallFromU, mretToU]} />);
    const rows = screen.container.querySelectorAll('tbody tr.hs-trap-row');
    expect(rows[1].classList.contains('hs-trap-return')).toBe(true);
    expect(cells(rows[1])).toEqual([
      '69',
      'return',
      'mret',
      'M → U',
      '0000_0000_8000_0120',
      '',
      '0000_0000_8000_0044',
    ]);
    await expect
      .element(screen.getByRole('row', { name: 'return: mret at 0x80000120 to 0x80000044' }))
      .toBeVisible();
  });

  it('calls onJump with the epc of the clicked row and the mode it was taken from', async () => {
    const onJump = vi.fn();
    const screen = await render(<TrapLog events={[ecallFromU, timer]} onJump={onJump} />);
    await screen.getByRole('row', { name: /supervisor timer interrupt/ }).click();
    // The timer interrupt came from S mode: its epc is an S-mode address, to be fetched as S mode would.
    expect(onJump).toHaveBeenCalledWith(0x80200010n, 1);
  });

  it('keeps at most `limit` rows, the newest, and says how many older ones are hidden', async () => {
    const events = Array.from({ length: 50 }, (_, i) => ({ ...ecallFromU, instret: BigInt(i) }));
    const screen = await render(<TrapLog events={events} limit={10} dropped={5} />);
    const rows = screen.container.querySelectorAll('tbody tr.hs-trap-row');
    expect(rows).toHaveLength(10);
    expect(cells(rows[0])[0]).toBe('40');
    expect(cells(rows[9])[0]).toBe('49');
    await expect.element(screen.getByText('45 older traps not shown')).toBeVisible();
  });

  it('looks like a debugger in light and dark', async () => {
    await page.viewport(1100, 500);
    await render(
      <Themed>
        <TrapLog events={[ecallFromU, mretToU, timer, vmExit, dbcn]} />
      </Themed>,
    );
    await shoot('trap-log');
  });
});
