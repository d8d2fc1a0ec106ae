import { describe, expect, it } from 'vitest';
import type { Machine } from '../../../emulator/machine';
import { assemble, csrValue, HAVE_GNU_AS, machineFor, NO_GNU_AS_MESSAGE, reg, runTo } from './harness';

/**
 * Synchronous exceptions, trap entry and return, and delegation (privileged spec: "Machine Trap Delegation
 * Registers", "Machine Cause Register", "Machine Trap Value Register", "Trap-Return Instructions",
 * "Virtualization Support in mstatus", "Wait for Interrupt").
 */
if (!HAVE_GNU_AS) console.warn(NO_GNU_AS_MESSAGE);

const CSR = {
  sstatus: 0x100,
  sepc: 0x141,
  scause: 0x142,
  stval: 0x143,
  mstatus: 0x300,
  mepc: 0x341,
  mcause: 0x342,
  mtval: 0x343,
};
const MIE = 1n << 3n;
const MPIE = 1n << 7n;
const SIE = 1n << 1n;
const SPIE = 1n << 5n;
const SPP = 1n << 8n;
const MPRV = 1n << 17n;
const mpp = (mstatus: bigint): bigint => (mstatus >> 11n) & 3n;

/** PMP entry 0 = NAPOT over all of memory with RWX, so S and U may run (pmp.test.ts shows why it is needed). */
const OPEN_PMP = `
  li t0, -1
  csrw pmpaddr0, t0
  li t0, 0x1f
  csrw pmpcfg0, t0`;

/** mret from M-mode into `mode` at `label`. */
const enter = (mode: 'S' | 'U', label: string): string => `
  ${OPEN_PMP}
  li t0, 0x1800
  csrc mstatus, t0
  li t0, ${mode === 'S' ? 0x800 : 0}
  csrs mstatus, t0
  la t0, ${label}
  csrw mepc, t0
  mret`;

interface Outcome {
  m: Machine;
  symbols: Map<string, number>;
  faultWord: bigint;
  at: (label: string) => bigint;
}

/** Run `body` in `mode` after `setup` (in M); mtvec and stvec both point at `done`. */
function runIn(mode: 'M' | 'S' | 'U', body: string, setup = '', stopAt = 'done'): Outcome {
  const source = `
    la t0, done
    csrw mtvec, t0
    csrw stvec, t0
    ${setup}
    ${mode === 'M' ? '' : enter(mode, 'body')}
  .align 2
  body:
    li a0, 0x55
    ${body}
    li s11, 1
  .align 2
  done: nop`;
  const { m, symbols } = machineFor(source);
  runTo(m, symbols, stopAt);
  const { bytes } = assemble(source);
  const f = symbols.get('fault');
  const faultWord =
    f === undefined
      ? -1n
      : BigInt(new DataView(bytes.buffer, bytes.byteOffset).getUint32(f - 0x80000000, true));
  const at = (label: string): bigint => {
    const v = symbols.get(label);
    if (v === undefined) throw new Error(`no label ${label}`);
    return BigInt(v);
  };
  return { m, symbols, faultWord, at };
}

describe.skipIf(!HAVE_GNU_AS)('ecall and ebreak', () => {
  // mcause table: 8 environment call from U-mode, 9 from S-mode, 11 from M-mode, 3 breakpoint.
  // "ECALL and EBREAK cause the receiving privilege mode's epc register to be set to the address of the ECALL
  // or EBREAK instruction itself, not the address of the following instruction."
  for (const [mode, cause, priv] of [
    ['M', 11n, 3],
    ['S', 9n, 1],
    ['U', 8n, 0],
  ] as const) {
    it(`ecall from ${mode}-mode: cause ${cause}, mepc = the ecall, mtval = 0, MPP = ${priv}`, () => {
      const o = runIn(mode, 'fault: ecall');
      expect(csrValue(o.m, CSR.mcause)).toBe(cause);
      expect(csrValue(o.m, CSR.mepc)).toBe(o.at('fault'));
      expect(csrValue(o.m, CSR.mtval)).toBe(0n);
      expect(mpp(csrValue(o.m, CSR.mstatus))).toBe(BigInt(priv));
      expect(o.m.hart.priv).toBe(3);
      expect(reg(o.m, 's11')).toBe(0n);
    });
  }

  // mtval for a breakpoint: "mtval is written with the faulting virtual address" or zero (both allowed).
  for (const insn of ['ebreak', 'c.ebreak']) {
    it(`${insn}: cause 3, mepc = the instruction, mtval = its address or 0`, () => {
      const o = runIn('U', `fault: ${insn}`);
      expect(csrValue(o.m, CSR.mcause)).toBe(3n);
      expect(csrValue(o.m, CSR.mepc)).toBe(o.at('fault'));
      expect([0n, o.at('fault')]).toContain(csrValue(o.m, CSR.mtval));
    });
  }
});

