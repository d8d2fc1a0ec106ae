import { describe, expect, it } from 'vitest';
import { CSR } from '../../../emulator/hart/csr-numbers';
import { csrValue, HAVE_GNU_AS, NO_GNU_AS_MESSAGE } from './harness';
import { MSTATUS, runIn, type Outcome } from './snippets';

/**
 * Exception delegation (privileged spec, "Machine Trap Delegation Registers"): which exceptions medeleg sends
 * to S-mode, and what S-mode sees when it gets one.
 */
if (!HAVE_GNU_AS) console.warn(NO_GNU_AS_MESSAGE);

const { SPP } = MSTATUS;

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
