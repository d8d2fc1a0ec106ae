import { describe, expect, it } from 'vitest';
import type { Machine } from '../../../emulator/machine';
import { csrValue, HAVE_GNU_AS, machineFor, NO_GNU_AS_MESSAGE, reg, runTo } from './harness';

/**
 * Sv39 (privileged spec, "Sv39: Page-Based 39-bit Virtual-Memory System" and "Virtual Address Translation
 * Process"). Each snippet builds its page tables in M-mode, turns paging on with satp and drops to S or U.
 * The code runs through an identity-mapped 1 GiB page at 0x80000000; test pages live in the low 2 MiB of the
 * virtual space: root[0] → l1, l1[0] → l0, l0[n] maps VA n × 4 KiB.
 */
if (!HAVE_GNU_AS) console.warn(NO_GNU_AS_MESSAGE);

const CSR = {
  stval: 0x143,
  scause: 0x142,
  sepc: 0x141,
  mstatus: 0x300,
  mepc: 0x341,
  mcause: 0x342,
  mtval: 0x343,
};
const V = 1;
const R = 2;
const W = 4;
const X = 8;
const U = 0x10;
const A = 0x40;
const D = 0x80;
const SUM = 1 << 18;
const MXR = 1 << 19;

interface Pte {
  table: 'root' | 'l1' | 'l0';
  index: number;
  /** A label (its physical address) or a literal physical address. */
  target: string | number;
  flags: number;
}

function pteAsm({ table, index, target, flags }: Pte): string {
  return `
    ${typeof target === 'string' ? `la t0, ${target}` : `li t0, 0x${target.toString(16)}`}
    srli t0, t0, 12
    slli t0, t0, 10
    ori t0, t0, ${flags}
    la t1, ${table}
    li t2, ${index * 8}
    add t1, t1, t2
    sd t0, 0(t1)`;
}

/** The data page's contents: dword i = 0x1111111111111111 × (i + 1) for the first 4. */
const PAGE_DWORDS = [0x1111111111111111n, 0x2222222222222222n, 0x3333333333333333n, 0x4444444444444444n];

interface Run {
  m: Machine;
  symbols: Map<string, number>;
  at: (label: string) => bigint;
  pte: (table: 'root' | 'l1' | 'l0', index: number) => bigint;
}

function runPaged(mode: 'S' | 'U', ptes: Pte[], body: string, mstatusBits = 0, setup = ''): Run {
  const code: Pte = {
    table: 'root',
    index: 2,
    target: 0x80000000,
    flags: V | R | W | X | A | D | (mode === 'U' ? U : 0),
  };
  const all: Pte[] = [
    { table: 'root', index: 0, target: 'l1', flags: V },
    { table: 'l1', index: 0, target: 'l0', flags: V },
    code,
    ...ptes,
  ];
  const { m, symbols } = machineFor(`
    la t0, done
    csrw mtvec, t0
    li t0, -1
    csrw pmpaddr0, t0
    li t0, 0x1f
    csrw pmpcfg0, t0
    ${all.map(pteAsm).join('\n')}
    la t0, root
    srli t0, t0, 12
    li t1, 8 << 60
    or t0, t0, t1
    csrw satp, t0
    sfence.vma
    li t0, ${mstatusBits}
    csrs mstatus, t0
    ${setup}
    li t0, 0x1800
    csrc mstatus, t0
    li t0, ${mode === 'S' ? 0x800 : 0}
    csrs mstatus, t0
    la t0, body
    csrw mepc, t0
    mret
  body:
    li a0, 0x55
    ${body}
    li s11, 1
  .align 2
  done: nop
  .align 12
  root: .zero 4096
  l1: .zero 4096
  l0: .zero 4096
  page: .dword ${PAGE_DWORDS.map((d) => `0x${d.toString(16)}`).join(', ')}
    .zero 4096 - 32
  page2: .dword 0x5555555555555555
    .zero 4096 - 8`);
  runTo(m, symbols);
  const at = (l: string): bigint => BigInt(symbols.get(l)!);
  const pte = (table: 'root' | 'l1' | 'l0', index: number): bigint => {
    const off = symbols.get(table)! - 0x80000000 + index * 8;
    return new DataView(m.ram.bytes.buffer, m.ram.bytes.byteOffset).getBigUint64(off, true);
  };
  return { m, symbols, at, pte };
}

function expectFault(r: Run, cause: bigint, vaddr: bigint, epc?: bigint): void {
  expect(csrValue(r.m, CSR.mcause)).toBe(cause);
  expect(csrValue(r.m, CSR.mtval)).toBe(vaddr);
  expect(csrValue(r.m, CSR.mepc)).toBe(epc ?? r.at('fault'));
  expect(reg(r.m, 's11')).toBe(0n);
  expect(reg(r.m, 'a0')).toBe(0x55n);
}