describe.skipIf(!HAVE_GNU_AS)('illegal instructions', () => {
  // mtval: "If mtval is written with a nonzero value when an illegal-instruction exception occurs, then mtval
  // will contain the shortest of: the actual faulting instruction, the first ILEN bits of the faulting
  // instruction, the first MXLEN bits of the faulting instruction." Cause 2.
  for (const [name, insn] of [
    ['csrrw x0, cycle, x0 (the 32-bit unimp)', '.4byte 0xc0001073'],
    ['c.unimp (the 16-bit zero word)', '.2byte 0'],
    ['custom-0 opcode', '.4byte 0x0005850b'],
    ['OP with an undefined funct7', '.4byte 0x02c5c533 | (0x10 << 25)'],
    ['a CSR that does not exist (0x7c0)', 'csrr a0, 0x7c0'],
    ['an F instruction (no F extension)', '.4byte 0x00b57553'],
    ['all ones 32-bit word', '.4byte 0xffffffff'],
  ] as const) {
    it(`${name}: cause 2, mtval = instruction bits`, () => {
      const o = runIn('M', `fault: ${insn}`);
      expect(csrValue(o.m, CSR.mcause)).toBe(2n);
      expect(csrValue(o.m, CSR.mepc)).toBe(o.at('fault'));
      const word = insn.startsWith('.2byte') ? o.faultWord & 0xffffn : o.faultWord;
      expect(csrValue(o.m, CSR.mtval)).toBe(word);
      expect(reg(o.m, 'a0')).toBe(0x55n);
    });
  }
});

describe.skipIf(!HAVE_GNU_AS)('access faults at addresses with nothing behind them', () => {
  // Privileged spec, "Physical Memory Attributes": accesses to regions with no device raise access faults;
  // cause 1 instruction access fault, 5 load access fault, 7 store/AMO access fault; mtval = the address.
  for (const [insn, address, cause] of [
    ['ld a0, 0(t1)', 0x0n, 5n],
    ['lw a0, 0(t1)', 0x3000000n, 5n],
    ['lbu a0, 0(t1)', 0x100000000n, 5n],
    ['sd a0, 0(t1)', 0x8n, 7n],
    ['sb a0, 0(t1)', 0x40000000n, 7n],
    ['amoadd.w a0, a0, (t1)', 0x1000n, 7n],
    ['lr.d a0, (t1)', 0x1000n, 5n],
    // (A failing sc.d need not touch memory, so it is not listed: QEMU's fails without an access.)
  ] as const) {
    it(`${insn} at 0x${address.toString(16)}: cause ${cause}, mtval = address`, () => {
      const o = runIn('M', `li t1, 0x${address.toString(16)}\nfault: ${insn}`);
      expect(csrValue(o.m, CSR.mcause)).toBe(cause);
      expect(csrValue(o.m, CSR.mepc)).toBe(o.at('fault'));
      expect(csrValue(o.m, CSR.mtval)).toBe(address);
      expect(reg(o.m, 'a0')).toBe(0x55n);
    });
  }

  // "Loads with a destination of x0 must still raise any exceptions and cause any other side effects".
  it('a load into x0 from an address with no memory still faults', () => {
    const o = runIn('M', 'li t1, 0x20\nfault: lw zero, 0(t1)');
    expect(csrValue(o.m, CSR.mcause)).toBe(5n);
    expect(csrValue(o.m, CSR.mtval)).toBe(0x20n);
  });

  it('a jump to an address with no memory: instruction access fault with mepc = mtval = the target', () => {
    const o = runIn('M', `li t1, 0x1000\nfault: jalr ra, 0(t1)`);
    expect(csrValue(o.m, CSR.mcause)).toBe(1n);
    expect(csrValue(o.m, CSR.mepc)).toBe(0x1000n);
    expect(csrValue(o.m, CSR.mtval)).toBe(0x1000n);
    expect(reg(o.m, 'ra')).toBe(o.at('fault') + 4n); // the jump itself retired
  });

  it('executing from the end of RAM faults on fetch', () => {
    // RAM is 1 MiB in the harness: 0x80100000 is the first address past it.
    const o = runIn('M', `li t1, 0x80100000\njr t1`);
    expect(csrValue(o.m, CSR.mcause)).toBe(1n);
    expect(csrValue(o.m, CSR.mtval)).toBe(0x80100000n);
  });
});

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

