import { describe, expect, it } from 'vitest';
import { CSR } from '../../../emulator/hart/csr-numbers';
import { csrValue, HAVE_GNU_AS, machineFor, NO_GNU_AS_MESSAGE, reg, runTo } from './harness';
import { A, D, expectFault, MXR, PAGE_DWORDS, R, runPaged, SUM, U, V, W, X, type Pte } from './paging';
import { enter, expectNoTrap } from './snippets';

/**
 * Sv39 page faults (privileged spec, "Virtual Address Translation Process"): invalid and reserved PTEs,
 * permissions, MXR and SUM, non-canonical addresses, misaligned superpages, and delegation to S-mode.
 * paging.ts builds the page tables.
 */
if (!HAVE_GNU_AS) console.warn(NO_GNU_AS_MESSAGE);

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
      expectNoTrap(r.m);
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
      expectNoTrap(sum.m);
      expect(reg(sum.m, 'a1')).toBe(PAGE_DWORDS[0]);
      expectFault(runPaged('S', userPage, 'li t1, 0x5000\njr t1', SUM), 12n, 0x5000n, 0x5000n);

      const supervisorPage: Pte[] = [{ table: 'l0', index: 6, target: 'page', flags: V | R | W | X | A | D }];
      expectFault(runPaged('U', supervisorPage, 'li t1, 0x6000\nfault: ld a1, 0(t1)'), 13n, 0x6000n);
      expectFault(runPaged('U', supervisorPage, 'li t1, 0x6000\nfault: ld a1, 0(t1)', SUM), 13n, 0x6000n);
      const user = runPaged('U', userPage, 'li t1, 0x5000\nld a1, 24(t1)');
      expectNoTrap(user.m);
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
      li t0, (8 << 60) | 0x1
      csrw satp, t0
      ${enter('S', 'body')}
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
