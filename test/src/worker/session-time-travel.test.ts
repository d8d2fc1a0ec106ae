/**
 * Stepping backwards through the worker's session (issue 6): for every example as the page loads it, after
 * running T instructions, stepping back N gives the state a fresh session reaches by stepping T - N forward
 * (the independent reference: no history involved), and stepping forward N again gives back the state it
 * had at T. State: pc, privilege, x1..x31, every CSR of the state view, the retired count, mtime and a hash
 * of all of RAM. Run back stops at the previous visit of a breakpoint, again checked against a fresh run.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EmulatorSession } from '../../../src/worker/emulator-session';
import { assembleRequest, EXAMPLES } from '../../../ui/app/examples';

const RAM = 1 << 22;

function monitorSources(): Record<string, string> {
  const dir = new URL('../../../firmware/monitor/', import.meta.url).pathname;
  return Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f.endsWith('.S'))
      .map((f) => [f, readFileSync(dir + f, 'utf8')]),
  );
}
const sources = monitorSources();

async function loaded(file: string): Promise<EmulatorSession> {
  const ex = EXAMPLES.find((x) => x.file === file)!;
  const firmware = ex.payload ? 'monitor' : 'bare';
  const s = new EmulatorSession({ ramSize: RAM }, { monitorSources: sources });
  const r = await s.assembleAndLoad({
    ...assembleRequest(file, ex.text, firmware),
    firmware: { kind: firmware },
    machine: ex.machine,
  });
  expect(r.ok, r.ok ? '' : r.error).toBe(true);
  return s;
}

/** Everything compared: registers, CSRs, counters, and a SHA-256 of RAM (read 1 MiB at a time). */
async function stateOf(s: EmulatorSession) {
  const v = await s.getState();
  const hash = createHash('sha256');
  for (let a = 0x8000_0000n; a < 0x8000_0000n + BigInt(RAM); a += 1n << 20n)
    hash.update((await s.readMemory(a, 1 << 20)).bytes);
  return {
    pc: v.pc,
    priv: v.priv,
    x: [...v.x],
    csrs: [...v.csrs],
    retired: v.instructionsRetired,
    mtime: v.mtime,
    ram: hash.digest('hex'),
  };
}

/** How far each example is run before going back: inside its interesting part, past some traps. */
const T = 6000;

describe('step back N, then forward N, in the session', () => {
  it.each(EXAMPLES.map((x) => x.file))('%s', async (file) => {
    let s = await loaded(file);
    let end = T;
    // A program that ends before T (hello.S) is taken half-way through instead.
    const ran = await s.step(end);
    if (ran.kind === 'exit') {
      end = Math.floor(Number((await s.getState()).instructionsRetired) / 2);
      s = await loaded(file);
      await s.step(end);
    }
    const atT = await stateOf(s);
    // One reference session stepped forward only, to each state the history goes back to.
    const reference = await loaded(file);
    let referenceAt = 0;
    for (const n of [2500, 17, 1].filter((k) => k < end)) {
      expect(await s.stepBack(n)).toEqual({ kind: 'paused', cause: 'step-back' });
      const back = await stateOf(s);
      await reference.step(end - n - referenceAt);
      referenceAt = end - n;
      expect(back, `${file}: back ${n}`).toEqual(await stateOf(reference));
      await s.step(n);
      expect(await stateOf(s), `${file}: back ${n}, forward ${n}`).toEqual(atT);
    }
  });

  it('goes back no further than the load, and a register edit starts history again', async () => {
    const s = await loaded('hello.S');
    await s.step(10);
    await s.stepBack(1000);
    expect((await s.getState()).instructionsRetired).toBe(0n);
    await s.step(5);
    expect((await s.writeRegister(5, 0x1234n)).ok).toBe(true);
    await s.step(3);
    await s.stepBack(100);
    const v = await s.getState();
    expect(v.instructionsRetired).toBe(5n);
    expect(v.x[5]).toBe(0x1234n);
  });

  it('run back stops at the previous time pc was at a breakpoint', async () => {
    const s = await loaded('fibonacci.S');
    const ex = EXAMPLES.find((x) => x.file === 'fibonacci.S')!;
    const r = await s.assembleAndLoad({ ...assembleRequest('fibonacci.S', ex.text, 'monitor') });
    if (!r.ok) throw new Error(r.error);
    const loop = r.symbols.find((x) => x.name === 'next');
    expect(loop, 'fibonacci.S has a loop label').toBeDefined();
    await s.setBreakpoints([loop!.address]);
    // Run to the breakpoint three times: pc is at the loop, the third visit.
    for (let i = 0; i < 3; i++) expect(await s.run()).toEqual({ kind: 'paused', cause: 'breakpoint' });
    const third = (await s.getState()).instructionsRetired;
    await s.step(3);
    // Back to the third visit, then to the second; a fresh run to the second visit is the reference.
    expect((await s.runBack()).found).toBe(true);
    expect((await s.getState()).instructionsRetired).toBe(third);
    expect(await s.runBack()).toEqual({ found: true, status: { kind: 'paused', cause: 'run-back' } });
    const second = await stateOf(s);
    const reference = await loaded('fibonacci.S');
    await reference.setBreakpoints([loop!.address]);
    await reference.run();
    await reference.run();
    expect(second).toEqual(await stateOf(reference));
  });
});
