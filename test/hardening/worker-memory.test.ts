/**
 * Issue 8: "the worker's memory stays bounded for any guest". Two guests that would grow an unbounded
 * structure fast, run to the end in the worker's session (EmulatorSession, what emulator.worker.ts serves)
 * with the page not reading anything meanwhile; the memory the session keeps is measured after a full
 * garbage collection (V8 heap + array buffers), before and after:
 * - a console flood: 8 MiB of output, then "END". The session keeps only the newest CONSOLE_FRAME_LIMIT
 *   bytes and counts the rest as dropped (the page then shows what it gets plus that count);
 * - a guest that rewrites all of its RAM with new values, 180 times (~180 MiB of changed memory): the time
 *   travel history (checkpoints of changed pages) stays within HISTORY_BYTES.
 * Each bound is far below what the guest produced, so a buffer or a history without its limit fails here.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { CONSOLE_FRAME_LIMIT } from '../../src/worker/emulator-api';
import { EmulatorSession } from '../../src/worker/emulator-session';
import { HISTORY_BYTES } from '../../src/worker/time-travel-session';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const MiB = 1024 * 1024;

/** Bytes the process keeps alive: the V8 heap and the memory of ArrayBuffers, after a full collection. */
function retained(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

const RAM = 1 * MiB;
const FLOOD_BYTES = 8 * MiB;
const PASSES = 180;

/** FLOOD_BYTES of 'A' to the UART (no flow control needed: the UART takes every byte), then END. */
const FLOOD = `
  .globl _start
_start:
  li t0, 0x10000000
  li t1, 'A'
  li t2, ${FLOOD_BYTES}
1:
  sb t1, 0(t0)
  addi t2, t2, -1
  bnez t2, 1b
  la a0, tail
2:
  lbu t1, 0(a0)
  beqz t1, 3f
  sb t1, 0(t0)
  addi a0, a0, 1
  j 2b
3:
  li t0, 0x100000          # SiFive test finisher: 0x5555 = pass
  li t1, 0x5555
  sw t1, 0(t0)
  j .
tail:
  .string "END\\n"
`;

/** Every doubleword from `buf` to the end of RAM, rewritten PASSES times with values new in each pass. */
const WRITE_EVERYWHERE = `
  .globl _start
_start:
  li s0, ${PASSES}
  li s1, 0x80000000 + ${RAM}
  li t3, 0
pass:
  la t0, buf
1:
  sd t3, 0(t0)
  addi t3, t3, 1
  addi t0, t0, 8
  bltu t0, s1, 1b
  addi s0, s0, -1
  bnez s0, pass
  li t0, 0x100000
  li t1, 0x5555
  sw t1, 0(t0)
  j .
  .balign 4096
buf:
`;

async function load(text: string): Promise<EmulatorSession> {
  const s = new EmulatorSession({ ramSize: RAM });
  const r = await s.assembleAndLoad({ text, file: 'guest.S' });
  expect(r.ok, r.ok ? '' : r.error).toBe(true);
  return s;
}

describe('the worker keeps bounded memory for any guest', () => {
  it('a guest that floods the console: only the newest CONSOLE_FRAME_LIMIT bytes are kept', async () => {
    const s = await load(FLOOD);
    await s.getState();
    const before = retained();
    expect(await s.run()).toEqual({ kind: 'exit', code: 0, via: 'finisher' });
    const growth = retained() - before;
    const view = await s.getState();

    const written = FLOOD_BYTES + 'END\n'.length;
    expect(view.consoleBytes.length).toBe(CONSOLE_FRAME_LIMIT);
    expect(view.consoleDropped).toBe(written - CONSOLE_FRAME_LIMIT); // the oldest ones
    expect(new TextDecoder().decode(view.consoleBytes.subarray(-8))).toBe('AAAAEND\n');
    // The guest wrote 8 MiB; measured growth is about 0.6 MiB (the kept 64 KiB, compiled code, caches).
    expect(growth).toBeLessThan(CONSOLE_FRAME_LIMIT + 2 * MiB);
    // A new view starts empty: nothing was kept behind the one the page got.
    expect((await s.getState()).consoleBytes.length).toBe(0);
  }, 120_000);

  it('a guest that rewrites all of RAM again and again: the history stays within HISTORY_BYTES', async () => {
    const s = await load(WRITE_EVERYWHERE);
    await s.getState();
    const before = retained();
    expect(await s.run()).toEqual({ kind: 'exit', code: 0, via: 'finisher' });
    const growth = retained() - before;
    const view = await s.getState();
    // Sanity: it ran every pass (about 4 instructions per doubleword).
    expect(Number(view.instructionsRetired)).toBeGreaterThan((PASSES * RAM * 0.9 * 4) / 8);
    // The guest changed PASSES x ~1 MiB = ~180 MiB of memory; the session keeps at most the history's cap
    // (measured: about 67 MiB in all) and some slack.
    const bound = HISTORY_BYTES + 12 * MiB;
    expect(growth).toBeLessThan(bound);
    expect(PASSES * RAM).toBeGreaterThan(2 * bound);
  }, 120_000);
});
