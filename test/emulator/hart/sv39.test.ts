import { describe, expect, it } from 'vitest';
import { CSR } from '../../../emulator/hart/csr-numbers';
import { csrValue, HAVE_GNU_AS, NO_GNU_AS_MESSAGE, reg, runTo } from './harness';
import {
  A,
  D,
  expectFault,
  PAGE_DWORDS,
  pteAsm,
  R,
  runPaged,
  SATP_SV39,
  TABLES,
  U,
  V,
  W,
  type Pte,
} from './paging';
import { expectNoTrap, markedBody, OPEN_PMP, start, type Started } from './snippets';

/**
 * Sv39 (privileged spec, "Sv39: Page-Based 39-bit Virtual-Memory System" and "Virtual Address Translation
 * Process"): translation through 4 KiB pages and superpages, the A and D bits, satp, and MPRV. Page faults
 * are in sv39-faults.test.ts; paging.ts builds the page tables.
 */
if (!HAVE_GNU_AS) console.warn(NO_GNU_AS_MESSAGE);

describe.skipIf(!HAVE_GNU_AS)('Sv39 translation', () => {
  it('4 KiB pages: loads and stores go to the mapped physical page', () => {
    const r = runPaged(
      'S',
      [
        { table: 'l0', index: 1, target: 'page', flags: V | R | W },
        { table: 'l0', index: 2, target: 'page2', flags: V | R | W },
      ],
      `
      li t1, 0x1000
      ld a1, 8(t1)
      li t2, 0x2000
      ld a2, 0(t2)
      li t3, 0x0123456789abcdef
      sd t3, 24(t1)
      lw a3, 24(t1)
      la t4, page
      ld a4, 24(t4)`,
    );
    expectNoTrap(r.m);
    expect(reg(r.m, 'a1')).toBe(PAGE_DWORDS[1]);
    expect(reg(r.m, 'a2')).toBe(0x5555555555555555n);
    expect(reg(r.m, 'a3')).toBe(0xffffffff89abcdefn);
    expect(reg(r.m, 'a4')).toBe(0x0123456789abcdefn); // the store reached the physical page
  });

  // "Any level of PTE may be a leaf PTE, so in addition to 4 KiB pages, Sv39 supports 2 MiB megapages and
  // 1 GiB gigapages": the low VPN fields of the address pass through untranslated.
  it('a 2 MiB megapage and a 1 GiB gigapage map their whole range', () => {
    const r = runPaged(
      'S',
      [
        { table: 'l1', index: 1, target: 0x80000000, flags: V | R | W },
        { table: 'root', index: 1, target: 0x80000000, flags: V | R | W },
      ],
      `
      la t0, page
      li t1, 0x80000000
      sub t0, t0, t1
      li t1, 0x200000
      add t1, t1, t0
      ld a1, 16(t1)
      li t2, 0x40000000
      add t2, t2, t0
      ld a2, 24(t2)
      li t3, 0x77
      sd t3, 0(t2)
      ld a3, 0(t1)`,
    );
    expectNoTrap(r.m);
    expect(reg(r.m, 'a1')).toBe(PAGE_DWORDS[2]);
    expect(reg(r.m, 'a2')).toBe(PAGE_DWORDS[3]);
    expect(reg(r.m, 'a3')).toBe(0x77n);
  });

  // "If pte.a = 0, or if the original memory access is a store and pte.d = 0 ... the implementation may
  // either raise a page-fault exception or ... set pte.a to 1 and, if the memory access is a store, also set
  // pte.d to 1" (Svadu behaviour, which QEMU implements).
  it('the walk sets A on a load and A and D on a store', () => {
    const r = runPaged(
      'S',
      [
        { table: 'l0', index: 1, target: 'page', flags: V | R | W },
        { table: 'l0', index: 2, target: 'page2', flags: V | R | W },
      ],
      `
      li t1, 0x1000
      ld a1, 0(t1)
      li t2, 0x2000
      sd a1, 0(t2)`,
    );
    expectNoTrap(r.m);
    expect(r.pte('l0', 1) & BigInt(A | D)).toBe(BigInt(A));
    expect(r.pte('l0', 2) & BigInt(A | D)).toBe(BigInt(A | D));
    expect(r.pte('l0', 1) >> 10n).toBe(r.at('page') >> 12n); // the PPN is left alone
  });

  it('satp holds MODE = Sv39 and the root PPN; the trap into M-mode runs untranslated', () => {
    const r = runPaged('S', [], 'ecall');
    expect(csrValue(r.m, CSR.mcause)).toBe(9n);
    expect(csrValue(r.m, CSR.satp)).toBe((8n << 60n) | (r.at('root') >> 12n));
  });
});

describe.skipIf(!HAVE_GNU_AS)('MPRV', () => {
  // "When MPRV=1, load and store memory addresses are translated and protected, and endianness is applied, as
  // though the current privilege mode were set to MPP. Instruction address-translation and protection are
  // unaffected by the setting of MPRV."
  // VA 0x1000 maps `page` for S only, VA 0x2000 maps it for U.
  const ptes: Pte[] = [
    { table: 'root', index: 0, target: 'l1', flags: V },
    { table: 'l1', index: 0, target: 'l0', flags: V },
    { table: 'l0', index: 1, target: 'page', flags: V | R | W | A | D },
    { table: 'l0', index: 2, target: 'page', flags: V | R | W | U | A | D },
  ];
  function runM(mpp: number, body: string): Started {
    const started = start(`
      la t0, done
      csrw mtvec, t0
      ${OPEN_PMP}
      ${ptes.map(pteAsm).join('\n')}
      ${SATP_SV39}
      li t0, 0x1800
      csrc mstatus, t0
      li t0, (${mpp} << 11) | (1 << 17)
      csrs mstatus, t0
      ${markedBody(body)}
    ${TABLES}
    page: .dword 0x1111111111111111, 0x2222222222222222
      .zero 4096 - 16`);
    runTo(started.m, started.symbols);
    return started;
  }

  it('M-mode loads with MPRV = 1 and MPP = S are translated (and instruction fetch is not)', () => {
    const r = runM(1, 'li t1, 0x1000\nld a1, 8(t1)');
    expectNoTrap(r.m);
    expect(reg(r.m, 'a1')).toBe(0x2222222222222222n);
  });

  it('MPRV = 1, MPP = U: a supervisor page faults, a user page works', () => {
    const r = runM(0, 'li t1, 0x1000\nfault: ld a1, 8(t1)');
    expectFault(r, 13n, 0x1008n);
    expect(r.m.hart.priv).toBe(3);
    const ok = runM(0, 'li t1, 0x2000\nld a1, 0(t1)');
    expectNoTrap(ok.m);
    expect(reg(ok.m, 'a1')).toBe(0x1111111111111111n);
  });

  it('MPRV = 1, MPP = M: no translation', () => {
    const r = runM(3, 'la t1, page\nld a1, 0(t1)');
    expectNoTrap(r.m);
    expect(reg(r.m, 'a1')).toBe(0x1111111111111111n);
  });
});
