import { describe, expect, it } from 'vitest';
import type { Machine } from '../../../emulator/machine';
import { HAVE_GNU_AS, NO_GNU_AS_MESSAGE, reg } from './harness';
import { expectNoTrap, runIn } from './snippets';

/**
 * The CSRs' WARL fields and views (privileged spec, "Machine-Level ISA", "Supervisor-Level ISA"): what each
 * register keeps of a write, sstatus/sie/sip as views of the machine registers, mstatus, mie and the machine
 * counters. Access rules (privilege, read-only CSRs, counter enables) are in zicsr.test.ts.
 */
if (!HAVE_GNU_AS) console.warn(NO_GNU_AS_MESSAGE);

/** Run `body` in M-mode; a trap would go to `done` and leave s11 = 0. */
const runM = (body: string): Machine => runIn('M', body).m;

describe.skipIf(!HAVE_GNU_AS)('WARL fields', () => {
  // mtvec: "MODE ≥2 Reserved"; a WARL field must read back a legal value. QEMU (the oracle for choices the spec
  // leaves open) ignores a write with a reserved MODE entirely.
  it('mtvec and stvec keep a legal MODE', () => {
    const m = runM(
      `
      li t1, 0x80001001
      csrw mtvec, t1
      csrr a1, mtvec
      li t1, 0x80002002
      csrw mtvec, t1
      csrr a2, mtvec
      li t1, 0x80003003
      csrw mtvec, t1
      csrr a3, mtvec
      li t1, 0x80004001
      csrw stvec, t1
      li t1, 0x80005003
      csrw stvec, t1
      csrr a4, stvec
      la t1, done
      csrw mtvec, t1`,
    );
    expectNoTrap(m);
    expect(reg(m, 'a1')).toBe(0x80001001n);
    expect(reg(m, 'a2') & 3n).toBeLessThan(2n);
    expect(reg(m, 'a3') & 3n).toBeLessThan(2n);
    expect(reg(m, 'a2')).toBe(0x80001001n); // QEMU: the whole write is ignored
    expect(reg(m, 'a4') & 3n).toBeLessThan(2n);
  });

  // "MPP ... WARL": only modes the hart has (U=0, S=1, M=3) are legal; 2 is reserved.
  it('mstatus.MPP never holds the reserved value 2', () => {
    const m = runM(
      `
      li t1, 0x1800
      csrc mstatus, t1
      li t1, 0x1000
      csrs mstatus, t1
      csrr a1, mstatus`,
    );
    expectNoTrap(m);
    expect((reg(m, 'a1') >> 11n) & 3n).not.toBe(2n);
  });

  // "Some exceptions cannot occur at less privileged modes, and corresponding x edeleg bits should be
  // hardwired to zero. In particular, medeleg[11] ... hardwired to zero." (Machine Trap Delegation Registers)
  // mideleg: only supervisor-level interrupts (SSI 1, STI 5, SEI 9) can be delegated on this hart, as on QEMU.
  it('medeleg bit 11 is read-only zero; mideleg holds only SSIP, STIP, SEIP', () => {
    const m = runM(
      `
      li t1, -1
      csrw medeleg, t1
      csrr a1, medeleg
      csrw mideleg, t1
      csrr a2, mideleg`,
    );
    expectNoTrap(m);
    expect(reg(m, 'a1') & (1n << 11n)).toBe(0n);
    for (const delegable of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 15]) {
      expect((reg(m, 'a1') >> BigInt(delegable)) & 1n).toBe(1n);
    }
    expect(reg(m, 'a2')).toBe(0x222n);
  });

  // "mepc[0] is always zero" (IALIGN=16 with C: only bit 0); the same for sepc.
  it('mepc and sepc clear bit 0 only', () => {
    const m = runM(
      `
      li t1, 0x80000003
      csrw mepc, t1
      csrr a1, mepc
      csrw sepc, t1
      csrr a2, sepc`,
    );
    expectNoTrap(m);
    expect(reg(m, 'a1')).toBe(0x80000002n);
    expect(reg(m, 'a2')).toBe(0x80000002n);
  });

  // satp: "If satp is written with an unsupported MODE, the entire write has no effect; no fields in satp are
  // modified." This hart supports Bare (0) and Sv39 (8); Sv48 (9) and the reserved 1..7 are unsupported.
  it('satp ignores a write with an unsupported MODE', () => {
    const m = runM(
      `
      li t1, (8 << 60) | 0x80123
      csrw satp, t1
      csrr a1, satp
      li t1, (9 << 60) | 0x80456
      csrw satp, t1
      csrr a2, satp
      li t1, (1 << 60) | 0x80789
      csrw satp, t1
      csrr a3, satp
      csrw satp, zero
      csrr a4, satp`,
    );
    expectNoTrap(m);
    expect(reg(m, 'a1')).toBe((8n << 60n) | 0x80123n);
    expect(reg(m, 'a2')).toBe((8n << 60n) | 0x80123n);
    expect(reg(m, 'a3')).toBe((8n << 60n) | 0x80123n);
    expect(reg(m, 'a4')).toBe(0n);
  });

  // "The sstatus register is a subset of the mstatus register ... Changes made to the fields of sstatus are
  // reflected in mstatus and vice versa." Its fields (RV64, no F/V): SIE 1, SPIE 5, SPP 8, SUM 18, MXR 19,
  // UXL 33:32 (read-only 2 here).
  it('sstatus is a restricted view of mstatus', () => {
    const m = runM(
      `
      li t1, -1
      csrw sstatus, t1
      csrr a1, sstatus
      csrr a2, mstatus
      li t1, 0x1888
      csrs mstatus, t1
      csrr a3, sstatus
      li t1, 0x2
      csrc sstatus, t1
      csrr a4, mstatus`,
    );
    expectNoTrap(m);
    expect(reg(m, 'a1')).toBe(0x2000c0122n);
    expect(reg(m, 'a2') & 0xffffffffn).toBe(0xc0122n); // MIE, MPIE, MPP, TVM, TW, TSR untouched
    expect((reg(m, 'a2') >> 32n) & 0xfn).toBe(0xan); // SXL = UXL = 2
    expect(reg(m, 'a3')).toBe(0x2000c0122n); // MIE/MPIE/MPP are not visible through sstatus
    expect(reg(m, 'a4') & 0xffffffffn).toBe(0xc19a8n); // SIE cleared, the M-mode bits set above kept
  });

  // Supervisor-level ISA, "Supervisor Interrupt Registers (sip and sie)": "If an interrupt is delegated to
  // S-mode by setting a bit in the mideleg register, it becomes visible in the sip register and is maskable
  // using the sie register. Otherwise, the corresponding bits in sip and sie are read-only zero."
  // "Only the SSIP bit in sip is writable (STIP and SEIP are read-only there)."
  it('sie and sip are views of mie and mip masked by mideleg', () => {
    const m = runM(
      `
      li t1, -1
      csrw sie, t1
      csrr a1, sie
      csrr a2, mie
      li t1, 0x22
      csrw mideleg, t1
      li t1, -1
      csrw sie, t1
      csrr a3, sie
      csrr a4, mie
      li t1, 0x888
      csrs mie, t1
      csrr a5, sie
      li t1, 0x222
      csrs mip, t1
      csrr a6, sip
      csrc sip, t1
      csrr a7, mip
      li t1, 0x20
      csrs sip, t1
      csrr s2, mip
      csrw mideleg, zero
      csrr s3, sip`,
    );
    expectNoTrap(m);
    expect(reg(m, 'a1')).toBe(0n);
    expect(reg(m, 'a2')).toBe(0n);
    expect(reg(m, 'a3')).toBe(0x22n);
    expect(reg(m, 'a4')).toBe(0x22n);
    expect(reg(m, 'a5')).toBe(0x22n);
    expect(reg(m, 'a6')).toBe(0x22n); // SEIP pending in mip but not delegated: invisible in sip
    expect(reg(m, 'a7')).toBe(0x220n); // csrc sip cleared SSIP only (STIP is read-only in sip)
    expect(reg(m, 's2')).toBe(0x220n); // csrs sip cannot set STIP
    expect(reg(m, 's3')).toBe(0n);
  });
});

