/**
 * The worker's API, run in Node on the bundled example (firmware/examples/hello.elf). The expected console
 * text is what the example's source prints (and what QEMU prints: test/src/examples.test.ts checks that).
 */
import { describe, expect, it } from 'vitest';
import type { MachineStateView } from '../../../src/worker/emulator-api';
import { EmulatorSession } from '../../../src/worker/emulator-session';
import { hasTool, run, toolMissingMessage } from '../../helpers/tools';
import { HELLO_PATH, HELLO_TEXT, hello } from './programs';
/** The link script (firmware/examples/link.ld) puts _start, the ELF entry, at the start of RAM. */
const ENTRY = 0x8000_0000n;
const text = (v: MachineStateView): string => new TextDecoder().decode(v.consoleBytes);

async function loaded(): Promise<EmulatorSession> {
  const s = new EmulatorSession({ ramSize: 1 << 20 });
  const r = await s.loadElf(hello(), 'hello.elf');
  expect(r).toMatchObject({ ok: true, entry: ENTRY });
  return s;
}

describe('EmulatorSession', () => {
  it('starts empty and refuses to run with nothing loaded', async () => {
    const s = new EmulatorSession({ ramSize: 1 << 20 });
    expect((await s.getState()).status).toEqual({ kind: 'empty' });
    expect(await s.run()).toEqual({ kind: 'empty' });
    expect(await s.step()).toEqual({ kind: 'empty' });
  });

  it('loads an ELF: pc at its entry, M-mode, nothing retired yet', async () => {
    const v = await (await loaded()).getState();
    expect(v).toMatchObject({ status: { kind: 'ready' }, program: 'hello.elf', pc: ENTRY, priv: 3 });
    expect(v.instructionsRetired).toBe(0n);
    expect(v.x.length).toBe(32);
  });

  it('runs the example to its exit through the test finisher and hands over its console output once', async () => {
    const s = await loaded();
    expect(await s.run(50)).toEqual({ kind: 'exit', code: 0, via: 'finisher' });
    const v = await s.getState();
    expect(text(v)).toBe(HELLO_TEXT);
    expect(v.status).toEqual({ kind: 'exit', code: 0, via: 'finisher' });
    expect(v.priv).toBe(3); // the exit call is served by the M-mode trap handler
    expect(text(await s.getState())).toBe('');
    expect(await s.step()).toEqual({ kind: 'exit', code: 0, via: 'finisher' }); // an exited machine stays exited
  });

  it('steps one instruction at a time', async () => {
    const s = await loaded();
    // The first instruction is `la sp, stack_top`'s auipc: 4 bytes, so pc moves to entry + 4.
    expect(await s.step()).toEqual({ kind: 'paused', cause: 'step' });
    const v = await s.getState();
    expect(v.pc).toBe(ENTRY + 4n);
    expect(v.instructionsRetired).toBe(1n);
  });

  it('shows registers as unsigned 64-bit values, high halves included', async () => {
    const s = await loaded();
    // hello.S sets t0 (x5) to -1 with `li t0, -1` before writing pmpaddr0: all 64 bits set.
    let sawAllOnes = false;
    for (let i = 0; i < 1000 && !sawAllOnes; i++) {
      await s.step();
      sawAllOnes = (await s.getState()).x[5] === 0xffff_ffff_ffff_ffffn;
    }
    expect(sawAllOnes).toBe(true);
  });

  it('pauses a run between slices and continues it to the same end', async () => {
    const s = await loaded();
    const running = s.run(10);
    expect((await s.getState()).status).toEqual({ kind: 'running' });
    await s.pause();
    expect(await running).toEqual({ kind: 'paused', cause: 'user' });
    const paused = await s.getState();
    expect(paused.status).toEqual({ kind: 'paused', cause: 'user' });
    expect(paused.instructionsRetired).toBeGreaterThan(0n);
    expect(await s.run()).toEqual({ kind: 'exit', code: 0, via: 'finisher' });
    expect(text(paused) + text(await s.getState())).toBe(HELLO_TEXT);
  });

  it('reset returns to the entry with fresh state and an empty console', async () => {
    const s = await loaded();
    await s.run();
    await s.reset();
    const v = await s.getState();
    expect(v).toMatchObject({ status: { kind: 'ready' }, pc: ENTRY, priv: 3, instructionsRetired: 0n });
    expect(text(v)).toBe('');
    expect(await s.run()).toEqual({ kind: 'exit', code: 0, via: 'finisher' });
    expect(text(await s.getState())).toBe(HELLO_TEXT);
  });

  it('says what is wrong with a file that is not an ELF, and keeps the loaded program', async () => {
    const s = await loaded();
    const r = await s.loadElf(new TextEncoder().encode('#!/bin/sh\necho hi\n'), 'script.sh');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^script\.sh: .*ELF/i);
    expect((await s.getState()).program).toBe('hello.elf');
  });
});

const NM = 'riscv64-unknown-elf-nm';
if (!hasTool(NM)) console.warn(toolMissingMessage(NM));

describe.skipIf(!hasTool(NM))('EmulatorSession register view against the ELF symbols (GNU nm)', () => {
  it('sp holds stack_top at exit (the example never moves sp after setting it)', async () => {
    const nm = run(NM, [HELLO_PATH.pathname]).stdout;
    const m = /^([0-9a-f]+) \w stack_top$/m.exec(nm);
    expect(m).not.toBeNull();
    const s = await loaded();
    await s.run();
    expect((await s.getState()).x[2]).toBe(BigInt('0x' + m![1]));
  });
});
