/**
 * What the translator makes of a block since semantics are templates: registers in local variables, no call
 * per instruction, traces through jal, and, when an instruction in the middle of a block traps, exactly the
 * registers, pc and counters the ISA gives (every earlier instruction done, the trapping one not).
 * Expected values are worked out from the ISA manual, not taken from either engine.
 */
import { describe, expect, it } from 'vitest';
import { translateBlock } from '../../../../emulator/hart/translate/block';
import type { Engine, Machine } from '../../../../emulator/machine';
import { HAVE_GNU_AS, machineFor, NO_GNU_AS_MESSAGE, reg } from '../harness';

if (!HAVE_GNU_AS) console.warn(NO_GNU_AS_MESSAGE);

const ENGINES: Engine[] = ['interpreter', 'translator'];

/** The block the translator would compile at `label`. */
function blockAt(m: Machine, symbols: Map<string, number>, label: string): string {
  const pc = symbols.get(label)!;
  const index = m.hart.fetchIndex(pc | 0, 0);
  const block = translateBlock(m.hart, pc | 0, 0, index, null);
  if (block === null) throw new Error(`no block at ${label}`);
  return block.source;
}

const SUM = `
  li t0, 0
  li t1, 100
  la t2, buf
loop:
  addi t0, t0, 3
  sd t0, 0(t2)
  ld t3, 0(t2)
  add t4, t4, t3
  addi t1, t1, -1
  bnez t1, loop
  j over
back:
  addi a0, a0, 1
  j done
over:
  addi a0, a0, 10
  j back
done:
  j done
  .balign 8
buf: .dword 0
`;

describe.skipIf(!HAVE_GNU_AS)('translated blocks', () => {
  it.each(ENGINES)('run a loop of ALU ops, loads and stores to the ISA result (%s)', (engine) => {
    const { m } = machineFor(SUM, { engine, translateAfter: 1 });
    m.run(2000);
    // t0 steps by 3 a hundred times; t4 sums 3 + 6 + ... + 300 = 3 * 5050; a0 = 10 + 1.
    expect(reg(m, 't0')).toBe(300n);
    expect(reg(m, 't4')).toBe(15150n);
    expect(reg(m, 'a0')).toBe(11n);
    expect(m.hart.steps).toBe(2000);
    if (engine === 'translator') expect(m.blocksCompiled).toBeGreaterThan(0);
  });

  it('keeps registers in locals and calls no function per instruction', () => {
    const { m, symbols } = machineFor(SUM, { engine: 'translator' });
    const source = blockAt(m, symbols, 'loop');
    // Loaded once on entry, stored back once on the way out.
    expect(source).toMatch(/let r5l = x\[5\], r5h = x\[37\];/);
    expect(source).toMatch(/finally \{.*x\[29\] = r29l;/);
    expect(source).not.toMatch(/\bS\d+\(h/);
    // The loop runs inside the block function.
    expect(source).toContain('do {');
  });

  it('follows a jal within the page (a trace) but never back into itself', () => {
    const { m, symbols } = machineFor(SUM, { engine: 'translator' });
    const source = blockAt(m, symbols, 'over');
    // over: addi; j back; back: addi; j done; done: j done (already in the block: the block ends there).
    const done = symbols.get('done')! | 0;
    expect(source).toContain(`h.pcLo = tl;`);
    expect(source).toContain(`tl = ((${done}) + (0)) | 0;`);
    // Both addi a0 are in it, and the jumps they follow leave no exit behind.
    expect(source.match(/r10l = lo/g)?.length).toBe(2);
    expect(source.match(/h\.pcLo = tl;/g)?.length).toBe(1);
  });

  const FAULT = `
  .option norvc
  li a0, 5
  li a1, 7
  la a2, handler
  csrw mtvec, a2
  li a3, 0x4000
  slli a3, a3, 40
again:
  addi a0, a0, 1
  add a1, a1, a0
  ld a4, 0(a3)
  addi a5, a5, 1
  j again
  .balign 4
handler:
  wfi
`;

  it.each(ENGINES)('leaves the ISA state when a load in the middle of a block faults (%s)', (engine) => {
    const { m, symbols } = machineFor(FAULT, { engine, translateAfter: 1 });
    const traps: number[] = [];
    m.onTrap = (t) => traps.push(Number(t.cause));
    // 7 set-up instructions (li, li, la = auipc + addi, csrw, li = lui, slli), then a block from li a3
    // through the ld, which faults; the handler's wfi stops the run (nothing can wake it).
    expect(m.run(50)).toEqual({ kind: 'wfi' });
    expect(traps).toEqual([5]); // load access fault: nothing at 0x4000 << 40 (above 2^39 too)
    expect(reg(m, 'a0')).toBe(6n);
    expect(reg(m, 'a1')).toBe(13n);
    expect(reg(m, 'a4')).toBe(0n);
    expect(reg(m, 'a5')).toBe(0n);
    const ldPc = symbols.get('again')! + 8;
    expect(m.hart.getCsr(0x341)).toBe(BigInt(ldPc)); // mepc
    expect(m.hart.getCsr(0x343)).toBe(0x4000n << 40n); // mtval: the address
    // minstret: the instructions before the ld retired, the ld did not.
    expect(m.hart.instret).toBe(7 + 2 + 1);
    expect(m.hart.steps).toBe(7 + 2 + 1 + 1);
  });
});
