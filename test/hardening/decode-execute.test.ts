/**
 * Hardening of the instruction path (docs/hardening.md, "Instructions and guest code"): any 32-bit word
 * decodes to a row of the table or to undefined and disassembles without throwing; executing any word, or
 * any RAM contents, in any privilege mode and under random page tables, never throws out of Machine.run.
 * The guest's faults are the guest's: an illegal word raises the illegal-instruction exception (privileged
 * spec, "Machine Cause Register": code 2) at its own address.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../emulator/asm/assembler';
import type { ProgramImage } from '../../emulator/image';
import { decode } from '../../emulator/isa/decode';
import { disassemble } from '../../emulator/isa/disasm';
import { INSTRUCTIONS } from '../../emulator/isa/table';
import { Machine } from '../../emulator/machine';
import type { TrapRecord } from '../../emulator/hart/trap';

const RAM_BASE = 0x8000_0000;
const ILLEGAL_INSTRUCTION = 2;
const ROWS = new Set(INSTRUCTIONS);
const word32 = fc.integer({ min: 0, max: 0xffff_ffff });

function checkDecodes(w: number): void {
  const row = decode(w);
  if (row !== undefined) {
    expect(ROWS.has(row)).toBe(true);
    const bits = row.length === 4 ? w >>> 0 : w & 0xffff;
    expect((bits & row.mask) >>> 0).toBe(row.match >>> 0);
  }
  for (const aliases of [true, false]) {
    const text = disassemble(w, BigInt(RAM_BASE), { aliases });
    expect(text.length).toBeGreaterThan(0);
  }
}

describe('every instruction word decodes to a table row or to illegal, and disassembles', () => {
  it('all 65536 halfwords (the whole compressed space, and the low halves of 32-bit words)', () => {
    for (let w = 0; w < 0x10000; w++) checkDecodes(w);
  });

  it('random 32-bit words', () => {
    fc.assert(
      fc.property(word32, (w) => checkDecodes(w)),
      { numRuns: 20_000 },
    );
  });

  it('a sweep of 2^20 words spread over the whole 32-bit space', () => {
    // Multiplying by an odd constant is a bijection on 32-bit words: 2^20 distinct words, all opcodes.
    for (let i = 0; i < 1 << 20; i++) {
      const w = Math.imul(i, 0x9e37_79b1) >>> 0;
      const row = decode(w);
      if (row !== undefined && row.length === 4) expect((w & row.mask) >>> 0 === row.match >>> 0).toBe(true);
    }
  });
});

/** An image whose first bytes are `code`, at the reset address, in a 1 MiB machine. */
function imageOf(code: Uint8Array): ProgramImage {
  return {
    entry: RAM_BASE,
    segments: [
      {
        address: RAM_BASE,
        data: code,
        memSize: code.length,
        flags: { read: true, write: true, execute: true },
      },
    ],
    symbols: [],
    sourceMap: new Map(),
  };
}

// One machine for all cases: load() power-cycles it (fresh RAM, devices and hart), so cases cannot leak.
const machine = new Machine({ ramSize: 1 << 20 });
let traps: TrapRecord[] = [];
machine.onTrap = (t) => {
  if (traps.length < 16) traps.push(t);
};

function machineWith(code: Uint8Array): { machine: Machine; traps: TrapRecord[] } {
  traps = [];
  machine.load(imageOf(code));
  return { machine, traps };
}

const bytesOf = (w: number): Uint8Array => new Uint8Array(new Uint32Array([w]).buffer);

describe('executing anything never throws out of Machine.run', () => {
  it('a word that does not decode raises illegal-instruction at its own address', () => {
    fc.assert(
      fc.property(word32, (w) => {
        fc.pre(decode(w) === undefined);
        const { traps } = machineWith(bytesOf(w));
        machine.run(1);
        expect(traps[0]).toMatchObject({ interrupt: false, cause: ILLEGAL_INSTRUCTION, epcLo: RAM_BASE | 0 });
        // mtval may be 0 or the instruction's bits (privileged spec); hartscope, like QEMU, gives the bits.
        const bits = (w & 3) === 3 ? w >>> 0 : w & 0xffff;
        expect(traps[0].tvalLo >>> 0).toBe(bits);
        expect(traps[0].tvalHi).toBe(0);
      }),
      { numRuns: 3000 },
    );
  });

  it('any word, then whatever follows from it, in M-mode', () => {
    fc.assert(
      fc.property(word32, (w) => {
        machineWith(bytesOf(w));
        const stop = machine.run(200);
        expect(['budget', 'wfi', 'exit']).toContain(stop.kind);
      }),
      { numRuns: 3000 },
    );
  });

  it('random bytes as RAM, run from the reset address', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 4, maxLength: 4096 }), (code) => {
        machineWith(code);
        expect(() => machine.run(2000)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  it('random code in S- or U-mode under random Sv39 page tables, traps delegated at random', () => {
    const setup = fc.record({
      mode: fc.constantFrom(0n, 1n), // mstatus.MPP: U or S
      satpMode: fc.constantFrom(0n, 8n), // Bare or Sv39
      rootPage: fc.integer({ min: 2, max: 255 }), // a page of the 1 MiB RAM, after the code
      medeleg: fc.bigInt(0n, 0xffffn),
      mideleg: fc.constantFrom(0n, 0x222n),
      body: fc.uint8Array({ minLength: 64, maxLength: 4096 }),
      tables: fc.uint8Array({ minLength: 4096, maxLength: 4096 }),
    });
    let leftMachineMode = 0;
    fc.assert(
      fc.property(setup, (s) => {
        const satp = (s.satpMode << 60n) | BigInt((RAM_BASE >>> 12) + s.rootPage);
        const prelude = assemble(
          [
            '  li t0, -1',
            '  csrw pmpaddr0, t0',
            '  li t0, 0x1f', // NAPOT over everything, R W X: S and U may touch all memory
            '  csrw pmpcfg0, t0',
            `  li t0, ${s.medeleg}`,
            '  csrw medeleg, t0',
            `  li t0, ${s.mideleg}`,
            '  csrw mideleg, t0',
            '  la t0, body',
            '  csrw mtvec, t0',
            '  csrw stvec, t0',
            '  csrw mepc, t0',
            `  li t0, ${s.mode << 11n}`,
            '  csrw mstatus, t0',
            `  li t0, ${satp}`,
            '  csrw satp, t0',
            '  mret',
            '  .balign 4',
            'body:',
          ].join('\n'),
          { file: 'prelude.S' },
        );
        expect(prelude.errors).toEqual([]);
        const head = prelude.image!.segments[0].data;
        const code = new Uint8Array(0x2000);
        code.set(head);
        code.set(s.body.subarray(0, code.length - head.length), head.length);
        const { traps } = machineWith(code);
        machine.ram.bytes.set(s.tables, s.rootPage * 4096); // satp's root table: random PTEs
        expect(() => machine.run(3000)).not.toThrow();
        if (machine.hart.priv !== 3 || traps.some((t) => t.fromPriv !== 3)) leftMachineMode++;
      }),
      { numRuns: 200 },
    );
    // The prelude really dropped to S or U (else this would test M-mode again).
    expect(leftMachineMode).toBeGreaterThan(190);
  });
});
