import { describe, expect, it } from 'vitest';
import { Access } from '../../../emulator/hart/privilege';
import { Tlb } from '../../../emulator/hart/tlb';
import { HAVE_GNU_AS, NO_GNU_AS_MESSAGE, reg, runTo } from './harness';
import {
  A,
  D,
  expectFault,
  MXR,
  PAGE_DWORDS,
  pteAsm,
  R,
  runPaged,
  SATP_SV39,
  SUM,
  TABLES,
  U,
  V,
  W,
  X,
  type Pte,
  type Table,
} from './paging';
import { expectNoTrap, markedBody, OPEN_PMP, start } from './snippets';

/**
 * The software TLB must never change what a program sees. The privileged spec ("Virtual Address Translation
 * Process", "Supervisor Memory-Management Fence Instruction") lets a hart keep a stale translation until
 * sfence.vma, so these tests only check the points where the new state must be used: after sfence.vma, after
 * a satp write, after a change of privilege, SUM, MXR, MPRV/MPP or PMP. Each test first makes the hart use
 * (and so cache) the old translation, then changes one thing and checks the next access sees the change.
 */
if (!HAVE_GNU_AS) console.warn(NO_GNU_AS_MESSAGE);

/** Write PTE `index` of the table at label `table` (any label, not only root/l1/l0) from the running code. */
const setPte = (table: string, index: number, target: string | number, flags: number): string =>
  pteAsm({ table: table as Table, index, target, flags });

describe('Tlb (the data structure)', () => {
  it('returns a filled translation for the same page and access only, and nothing after a flush', () => {
    const tlb = new Tlb();
    expect(tlb.lookup(0x1234, 0, Access.Load)).toBe(-1);
    tlb.fill(0x1234, 0, Access.Load, 0x80005234);
    expect(tlb.lookup(0x1ff8, 0, Access.Load)).toBe(0x80005ff8);
    expect(tlb.lookup(0x1000, 0, Access.Store)).toBe(-1); // another access type
    expect(tlb.lookup(0x1000, 0, Access.Fetch)).toBe(-1);
    expect(tlb.lookup(0x2000, 0, Access.Load)).toBe(-1); // the next page
    expect(tlb.lookup(0x101000, 0, Access.Load)).toBe(-1); // same slot, another page
    expect(tlb.lookup(0x1000, 1, Access.Load)).toBe(-1); // same low bits, another high half
    tlb.flush();
    expect(tlb.lookup(0x1234, 0, Access.Load)).toBe(-1);
  });

  it('maps high virtual addresses (negative high halves) and physical addresses above 2^31', () => {
    const tlb = new Tlb();
    tlb.fill(0xfffff010 | 0, -1, Access.Fetch, 0xfffff010);
    expect(tlb.lookup(0xfffff7fe | 0, -1, Access.Fetch)).toBe(0xfffff7fe);
  });
});

