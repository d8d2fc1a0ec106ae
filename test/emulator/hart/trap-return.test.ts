import { describe, expect, it } from 'vitest';
import { CSR } from '../../../emulator/hart/csr-numbers';
import { csrValue, HAVE_GNU_AS, machineFor, NO_GNU_AS_MESSAGE, reg, runTo } from './harness';
import { MSTATUS, mpp, OPEN_PMP, runIn } from './snippets';

/**
 * Trap entry and return (privileged spec: "Trap-Return Instructions", "Virtualization Support in mstatus",
 * "Wait for Interrupt"): how mret, sret and traps stack the interrupt enables, and which privileged
 * instructions each mode may execute.
 */
if (!HAVE_GNU_AS) console.warn(NO_GNU_AS_MESSAGE);

const { MIE, MPIE, SIE, SPIE, SPP, MPRV } = MSTATUS;

describe.skipIf(!HAVE_GNU_AS)('trap entry and return stack the interrupt enables', () => {
  // "When a trap is taken from privilege mode y into privilege mode x, xPIE is set to the value of xIE; xIE is
  // set to 0; and xPP is set to y." "An MRET or SRET instruction is used to return ... xIE is set to xPIE; the
  // privilege mode is changed to y; xPIE is set to 1; and xPP is set to the least-privileged supported mode
  // (U if U-mode is implemented, else M). If y≠M, x RET also sets MPRV=0."
  it('mret into S-mode: MIE <- MPIE, MPIE <- 1, MPP <- U, MPRV <- 0', () => {
    const { m, symbols } = machineFor(`
      ${OPEN_PMP}
      li t0, 0x1888
      csrc mstatus, t0
      li t0, (1 << 7) | (1 << 11) | (1 << 17)
      csrs mstatus, t0
      la t0, sbody
      csrw mepc, t0
      mret
    sbody:
      nop
    done: nop`);
    runTo(m, symbols, 'sbody');
    const s = csrValue(m, CSR.mstatus);
    expect(m.hart.priv).toBe(1);
    expect(s & MIE).toBe(MIE);
    expect(s & MPIE).toBe(MPIE);
    expect(mpp(s)).toBe(0n);
    expect(s & MPRV).toBe(0n);
  });

  it('mret with MPP = M stays in M and keeps MPRV; MIE <- MPIE = 0', () => {
    const { m, symbols } = machineFor(`
      li t0, (3 << 11) | (1 << 17) | (1 << 3)
      csrs mstatus, t0
      li t0, 1 << 7
      csrc mstatus, t0
      la t0, mbody
      csrw mepc, t0
      mret
    mbody:
      nop
    done: nop`);
    runTo(m, symbols, 'mbody');
    const s = csrValue(m, CSR.mstatus);
    expect(m.hart.priv).toBe(3);
    expect(s & MIE).toBe(0n);
    expect(s & MPIE).toBe(MPIE);
    expect(s & MPRV).toBe(MPRV);
    expect(mpp(s)).toBe(0n);
  });

  it('sret into U-mode: SIE <- SPIE, SPIE <- 1, SPP <- U, MPRV <- 0', () => {
    const { m, symbols } = machineFor(`
      ${OPEN_PMP}
      li t0, (1 << 5) | (1 << 17)
      csrs mstatus, t0
      li t0, (1 << 1) | (1 << 8)
      csrc mstatus, t0
      la t0, ubody
      csrw sepc, t0
      sret
    ubody:
      nop
    done: nop`);
    runTo(m, symbols, 'ubody');
    const s = csrValue(m, CSR.mstatus);
    expect(m.hart.priv).toBe(0);
    expect(s & SIE).toBe(SIE);
    expect(s & SPIE).toBe(SPIE);
    expect(s & SPP).toBe(0n);
    expect(s & MPRV).toBe(0n);
  });

  it('sret with SPP = S returns to S-mode', () => {
    const { m, symbols } = machineFor(`
      ${OPEN_PMP}
      li t0, 1 << 8
      csrs mstatus, t0
      la t0, sbody
      csrw sepc, t0
      sret
    sbody:
      nop
    done: nop`);
    runTo(m, symbols, 'sbody');
    expect(m.hart.priv).toBe(1);
    expect(csrValue(m, CSR.mstatus) & SPP).toBe(0n);
  });

  it('a trap into M from S: MPIE <- MIE, MIE <- 0, MPP <- S; into S from U: SPIE <- SIE, SIE <- 0, SPP <- U', () => {
    const o = runIn('S', 'fault: ecall', 'li t0, 1 << 7\ncsrs mstatus, t0');
    // mret set MIE from MPIE = 1; the ecall then moved it to MPIE
    const s = csrValue(o.m, CSR.mstatus);
    expect(s & MIE).toBe(0n);
    expect(s & MPIE).toBe(MPIE);
    expect(mpp(s)).toBe(1n);

    const u = runIn(
      'U',
      'fault: ecall',
      'li t0, (1 << 1)\ncsrs mstatus, t0\nli t0, 1 << 8\ncsrw medeleg, t0',
    );
    const su = csrValue(u.m, CSR.mstatus);
    expect(u.m.hart.priv).toBe(1);
    expect(su & SIE).toBe(0n);
    expect(su & SPIE).toBe(SPIE);
    expect(su & SPP).toBe(0n);
  });
});

