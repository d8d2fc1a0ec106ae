/**
 * The translator's promises: self-modifying code behaves as on QEMU, a breakpoint inside a translated block
 * stops exactly there, and an interrupt lands at the same instruction in a plain step-by-step run, in the
 * interpreter's run loop and in the translator.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadElf } from '../../../../emulator/loader/elf';
import { type Engine, Machine } from '../../../../emulator/machine';
import { AS, buildElf, LD, QEMU, runQemu } from '../../../diff/toolchain';
import { hasTool, toolMissingMessage } from '../../../helpers/tools';
import { observe, record } from './engines';

const UTIL = `
  .equ UART, 0x10000000
  .equ FINISHER, 0x100000
# print a0 as 16 hex digits and a newline
print_hex:
  li t0, UART
  li t1, 60
1: srl t2, a0, t1
  andi t2, t2, 15
  li t3, 10
  blt t2, t3, 2f
  addi t2, t2, 'a' - 10 - '0'
2: addi t2, t2, '0'
  sb t2, 0(t0)
  addi t1, t1, -4
  bgez t1, 1b
  li t2, '\\n'
  sb t2, 0(t0)
  ret
exit:
  li t0, FINISHER
  li t1, 0x5555
  sw t1, 0(t0)
3: j 3b
`;

/**
 * Part 1 rewrites the first instruction of a function after 10 of 20 calls, then fence.i: 10 * 1 + 10 * 100.
 * Part 2 stores over the instruction right after the stores, in the same basic block, with no fence.i, 20
 * times. The ISA promises nothing without fence.i; both hartscope engines see every store at once (20 x 7),
 * as a hart without instruction caches would. QEMU 7.2 does not (its RISC-V TCG has no precise SMC: a
 * translated block finishes with the instructions it was translated from, giving 1 + 19 x 7), so only part 1
 * is compared with QEMU.
 */
const SMC = `
  .option norvc
  .globl _start
_start:
  li s0, 0
  li s1, 0
  li s2, 20
  la s3, patch
loop:
  jal ra, f
  add s0, s0, a0
  addi s1, s1, 1
  li t0, 10
  bne s1, t0, 1f
  lw t1, new1
  sw t1, 0(s3)
  fence.i
1: blt s1, s2, loop
  mv a0, s0
  jal ra, print_hex

  li s4, 0
  li s5, 0
  la t2, target
loop2:
  lw t1, orig2
  sw t1, 0(t2)
  lw t1, new2
  sw t1, 0(t2)
target:
  addi a1, zero, 1
  add s4, s4, a1
  addi s5, s5, 1
  blt s5, s2, loop2
  mv a0, s4
  jal ra, print_hex
  j exit

f:
patch:
  addi a0, zero, 1
  ret
new1: addi a0, zero, 100
orig2: addi a1, zero, 1
new2: addi a1, zero, 7
${UTIL}
`;

const haveTools = [AS, LD].every(hasTool);
if (!haveTools) console.warn(toolMissingMessage(AS));