function expectNoFault(r: Run): void {
  expect(csrValue(r.m, CSR.mcause)).toBe(0n);
  expect(reg(r.m, 's11')).toBe(1n);
}

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
    expectNoFault(r);
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
    expectNoFault(r);
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
    expectNoFault(r);
    expect(r.pte('l0', 1) & BigInt(A | D)).toBe(BigInt(A));
    expect(r.pte('l0', 2) & BigInt(A | D)).toBe(BigInt(A | D));
    expect(r.pte('l0', 1) >> 10n).toBe(r.at('page') >> 12n); // the PPN is left alone
  });

  it('satp holds MODE = Sv39 and the root PPN; the trap into M-mode runs untranslated', () => {
    const r = runPaged('S', [], 'ecall');
    expect(csrValue(r.m, CSR.mcause)).toBe(9n);
    expect(csrValue(r.m, 0x180)).toBe((8n << 60n) | (r.at('root') >> 12n));
  });
});

describe.skipIf(!HAVE_GNU_AS)(
  'Sv39 page faults (cause 12 fetch, 13 load, 15 store/AMO; mtval = the virtual address)',
  () => {
    it('V = 0: load, store, AMO and fetch fault', () => {
      for (const [insn, cause] of [
        ['ld a1, 8(t1)', 13n],
        ['sd a1, 8(t1)', 15n],
        ['amoadd.d a1, a1, (t1)', 15n],
        ['lr.d a1, (t1)', 13n],
      ] as const) {
        const r = runPaged('S', [], `li t1, 0x3000\nfault: ${insn}`);
        expectFault(r, cause, insn.includes('8(t1)') ? 0x3008n : 0x3000n);
      }
      const f = runPaged('S', [], 'li t1, 0x3000\njalr ra, 4(t1)');
      expectFault(f, 12n, 0x3004n, 0x3004n);
    });

    // "If pte.v = 0, or if pte.r = 0 and pte.w = 1, ... stop and raise a page-fault exception corresponding to
    // the original access type."
    it('W without R is reserved: load and store fault', () => {
      const ptes: Pte[] = [{ table: 'l0', index: 4, target: 'page', flags: V | W | A | D }];
      expectFault(runPaged('S', ptes, 'li t1, 0x4000\nfault: ld a1, 0(t1)'), 13n, 0x4000n);
      expectFault(runPaged('S', ptes, 'li t1, 0x4000\nfault: sd a1, 16(t1)'), 15n, 0x4010n);
    });

    it('permissions: a store to a read-only page, a load from an execute-only page, a fetch from a no-X page', () => {
      expectFault(
        runPaged(
          'S',
          [{ table: 'l0', index: 1, target: 'page', flags: V | R | A }],
          'li t1, 0x1000\nfault: sd a1, 0(t1)',
        ),
        15n,
        0x1000n,
      );
      expectFault(
        runPaged(
          'S',
          [{ table: 'l0', index: 1, target: 'page', flags: V | X | A }],
          'li t1, 0x1000\nfault: lw a1, 4(t1)',
        ),
        13n,
        0x1004n,
      );
      const f = runPaged(
        'S',
        [{ table: 'l0', index: 1, target: 'page', flags: V | R | W | A | D }],
        'li t1, 0x1000\njr t1',
      );
      expectFault(f, 12n, 0x1000n, 0x1000n);
    });

    // "MXR ... When MXR=1, loads from pages marked either readable or executable (R=1 or X=1) will succeed."
    it('MXR makes execute-only pages readable', () => {
      const r = runPaged(
        'S',
        [{ table: 'l0', index: 1, target: 'page', flags: V | X | A }],
        'li t1, 0x1000\nld a1, 8(t1)',
        MXR,
      );
      expectNoFault(r);
      expect(reg(r.m, 'a1')).toBe(PAGE_DWORDS[1]);
    });

    // "U ... U-mode software may only access the page when U=1. If the SUM bit in the sstatus register is set,
    // supervisor mode software may also access pages with U=1. However, supervisor code normally operates with
    // the SUM bit clear, in which case, supervisor code will fault on accesses to user-mode pages. Irrespective
    // of SUM, the supervisor may not execute code on pages with U=1."
    it('U-bit rules and SUM', () => {
      const userPage: Pte[] = [{ table: 'l0', index: 5, target: 'page', flags: V | R | W | X | U | A | D }];
      expectFault(runPaged('S', userPage, 'li t1, 0x5000\nfault: ld a1, 0(t1)'), 13n, 0x5000n);
      expectFault(runPaged('S', userPage, 'li t1, 0x5000\nfault: sd a1, 0(t1)'), 15n, 0x5000n);
      const sum = runPaged('S', userPage, 'li t1, 0x5000\nld a1, 0(t1)\nsd a1, 8(t1)', SUM);
      expectNoFault(sum);
      expect(reg(sum.m, 'a1')).toBe(PAGE_DWORDS[0]);
      expectFault(runPaged('S', userPage, 'li t1, 0x5000\njr t1', SUM), 12n, 0x5000n, 0x5000n);

      const supervisorPage: Pte[] = [{ table: 'l0', index: 6, target: 'page', flags: V | R | W | X | A | D }];
      expectFault(runPaged('U', supervisorPage, 'li t1, 0x6000\nfault: ld a1, 0(t1)'), 13n, 0x6000n);
      expectFault(runPaged('U', supervisorPage, 'li t1, 0x6000\nfault: ld a1, 0(t1)', SUM), 13n, 0x6000n);
      const user = runPaged('U', userPage, 'li t1, 0x5000\nld a1, 24(t1)');
      expectNoFault(user);
      expect(reg(user.m, 'a1')).toBe(PAGE_DWORDS[3]);
    });

    // "Instruction fetch addresses and load and store effective addresses, which are 64 bits, must have bits
    // 63–39 all equal to bit 38, or else a page-fault exception will occur." The low 39 bits here are mapped.
    it('non-canonical addresses fault even when their low 39 bits are mapped', () => {
      const ptes: Pte[] = [{ table: 'l0', index: 1, target: 'page', flags: V | R | W | X | A | D }];
      expectFault(
        runPaged('S', ptes, 'li t1, 0x8000000000001000\nfault: ld a1, 0(t1)'),
        13n,
        0x8000000000001000n,
      );
      expectFault(runPaged('S', ptes, 'li t1, 0x0000008000001000\nfault: sd a1, 0(t1)'), 15n, 0x8000001000n);
      expectFault(
        runPaged('S', ptes, 'li t1, 0xffffff0000001000\njr t1'),
        12n,
        0xffffff0000001000n,
        0xffffff0000001000n,
      );
    });

    // "If i > 0 and pte.ppn[i−1:0] ≠ 0, this is a misaligned superpage; stop and raise a page-fault exception".
    it('misaligned superpages fault', () => {
      expectFault(
        runPaged(
          'S',
          [{ table: 'l1', index: 2, target: 0x80001000, flags: V | R | W | A | D }],
          'li t1, 0x400000\nfault: ld a1, 0(t1)',
        ),
        13n,
        0x400000n,
      );
      expectFault(
        runPaged(
          'S',
          [{ table: 'root', index: 3, target: 0x80200000, flags: V | R | W | A | D }],
          'li t1, 0xc0000000\nfault: sd a1, 0(t1)',
        ),
        15n,
        0xc0000000n,
      );
    });

    // Sv39 PTE bits 63:54 "are reserved for future standard use ... If any of these bits are set, a page-fault
    // exception is raised" (Svpbmt and Svnapot, which would give some of them a meaning, are not implemented).
    it('a leaf PTE with a reserved high bit set is a page fault', () => {
      const r = runPaged(
        'S',
        [{ table: 'l0', index: 1, target: 'page', flags: V | R | W | A | D }],
        'li t1, 0x1000\nfault: ld a1, 0(t1)',
        0,
        `
      la t1, l0
      ld t0, 8(t1)
      li t2, 1 << 60
      or t0, t0, t2
      sd t0, 8(t1)`,
      );
      expectFault(r, 13n, 0x1000n);
    });

    // "If accessing pte violates a PMA or PMP check, raise an access-fault exception corresponding to the
    // original access type." A root table where nothing exists makes the first S-mode fetch's walk fail.
    it('a page-table walk that reads from nowhere is an access fault, not a page fault', () => {
      const { m, symbols } = machineFor(`
      la t0, done
      csrw mtvec, t0
      li t0, -1
      csrw pmpaddr0, t0
      li t0, 0x1f
      csrw pmpcfg0, t0
      li t0, (8 << 60) | 0x1
      csrw satp, t0
      li t0, 0x1800
      csrc mstatus, t0
      li t0, 0x800
      csrs mstatus, t0
      la t0, body
      csrw mepc, t0
      mret
    body:
      nop
    .align 2
    done: nop`);
      runTo(m, symbols);
      expect(csrValue(m, CSR.mcause)).toBe(1n);
      expect(csrValue(m, CSR.mepc)).toBe(BigInt(symbols.get('body')!));
      expect(csrValue(m, CSR.mtval)).toBe(BigInt(symbols.get('body')!));
    });

    // A 32-bit instruction whose second half lies on an unmapped page: mepc = the instruction's address;
    // "mtval may point to the portion of the instruction that caused the fault while mepc points to the
    // beginning of the instruction" (either address is allowed).
    it('a 32-bit instruction straddling into an unmapped page raises an instruction page fault', () => {
      const r = runPaged(
        'S',
        [{ table: 'l0', index: 1, target: 'page', flags: V | R | X | A }],
        'li t1, 0x1ffe\njr t1',
        0,
        `
      la t1, page
      li t2, 0xffe
      add t1, t1, t2
      li t0, 0x0513
      sh t0, 0(t1)`,
      );
      expect(csrValue(r.m, CSR.mcause)).toBe(12n);
      expect(csrValue(r.m, CSR.mepc)).toBe(0x1ffen);
      expect([0x1ffen, 0x2000n]).toContain(csrValue(r.m, CSR.mtval));
    });

    it('a pointer PTE at the last level is a page fault', () => {
      expectFault(
        runPaged(
          'S',
          [{ table: 'l0', index: 7, target: 'page', flags: V }],
          'li t1, 0x7000\nfault: ld a1, 0(t1)',
        ),
        13n,
        0x7000n,
      );
    });

    // Delegated page faults: "the stval register is written with ... the faulting virtual address".
    it('page faults from U-mode with medeleg[12,13,15] are taken in S-mode with stval = the address', () => {
      const setup = 'li t0, (1 << 12) | (1 << 13) | (1 << 15)\ncsrw medeleg, t0\nla t0, done\ncsrw stvec, t0';
      for (const [insn, cause, tval] of [
        ['ld a1, 0(t1)', 13n, 0x3010n],
        ['sw a1, 4(t1)', 15n, 0x3014n],
        ['jalr t1', 12n, 0x3010n],
      ] as const) {
        const r = runPaged('U', [], `li t1, 0x3010\nfault: ${insn}`, 0, setup);
        expect(r.m.hart.priv).toBe(1);
        expect(csrValue(r.m, CSR.scause)).toBe(cause);
        expect(csrValue(r.m, CSR.stval)).toBe(tval);
        expect(csrValue(r.m, CSR.sepc)).toBe(cause === 12n ? 0x3010n : r.at('fault'));
        expect(csrValue(r.m, CSR.mcause)).toBe(0n);
      }
    });
  },
);