describe.skipIf(!HAVE_GNU_AS)('mstatus, mie and the machine counters', () => {
  // mstatus on RV64 without F/V: writable SIE 1, MIE 3, SPIE 5, MPIE 7, SPP 8, MPP 12:11, MPRV 17, SUM 18,
  // MXR 19, TVM 20, TW 21, TSR 22; UXL (33:32) and SXL (35:34) read-only 2 (XLEN 64); UBE/SBE/MBE zero (the
  // hart is little-endian only); FS/VS/XS and SD zero (no F, V or custom state).
  it('mstatus written with all ones reads back only its implemented fields', () => {
    const m = runM(
      `
      li t1, -1
      csrw mstatus, t1
      csrr a1, mstatus
      li t1, 0x7e19aa
      csrc mstatus, t1`,
    );
    expectNoTrap(m);
    expect(reg(m, 'a1')).toBe(0x0000000a007e19aan);
  });

  // mie: "bits corresponding to interrupts that are not implemented are read-only zero" — here the six
  // standard interrupts SSI 1, MSI 3, STI 5, MTI 7, SEI 9, MEI 11.
  it('mie keeps only the implemented interrupt enables', () => {
    const m = runM('li t1, -1\ncsrw mie, t1\ncsrr a1, mie\ncsrw mie, zero');
    expectNoTrap(m);
    expect(reg(m, 'a1')).toBe(0xaaan);
  });

  // Zicsr / counters: writes to minstret take effect after the writing instruction has retired, so the next
  // instruction reads the value written ("the value written ... is what the next instruction will read").
  // mcountinhibit.IR stops minstret.
  it('minstret can be written and mcountinhibit.IR stops it', () => {
    const m = runM(
      `
      li t1, 1000
      csrw minstret, t1
      csrr a1, minstret
      nop
      csrr a2, minstret
      csrwi mcountinhibit, 4
      csrr a3, minstret
      nop
      nop
      csrr a4, minstret
      csrwi mcountinhibit, 0
      csrr a5, mcountinhibit`,
    );
    expectNoTrap(m);
    expect(reg(m, 'a1')).toBe(1000n);
    expect(reg(m, 'a2')).toBe(1002n);
    expect(reg(m, 'a4')).toBe(reg(m, 'a3'));
    expect(reg(m, 'a5')).toBe(0n);
  });
});