describe.skipIf(!haveTools)('the translator', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hartscope-translator-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const machine = (name: string, source: string, engine: Engine): Machine => {
    const m = new Machine({ engine, translateAfter: 1, ramSize: 1 << 20 });
    m.load(loadElf(readFileSync(buildElf(dir, name, source))));
    return m;
  };

  const smcOutput = (engine: Engine): { text: string; blocks: number } => {
    const m = machine('smc', SMC, engine);
    const log = record(m);
    expect(m.run(1_000_000)).toEqual({ kind: 'exit', code: 0, via: 'finisher' });
    return { text: observe(m, log).console, blocks: m.blocksCompiled };
  };

  it('runs self-modifying code as the ISA says: 10 x 1 + 10 x 100 after fence.i, 20 x 7 when patched ahead', () => {
    const expected = `${(1010).toString(16).padStart(16, '0')}\n${(140).toString(16).padStart(16, '0')}\n`;
    expect(smcOutput('interpreter').text).toBe(expected);
    const translated = smcOutput('translator');
    expect(translated.blocks).toBeGreaterThan(0);
    expect(translated.text).toBe(expected);
  });

  it.skipIf(!hasTool(QEMU))('prints what QEMU prints for code rewritten before a fence.i', async () => {
    const q = await runQemu(buildElf(dir, 'smc-qemu', SMC));
    expect(q.exitCode).toBe(0);
    const firstLine = (text: string): string => text.split('\n')[0];
    expect(firstLine(q.output)).toBe((1010).toString(16).padStart(16, '0'));
    expect(firstLine(smcOutput('translator').text)).toBe(firstLine(q.output));
  });

  const LOOP = `
  .globl _start
_start:
  li s0, 0
  li s1, 1000
loop:
  addi s0, s0, 1
  slli t0, s0, 3
  xor t1, t0, s0
middle:
  add t2, t1, t0
  sub t3, t2, s0
  bne s0, s1, loop
  j exit
${UTIL}
`;

  it('stops at a breakpoint inside a translated block, before that instruction, on every pass', () => {
    const stops = (engine: Engine): [bigint, number, bigint][] => {
      const m = machine('loop', LOOP, engine);
      // Warm the loop up so its body is one translated block, then break in the middle of it.
      expect(m.run(200)).toEqual({ kind: 'budget' });
      if (engine === 'translator') expect(m.blocksCompiled).toBeGreaterThan(0);
      const middle = loadElf(readFileSync(join(dir, 'loop.elf'))).symbols.find((s) => s.name === 'middle')!;
      m.setBreakpoints([BigInt(middle.address)]);
      const seen: [bigint, number, bigint][] = [];
      for (let i = 0; i < 3; i++) {
        expect(m.run(1_000_000)).toEqual({ kind: 'breakpoint' });
        expect(m.hart.getPc()).toBe(BigInt(middle.address));
        seen.push([m.hart.getPc(), m.hart.instret, m.hart.getReg(8)]);
      }
      return seen;
    };
    const interpreted = stops('interpreter');
    // One pass of the loop is 6 instructions, and s0 counts the passes.
    expect(interpreted[1][1] - interpreted[0][1]).toBe(6);
    expect(interpreted[1][2] - interpreted[0][2]).toBe(1n);
    expect(stops('translator')).toEqual(interpreted);
  });

  const TIMER = `
  .globl _start
_start:
  la t0, handler
  csrw mtvec, t0
  li t0, 0x200bff8
  ld t1, 0(t0)
  addi t1, t1, 777
  li t0, 0x2004000
  sd t1, 0(t0)
  li t0, 0x80
  csrw mie, t0
  csrsi mstatus, 8
  li s0, 0
spin:
  addi s0, s0, 1
  slli t0, s0, 1
  add t1, t0, s0
  j spin
handler:
  csrr s6, minstret
  csrr s7, mepc
  csrr s8, mcause
  li t0, 0x2004000
  li t1, -1
  sd t1, 0(t0)
  j exit
${UTIL}
`;

  it('takes a timer interrupt at the same instruction as single steps do', () => {
    const result = (engine: Engine, singleSteps: boolean) => {
      const m = machine('timer', TIMER, engine);
      const log = record(m);
      if (singleSteps) {
        for (let i = 0; i < 10_000 && m.step() === null; i++);
      } else {
        expect(m.run(10_000)).toEqual({ kind: 'exit', code: 0, via: 'finisher' });
      }
      const o = observe(m, log);
      return { s6: o.x[22], s7: o.x[23], s8: o.x[24], s0: o.x[8], instret: o.instret, traps: o.traps };
    };
    const stepped = result('interpreter', true);
    expect(stepped.s8).toBe((1n << 63n) | 7n); // machine timer interrupt
    expect(stepped.traps).toHaveLength(1);
    expect(result('interpreter', false)).toEqual(stepped);
    expect(result('translator', false)).toEqual(stepped);
  });

  it('never runs past the budget: run(n) takes exactly n steps', () => {
    const m = machine('loop', LOOP, 'translator');
    for (const n of [1, 2, 5, 7, 100, 3]) {
      const before = m.hart.steps;
      expect(m.run(n)).toEqual({ kind: 'budget' });
      expect(m.hart.steps - before).toBe(n);
    }
  });
});