describe.skipIf(!HAVE_GNU_AS)('privileged instructions from the wrong mode', () => {
  // "An attempt to execute an MRET instruction in a mode lower than M raises an illegal-instruction
  // exception"; SRET likewise in U-mode. "When TSR=1, attempts to execute SRET while executing in S-mode will
  // raise an illegal-instruction exception." "When S-mode is implemented, then executing WFI in U-mode causes
  // an illegal-instruction exception" (unless it completes within a bounded time; here it traps at once).
  // "The TW (Timeout Wait) bit ... When TW=1, then if WFI is executed in any less-privileged mode, and it does
  // not complete within an implementation-specific, bounded time limit, the WFI instruction causes an
  // illegal-instruction exception." "When TVM=1, attempts to read or write the satp CSR or execute an
  // SFENCE.VMA ... instruction while executing in S-mode will raise an illegal-instruction exception."
  const TSR = 1 << 22;
  const TW = 1 << 21;
  const TVM = 1 << 20;
  for (const [mode, insn, status] of [
    ['S', 'mret', 0],
    ['U', 'mret', 0],
    ['U', 'sret', 0],
    ['S', 'sret', TSR],
    ['U', 'wfi', 0],
    ['S', 'wfi', TW],
    ['U', 'sfence.vma', 0],
    ['S', 'sfence.vma', TVM],
    ['S', 'sfence.vma a0, a1', TVM],
    ['S', 'csrr a1, satp', TVM],
    ['S', 'csrw satp, zero', TVM],
  ] as const) {
    it(`${insn} in ${mode}-mode${status ? ` with mstatus bit ${Math.log2(status)}` : ''} is illegal`, () => {
      const o = runIn(mode, `fault: ${insn}`, `li t0, ${status}\ncsrs mstatus, t0`);
      expect(csrValue(o.m, CSR.mcause)).toBe(2n);
      expect(csrValue(o.m, CSR.mepc)).toBe(o.at('fault'));
      expect(csrValue(o.m, CSR.mtval)).toBe(o.faultWord);
      expect(mpp(csrValue(o.m, CSR.mstatus))).toBe(mode === 'S' ? 1n : 0n);
    });
  }

  for (const [mode, insn, status] of [
    ['S', 'sfence.vma', 0],
    ['S', 'csrr a1, satp', 0],
    ['M', 'sfence.vma', TVM],
    ['M', 'csrr a1, satp', TVM],
    ['M', 'wfi', TW], // TW affects only less-privileged modes; mie = 0 and nothing pending... see below
    ['S', 'wfi', 0],
  ] as const) {
    it(`${insn} in ${mode}-mode${status ? ` with mstatus bit ${Math.log2(status)}` : ''} is allowed`, () => {
      // For wfi: a supervisor software interrupt, delegated, pending and enabled in mie, is not taken (SIE = 0
      // in S, and delegated interrupts are never taken in M) but wakes wfi, so execution goes on.
      const o = runIn(
        mode,
        insn,
        `li t0, ${status}\ncsrs mstatus, t0\nli t0, 2\ncsrw mideleg, t0\ncsrs mie, t0\ncsrs mip, t0`,
      );
      expect(reg(o.m, 's11')).toBe(1n);
      expect(csrValue(o.m, CSR.mcause)).toBe(0n);
    });
  }

  it('sret in M-mode is allowed even with TSR=1', () => {
    const { m, symbols } = machineFor(`
      ${OPEN_PMP}
      li t0, (1 << 22) | (1 << 8)
      csrs mstatus, t0
      la t0, sbody
      csrw sepc, t0
      sret
    sbody:
      nop
    done: nop`);
    runTo(m, symbols, 'sbody');
    expect(m.hart.priv).toBe(1);
  });
});