describe.skipIf(!HAVE_GNU_AS)('MPRV', () => {
  // "When MPRV=1, load and store memory addresses are translated and protected, and endianness is applied, as
  // though the current privilege mode were set to MPP. Instruction address-translation and protection are
  // unaffected by the setting of MPRV."
  function runM(mpp: number, body: string): Run {
    const { m, symbols } = machineFor(`
      la t0, done
      csrw mtvec, t0
      li t0, -1
      csrw pmpaddr0, t0
      li t0, 0x1f
      csrw pmpcfg0, t0
      ${[
        { table: 'root', index: 0, target: 'l1', flags: V },
        { table: 'l1', index: 0, target: 'l0', flags: V },
        { table: 'l0', index: 1, target: 'page', flags: V | R | W | A | D },
        { table: 'l0', index: 2, target: 'page', flags: V | R | W | U | A | D },
      ]
        .map((p) => pteAsm(p as Pte))
        .join('\n')}
      la t0, root
      srli t0, t0, 12
      li t1, 8 << 60
      or t0, t0, t1
      csrw satp, t0
      li t0, 0x1800
      csrc mstatus, t0
      li t0, (${mpp} << 11) | (1 << 17)
      csrs mstatus, t0
      li a0, 0x55
      ${body}
      li s11, 1
    .align 2
    done: nop
    .align 12
    root: .zero 4096
    l1: .zero 4096
    l0: .zero 4096
    page: .dword 0x1111111111111111, 0x2222222222222222
      .zero 4096 - 16`);
    runTo(m, symbols);
    return { m, symbols, at: (l) => BigInt(symbols.get(l)!), pte: () => 0n };
  }

  it('M-mode loads with MPRV = 1 and MPP = S are translated (and instruction fetch is not)', () => {
    const r = runM(1, 'li t1, 0x1000\nld a1, 8(t1)');
    expectNoFault(r);
    expect(reg(r.m, 'a1')).toBe(0x2222222222222222n);
  });

  it('MPRV = 1, MPP = U: a supervisor page faults, a user page works', () => {
    const r = runM(0, 'li t1, 0x1000\nfault: ld a1, 8(t1)');
    expectFault(r, 13n, 0x1008n);
    expect(r.m.hart.priv).toBe(3);
    const ok = runM(0, 'li t1, 0x2000\nld a1, 0(t1)');
    expectNoFault(ok);
    expect(reg(ok.m, 'a1')).toBe(0x1111111111111111n);
  });

  it('MPRV = 1, MPP = M: no translation', () => {
    const r = runM(3, 'la t1, page\nld a1, 0(t1)');
    expectNoFault(r);
    expect(reg(r.m, 'a1')).toBe(0x1111111111111111n);
  });
});
