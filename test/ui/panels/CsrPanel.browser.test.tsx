/** CsrPanel in Chromium: decoded fields from the spec's bit positions, changes highlighted, PMP entries. */
import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { CsrPanel } from '../../../ui/panels/CsrPanel';
import { shoot, Themed } from './shots';

// As after the hartscope monitor's boot has taken an ecall from S-mode (values worked out by hand):
const CSRS: Record<string, bigint> = {
  mstatus: 0x0000000a00001880n, // MPP=M (12:11 = 11), MPIE (bit 7), UXL=SXL=64
  mtvec: 0x80000101n, // BASE 0x8000_0100, Vectored
  mepc: 0x80200010n,
  mcause: 9n, // environment call from S-mode
  mtval: 0n,
  mscratch: 0x80010000n,
  mie: 0x888n, // MEIE, MTIE, MSIE
  mip: 0x80n, // MTIP
  medeleg: 0xb109n,
  mideleg: 0x222n,
  mcounteren: 0x2n,
  sstatus: 0x0000000200000122n, // UXL=64, SPP=S, SPIE, SIE
  stvec: 0x80200100n,
  sepc: 0x80200040n,
  scause: 0x8000000000000005n, // supervisor timer interrupt
  stval: 0n,
  sscratch: 0n,
  sie: 0x222n,
  sip: 0x20n,
  satp: (8n << 60n) | (1n << 44n) | 0x80203n,
  scounteren: 0x7n,
  pmpcfg0: 0x0f1fn, // entry 0 NAPOT RWX; entry 1 TOR RWX
  pmpaddr0: 0x2003ffffn,
  pmpaddr1: 0x3fffffffffffffn,
  pmpaddr2: 0n,
  pmpaddr3: 0n,
};

const fields = (el: Element) => [...el.querySelectorAll('.hs-csr-field')].map((f) => f.textContent);

describe('CsrPanel', () => {
  it('decodes mstatus, mcause, mtvec, satp and the interrupt bits', async () => {
    const screen = await render(<CsrPanel csrs={CSRS} priv={1} />);
    const mstatus = screen.getByTestId('csr-mstatus-fields').element();
    expect(fields(mstatus)).toEqual(
      expect.arrayContaining([
        'MPP=M',
        'MPIE=1',
        'MIE=0',
        'SIE=0',
        'UXL=64',
        'SXL=64',
        'MPRV=0',
        'TVM=0',
        'SD=0',
      ]),
    );
    expect(fields(screen.getByTestId('csr-mcause-fields').element())).toEqual([
      'Interrupt=0 (exception)',
      'Code=9 environment call from S-mode',
    ]);
    expect(fields(screen.getByTestId('csr-scause-fields').element())).toEqual([
      'Interrupt=1 (interrupt)',
      'Code=5 supervisor timer interrupt',
    ]);
    expect(fields(screen.getByTestId('csr-mtvec-fields').element())).toEqual([
      'BASE=0x80000100',
      'MODE=Vectored',
    ]);
    expect(fields(screen.getByTestId('csr-satp-fields').element())).toEqual([
      'MODE=Sv39',
      'ASID=1',
      'PPN=0x80203 (root 0x80203000)',
    ]);
    expect(fields(screen.getByTestId('csr-mip-fields').element())).toEqual([
      'SSIP=0',
      'MSIP=0',
      'STIP=0',
      'MTIP=1',
      'SEIP=0',
      'MEIP=0',
    ]);
    expect(fields(screen.getByTestId('csr-sie-fields').element())).toEqual(['SSIE=1', 'STIE=1', 'SEIE=1']);
    expect(fields(screen.getByTestId('csr-mideleg-fields').element())).toEqual([
      'supervisor software interrupt',
      'supervisor timer interrupt',
      'supervisor external interrupt',
    ]);
    await expect.element(screen.getByTestId('csr-priv')).toHaveTextContent('S (supervisor)');
  });

  it('decodes the first PMP entries: permissions, mode and address range', async () => {
    const screen = await render(<CsrPanel csrs={CSRS} priv={3} />);
    const cells = (i: number) =>
      [...screen.getByTestId(`pmp-${i}`).element().children].map((c) => c.textContent);
    expect(cells(0)).toEqual(['0', '1f', 'RWX', 'NAPOT', '-', '0000_0000_8000_0000 .. 0000_0000_801f_ffff']);
    // TOR from pmpaddr0 << 2 = 0x800f_fffc up to pmpaddr1 << 2 = 2^56 - 4 (exclusive).
    expect(cells(1)).toEqual(['1', '0f', 'RWX', 'TOR', '-', '0000_0000_800f_fffc .. 00ff_ffff_ffff_fffb']);
    expect(cells(2)).toEqual(['2', '00', '---', 'OFF', '-', '-']);
  });

  it('highlights the CSRs and the fields that changed since the previous pause', async () => {
    const previous = { ...CSRS, mstatus: 0x0000000a00000008n, mepc: 0x80200000n }; // MIE was 1, MPP was U
    const screen = await render(<CsrPanel csrs={CSRS} previous={previous} priv={3} />);
    const changedFields = [...screen.container.querySelectorAll('.hs-csr-field.hs-changed')].map(
      (f) => f.textContent,
    );
    expect(changedFields.sort()).toEqual(['MIE=0', 'MPIE=1', 'MPP=M']);
    const changedRows = [...screen.container.querySelectorAll('tr.hs-csr-changed th')].map(
      (th) => th.textContent,
    );
    expect(changedRows).toEqual(['mstatus', 'mepc']);
  });

  it('looks like a debugger in light and dark', async () => {
    await page.viewport(1150, 1500);
    const previous = { ...CSRS, mstatus: 0x0000000a00000008n, mepc: 0x80200000n };
    await render(
      <Themed>
        <CsrPanel csrs={CSRS} previous={previous} priv={1} />
      </Themed>,
    );
    await shoot('csr-panel');
  });
});