describe.skipIf(!HAVE_GNU_AS)('exception delegation with medeleg', () => {
  // "By default, all traps at any privilege level are handled in machine mode ... When a trap is delegated to
  // S-mode, the scause register is written with the trap cause; the sepc register is written with the virtual
  // address of the instruction that took the trap; the stval register is written with an exception-specific
  // datum; the SPP field of mstatus is written with the active privilege mode at the time of the trap".
  // "Traps never transition from a more-privileged mode to a less-privileged mode."
  const exceptions: {
    name: string;
    cause: number;
    setup: string;
    insn: string;
    tval: (o: Outcome) => bigint;
  }[] = [
    {
      name: 'instruction access fault',
      cause: 1,
      setup: 'li t1, 0x1000',
      insn: 'jalr zero, 0(t1)',
      tval: () => 0x1000n,
    },
    { name: 'illegal instruction', cause: 2, setup: '', insn: '.4byte 0xc0001073', tval: (o) => o.faultWord },
    { name: 'breakpoint', cause: 3, setup: '', insn: 'ebreak', tval: (o) => o.at('fault') },
    {
      name: 'load address misaligned (lr.w)',
      cause: 4,
      setup: 'la t1, done + 2',
      insn: 'lr.w a0, (t1)',
      tval: (o) => o.at('done') + 2n,
    },
    { name: 'load access fault', cause: 5, setup: 'li t1, 0x10', insn: 'ld a0, 0(t1)', tval: () => 0x10n },
    {
      name: 'store address misaligned (sc.w)',
      cause: 6,
      setup: 'la t1, done + 1',
      insn: 'sc.w a0, a0, (t1)',
      tval: (o) => o.at('done') + 1n,
    },
    { name: 'store access fault', cause: 7, setup: 'li t1, 0x18', insn: 'sd a0, 0(t1)', tval: () => 0x18n },
    { name: 'ecall from U', cause: 8, setup: '', insn: 'ecall', tval: () => 0n },
  ];
  for (const e of exceptions) {
    it(`${e.name} (cause ${e.cause}) from U with medeleg[${e.cause}] = 1 is taken in S`, () => {
      const o = runIn('U', `${e.setup}\nfault: ${e.insn}`, `li t0, 1 << ${e.cause}\ncsrw medeleg, t0`);
      expect(o.m.hart.priv).toBe(1);
      expect(csrValue(o.m, CSR.scause)).toBe(BigInt(e.cause));
      const epc = e.cause === 1 ? 0x1000n : o.at('fault');
      expect(csrValue(o.m, CSR.sepc)).toBe(epc);
      expect(csrValue(o.m, CSR.stval)).toBe(e.cause === 3 ? csrValue(o.m, CSR.stval) : e.tval(o));
      if (e.cause === 3) expect([0n, e.tval(o)]).toContain(csrValue(o.m, CSR.stval));
      expect(csrValue(o.m, CSR.sstatus) & SPP).toBe(0n);
      expect(csrValue(o.m, CSR.mcause)).toBe(0n); // M-mode saw nothing
      expect(csrValue(o.m, CSR.mepc)).toBe(o.at('body'));
    });

    it(`${e.name} (cause ${e.cause}) raised in M-mode stays in M even with medeleg = all ones`, () => {
      const o = runIn('M', `${e.setup}\nfault: ${e.insn}`, 'li t0, -1\ncsrw medeleg, t0');
      expect(o.m.hart.priv).toBe(3);
      // ecall from M is cause 11 (never delegable); everything else keeps its cause
      expect(csrValue(o.m, CSR.mcause)).toBe(e.cause === 8 ? 11n : BigInt(e.cause));
      expect(csrValue(o.m, CSR.scause)).toBe(0n);
    });

    it(`${e.name} (cause ${e.cause}) from U is not delegated when only other medeleg bits are set`, () => {
      const others = (0xb3ff & ~(1 << e.cause)).toString();
      const o = runIn('U', `${e.setup}\nfault: ${e.insn}`, `li t0, ${others}\ncsrw medeleg, t0`);
      expect(o.m.hart.priv).toBe(3);
      expect(csrValue(o.m, CSR.mcause)).toBe(BigInt(e.cause));
      expect(csrValue(o.m, CSR.scause)).toBe(0n);
    });
  }

  it('ecall from S (cause 9) with medeleg[9] = 1 is taken in S with SPP = S', () => {
    const o = runIn('S', 'fault: ecall', 'li t0, 1 << 9\ncsrw medeleg, t0');
    expect(o.m.hart.priv).toBe(1);
    expect(csrValue(o.m, CSR.scause)).toBe(9n);
    expect(csrValue(o.m, CSR.sepc)).toBe(o.at('fault'));
    expect(csrValue(o.m, CSR.sstatus) & SPP).toBe(SPP);
  });

  it('an exception inside the S-mode handler of a delegated trap is delegated again', () => {
    const o = runIn(
      'U',
      'fault: ecall',
      'li t0, (1 << 8) | (1 << 2)\ncsrw medeleg, t0\nla t0, shandler\ncsrw stvec, t0\nj 1f\n.align 2\nshandler:\nla t0, done\ncsrw stvec, t0\nfault2: unimp\n1:',
    );
    expect(o.m.hart.priv).toBe(1);
    expect(csrValue(o.m, CSR.scause)).toBe(2n);
    expect(csrValue(o.m, CSR.sepc)).toBe(o.at('fault2'));
    expect(csrValue(o.m, CSR.sstatus) & SPP).toBe(SPP);
  });
});