describe.skipIf(!HAVE_GNU_AS)('TLB flush points (Sv39)', () => {
  const twoPages: Pte[] = [{ table: 'l0', index: 1, target: 'page', flags: V | R | W | A | D }];

  // "SFENCE.VMA ... orders preceding stores to the page tables before subsequent implicit references to them."
  it('after sfence.vma a rewritten PTE is used', () => {
    const r = runPaged(
      'S',
      twoPages,
      `
      li t1, 0x1000
      ld a1, 0(t1)
      ${setPte('l0', 1, 'page2', V | R | W | A | D)}
      sfence.vma
      li t1, 0x1000
      ld a2, 0(t1)
      sd a2, 8(t1)`,
    );
    expectNoTrap(r.m);
    expect(reg(r.m, 'a1')).toBe(PAGE_DWORDS[0]);
    expect(reg(r.m, 'a2')).toBe(0x5555555555555555n);
  });

  it('after sfence.vma a PTE made invalid faults (load, store and fetch)', () => {
    for (const [insn, cause] of [
      ['ld a2, 0(t1)', 13n],
      ['sd a2, 0(t1)', 15n],
    ] as const) {
      const r = runPaged(
        'S',
        twoPages,
        `
        li t1, 0x1000
        ld a1, 0(t1)
        sd a1, 0(t1)
        ${setPte('l0', 1, 'page', 0)}
        sfence.vma
        li t1, 0x1000
        fault: ${insn}`,
      );
      expectFault(r, cause, 0x1000n);
    }
    // Code at VA 0x3000 (the page `xpage`, which returns at once) is called, unmapped, and called again.
    const f = runPaged(
      'S',
      [{ table: 'l0', index: 3, target: 'xpage', flags: V | X | A }],
      `
      li t1, 0x3000
      jalr t1
      ${setPte('l0', 3, 'xpage', 0)}
      sfence.vma
      li t1, 0x3000
      jalr t1
      j done
      .align 12
      xpage: ret`,
    );
    expectFault(f, 12n, 0x3000n, 0x3000n);
  });

  // Without ASIDs a new satp means new page tables.
  it('after a satp write the new root table is used', () => {
    const r = runPaged(
      'S',
      twoPages,
      `
      li t1, 0x1000
      ld a1, 0(t1)
      ${setPte('root2', 0, 'l1b', V)}
      ${setPte('l1b', 0, 'l0b', V)}
      ${setPte('root2', 2, 0x80000000, V | R | W | X | A | D)}
      ${setPte('l0b', 1, 'page2', V | R | W | A | D)}
      la t0, root2
      srli t0, t0, 12
      li t2, 8 << 60
      or t0, t0, t2
      csrw satp, t0
      li t1, 0x1000
      ld a2, 0(t1)
      j over
      .align 12
      root2: .zero 4096
      l1b: .zero 4096
      l0b: .zero 4096
      over:`,
    );
    expectNoTrap(r.m);
    expect(reg(r.m, 'a1')).toBe(PAGE_DWORDS[0]);
    expect(reg(r.m, 'a2')).toBe(0x5555555555555555n);
  });

  it('after satp is set to Bare, addresses are physical again', () => {
    const r = runPaged(
      'S',
      twoPages,
      `
      li t1, 0x1000
      ld a1, 0(t1)
      csrw satp, zero
      la t1, page2
      ld a2, 0(t1)
      li t1, 0x1000
      fault: ld a3, 0(t1)`,
    );
    // Physical 0x1000 holds nothing on this board: an access fault, not the cached page.
    expectFault(r, 5n, 0x1000n);
    expect(reg(r.m, 'a1')).toBe(PAGE_DWORDS[0]);
    expect(reg(r.m, 'a2')).toBe(0x5555555555555555n);
  });

  // The D bit: a load fills only a load translation, so the first store still walks and sets D.
  it('a store after a load through a clean page sets D; a read-only page still refuses the store', () => {
    const clean = runPaged(
      'S',
      [{ table: 'l0', index: 1, target: 'page', flags: V | R | W }],
      `
      li t1, 0x1000
      ld a1, 0(t1)
      ld a1, 8(t1)
      sd a1, 16(t1)`,
    );
    expectNoTrap(clean.m);
    expect(clean.pte('l0', 1) & BigInt(A | D)).toBe(BigInt(A | D));

    const readOnly = runPaged(
      'S',
      [{ table: 'l0', index: 1, target: 'page', flags: V | R | A | D }],
      `
      li t1, 0x1000
      ld a1, 0(t1)
      fault: sd a1, 16(t1)`,
    );
    expectFault(readOnly, 15n, 0x1010n);
  });

  it('fetching from an execute-only page does not let loads from it through', () => {
    const r = runPaged(
      'S',
      [{ table: 'l0', index: 3, target: 'xpage', flags: V | X | A }],
      `
      li t1, 0x3000
      jalr t1
      fault: ld a1, 0(t1)
      j done
      .align 12
      xpage: ret`,
    );
    expectFault(r, 13n, 0x3000n);
  });

  // Bits 63:39 must equal bit 38: a cached page must not match an address that differs only above bit 31.
  it('an address with bad upper bits faults even when its low bits match a cached page', () => {
    const r = runPaged(
      'S',
      twoPages,
      `
      li t1, 0x1000
      ld a1, 0(t1)
      li t1, 0x10000001000
      fault: ld a2, 0(t1)`,
    );
    expectFault(r, 13n, 0x10000001000n);
  });

  it('after clearing SUM, S-mode loads from a user page fault', () => {
    const r = runPaged(
      'S',
      [{ table: 'l0', index: 1, target: 'page', flags: V | R | W | U | A | D }],
      `
      li t1, 0x1000
      ld a1, 0(t1)
      li t0, ${SUM}
      csrc sstatus, t0
      fault: ld a2, 0(t1)`,
      SUM,
    );
    expect(reg(r.m, 'a1')).toBe(PAGE_DWORDS[0]);
    expectFault(r, 13n, 0x1000n);
  });

  it('after clearing MXR, loads from an execute-only page fault', () => {
    const r = runPaged(
      'S',
      [{ table: 'l0', index: 1, target: 'page', flags: V | X | A }],
      `
      li t1, 0x1000
      ld a1, 0(t1)
      li t0, ${MXR}
      csrc sstatus, t0
      fault: ld a2, 0(t1)`,
      MXR,
    );
    expect(reg(r.m, 'a1')).toBe(PAGE_DWORDS[0]);
    expectFault(r, 13n, 0x1000n);
  });

  // The user code runs through a second, user, mapping of the code at VA 0xc0000000 (root[3]).
  it('after sret to U-mode, a supervisor page the S-mode code used faults', () => {
    const r = runPaged(
      'S',
      [
        { table: 'l0', index: 1, target: 'page', flags: V | R | W | A | D },
        { table: 'root', index: 3, target: 0x80000000, flags: V | R | W | X | U | A | D },
      ],
      `
      li t1, 0x1000
      ld a1, 0(t1)
      la t0, user
      li t2, 0x40000000
      add t0, t0, t2
      csrw sepc, t0
      li t0, 1 << 8
      csrc sstatus, t0
      sret
      user:
      fault: ld a2, 0(t1)`,
    );
    expect(reg(r.m, 'a1')).toBe(PAGE_DWORDS[0]);
    expectFault(r, 13n, 0x1000n, r.at('fault') + 0x40000000n);
    expect(r.m.hart.priv).toBe(3);
  });

  // MPRV/MPP choose the privilege of M-mode loads and stores.
  it('after MPP changes from S to U under MPRV, a supervisor page faults', () => {
    const r = start(`
      la t0, done
      csrw mtvec, t0
      ${OPEN_PMP}
      ${[
        { table: 'root', index: 0, target: 'l1', flags: V },
        { table: 'l1', index: 0, target: 'l0', flags: V },
        { table: 'l0', index: 1, target: 'page', flags: V | R | W | A | D },
      ]
        .map((p) => pteAsm(p as Pte))
        .join('\n')}
      ${SATP_SV39}
      li t0, 0x1800
      csrc mstatus, t0
      li t0, (1 << 11) | (1 << 17)
      csrs mstatus, t0
      ${markedBody(`
        li t1, 0x1000
        ld a1, 0(t1)
        li t0, 0x1800
        csrc mstatus, t0
        fault: ld a2, 0(t1)`)}
    ${TABLES}
    page: .dword 0x1111111111111111
      .zero 4096 - 8`);
    runTo(r.m, r.symbols);
    expect(reg(r.m, 'a1')).toBe(0x1111111111111111n);
    expectFault(r, 13n, 0x1000n);
  });

  // PMP entry 0 (NAPOT, 4 KiB over `page`, no permissions) is put in front of the open entry after the page
  // was used: the next S-mode load is an access fault. pmpaddr for a 4 KiB NAPOT region = base/4 | 0x1ff.
  it('after a PMP write, S-mode loads from a newly protected page fault', () => {
    const r = runPaged(
      'S',
      twoPages,
      `
      li t1, 0x1000
      ld a1, 0(t1)
      ecall
      fault: ld a2, 0(t1)`,
      0,
      `
      la t0, protect
      csrw mtvec, t0
      j over
      .align 2
      protect:
        li t0, -1
        csrw pmpaddr1, t0
        la t0, page
        srli t0, t0, 2
        ori t0, t0, 0x1ff
        csrw pmpaddr0, t0
        li t0, 0x1f18
        csrw pmpcfg0, t0
        la t0, done
        csrw mtvec, t0
        csrr t0, mepc
        addi t0, t0, 4
        csrw mepc, t0
        mret
      over:`,
    );
    expect(reg(r.m, 'a1')).toBe(PAGE_DWORDS[0]);
    expectFault(r, 5n, 0x1000n);
  });

  // A PMP region smaller than a page: entry 0 is a 2 KiB NAPOT region over the upper half of `page` with no
  // permissions (pmpaddr = (page + 0x800)/4 | 0xff), entry 1 opens everything else. The lower half works; the
  // translation used for it must not let a load from the upper half skip the PMP check.
  it('PMP protecting half of a page: the other half works, the protected half faults', () => {
    const r = runPaged(
      'S',
      twoPages,
      `
      li t1, 0x1000
      ld a1, 0(t1)
      ld a1, 8(t1)
      li t2, 0x1800
      fault: ld a2, 0(t2)`,
      0,
      `
      li t0, -1
      csrw pmpaddr1, t0
      la t0, page + 0x800
      srli t0, t0, 2
      ori t0, t0, 0xff
      csrw pmpaddr0, t0
      li t0, 0x1f18
      csrw pmpcfg0, t0`,
    );
    expect(reg(r.m, 'a1')).toBe(PAGE_DWORDS[1]);
    expectFault(r, 5n, 0x1800n);
  });

  it('the TLB is used: a loop over one page walks the page tables a few times, not once per access', () => {
    const r = runPaged(
      'S',
      twoPages,
      `
      li t1, 0x1000
      li t2, 200
      loop:
      ld a1, 0(t1)
      sd a1, 8(t1)
      addi t2, t2, -1
      bnez t2, loop`,
    );
    expectNoTrap(r.m);
    // One walk for the code page, one each for load and store (give or take the setup before the body).
    expect(r.m.hart.walks).toBeLessThan(10);
  });
});
