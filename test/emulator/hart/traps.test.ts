import { describe, expect, it } from 'vitest';
import { CSR } from '../../../emulator/hart/csr-numbers';
import { csrValue, HAVE_GNU_AS, NO_GNU_AS_MESSAGE, reg } from './harness';
import { mpp, runIn } from './snippets';

/**
 * Synchronous exceptions (privileged spec: "Machine Cause Register", "Machine Trap Value Register"): ecall and
 * ebreak, illegal instructions and access faults. Trap return is in trap-return.test.ts, delegation in
 * delegation.test.ts.
 */
if (!HAVE_GNU_AS) console.warn(NO_GNU_AS_MESSAGE);

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
