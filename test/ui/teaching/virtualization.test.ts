/**
 * Trap routing against the privileged spec's rules (sections "Machine Trap Delegation Registers" and
 * "Machine Interrupt Registers (mip and mie)"), handler spans, and the Popek-Goldberg classifier.
 */
import { describe, expect, it } from 'vitest';
import { ROW_BY_NAME } from '../../../emulator/isa/table';
import {
  classifyInstruction,
  explainTrapRouting,
  trapSpans,
  type PrivEvent,
  type TrapRoutingInput,
} from '../../../ui/teaching/virtualization';

const base: TrapRoutingInput = {
  cause: 8,
  interrupt: false,
  fromPriv: 0,
  medeleg: 0n,
  mideleg: 0n,
  mstatus: 0n,
  mie: 0n,
};
const MIE = 1n << 3n;
const SIE = 1n << 1n;

describe('explainTrapRouting', () => {
  it('an ecall from U goes to S when medeleg bit 8 is set, naming the bit', () => {
    const r = explainTrapRouting({ ...base, medeleg: 1n << 8n });
    expect(r.target).toBe(1);
    expect(r.text).toMatch(/medeleg bit 8 is set/);
  });
  it('an ecall from S goes to M when medeleg bit 9 is clear', () => {
    const r = explainTrapRouting({ ...base, cause: 9, fromPriv: 1, medeleg: 1n << 8n });
    expect(r.target).toBe(3);
    expect(r.text).toMatch(/medeleg bit 9 is clear/);
  });
  it('an exception in M never goes down, whatever medeleg says', () => {
    expect(explainTrapRouting({ ...base, cause: 2, fromPriv: 3, medeleg: ~0n }).target).toBe(3);
  });
  it('a machine timer interrupt in M is taken only with mstatus.MIE and mie.MTIE', () => {
    const t = { ...base, cause: 7, interrupt: true, fromPriv: 3 as const };
    expect(explainTrapRouting({ ...t, mie: 1n << 7n }).target).toBeNull();
    expect(explainTrapRouting({ ...t, mstatus: MIE }).target).toBeNull();
    const r = explainTrapRouting({ ...t, mstatus: MIE, mie: 1n << 7n });
    expect(r.target).toBe(3);
    expect(r.text).toMatch(/mie bit 7 \(mie\.MTIE\)/);
  });
  it('below M, an M interrupt ignores mstatus.MIE', () => {
    expect(
      explainTrapRouting({ ...base, cause: 7, interrupt: true, fromPriv: 1, mie: 1n << 7n }).target,
    ).toBe(3);
  });
  it('a delegated supervisor timer interrupt: S needs SIE, U does not, M never takes it', () => {
    const t = { ...base, cause: 5, interrupt: true, mideleg: 1n << 5n, mie: 1n << 5n };
    expect(explainTrapRouting({ ...t, fromPriv: 1 }).target).toBeNull();
    expect(explainTrapRouting({ ...t, fromPriv: 1, mstatus: SIE }).target).toBe(1);
    expect(explainTrapRouting({ ...t, fromPriv: 0 }).target).toBe(1);
    expect(explainTrapRouting({ ...t, fromPriv: 3, mstatus: SIE | MIE }).target).toBeNull();
    expect(explainTrapRouting({ ...t, fromPriv: 0 }).text).toMatch(
      /mideleg bit 5 is set, sie bit 5 \(sie\.STIE\)/,
    );
    expect(explainTrapRouting({ ...t, fromPriv: 0, mie: 0n }).target).toBeNull();
  });
});

describe('trapSpans', () => {
  it('counts handler instructions from trap to return, with nesting', () => {
    const ev: PrivEvent[] = [
      { kind: 'trap', step: 100, from: 0, to: 1, cause: 8 },
      { kind: 'trap', step: 110, from: 1, to: 3, cause: 9 },
      { kind: 'return', step: 140, from: 3, to: 1 },
      { kind: 'return', step: 150, from: 1, to: 0 },
      { kind: 'trap', step: 200, from: 0, to: 1, cause: 2 },
    ];
    expect(trapSpans(ev)).toEqual([
      { index: 0, handlerInstructions: 50 },
      { index: 1, handlerInstructions: 30 },
      { index: 4, handlerInstructions: null },
    ]);
  });
});

describe('classifyInstruction', () => {
  const cls = (name: string, word: number, brk?: string) =>
    classifyInstruction(ROW_BY_NAME.get(name)!, word, brk).kind;
  it('marks S/M CSR accesses and the system instructions privileged, ALU innocuous', () => {
    expect(cls('csrrs', 0x10002573)).toBe('privileged'); // csrr a0, sstatus
    expect(cls('csrrs', 0x30002573)).toBe('privileged'); // csrr a0, mstatus
    expect(cls('csrrs', 0xc0102573)).toBe('privileged'); // rdtime a0: counteren-controlled
    expect(cls('csrrs', 0x00102573)).toBe('innocuous'); // frflags a0
    for (const n of ['sret', 'mret', 'wfi', 'sfence.vma'])
      expect(cls(n, ROW_BY_NAME.get(n)!.match)).toBe('privileged');
    expect(cls('add', 0x00c58533)).toBe('innocuous');
  });
  it('no instruction is sensitive-but-unprivileged unless the ISA is broken', () => {
    expect(cls('sret', 0x10200073)).toBe('privileged');
    expect(cls('sret', 0x10200073, 'sret')).toBe('sensitive');
  });
});
