/**
 * The run loop's chunks (src/worker/run-loop.ts): a slice runs in chunks sized to the machine's measured
 * speed, so a fast machine looks at the clock (and enters Machine.run) rarely, and a slow one still ends its
 * slice on time. The clock here is fake: each look advances it by a fixed step, so the figures are exact.
 */
import { describe, expect, it } from 'vitest';
import { EmulatorSession } from '../../../src/worker/emulator-session';
import { SPIN } from './programs';

/** Instructions retired by each of the first `slices` slices of a run of SPIN, with `msPerLook` per clock read. */
async function sliceLengths(
  msPerLook: number,
  slices: number,
): Promise<{ lengths: number[]; looks: number }> {
  let clock = 0;
  let looks = 0;
  const retired: bigint[] = [];
  let s: EmulatorSession | null = null;
  const yieldNow = async (): Promise<void> => {
    retired.push((await s!.getState()).instructionsRetired);
    if (retired.length === slices) void s!.pause();
  };
  const now = () => {
    looks++;
    return (clock += msPerLook);
  };
  s = new EmulatorSession({ ramSize: 1 << 20 }, { yieldNow, now });
  const r = await s.assembleAndLoad({ text: SPIN, file: 'spin.S' });
  expect(r.ok).toBe(true);
  looks = 0;
  expect(await s.run()).toEqual({ kind: 'paused', cause: 'user' });
  const lengths = retired.map((n, i) => Number(n - (i === 0 ? 0n : retired[i - 1])));
  return { lengths, looks };
}

describe('run loop chunks', () => {
  it('grow on a fast machine: a slice of about 8 clock looks runs far more than 8 chunks of 4096', async () => {
    // 1 ms per look: each chunk took 1 ms, half the 2 ms aimed at, so the next is twice as long.
    const { lengths, looks } = await sliceLengths(1, 2);
    // The first slice: 4096, 8192, ... doubling until the slice's 1,000,000-instruction limit.
    expect(lengths[0]).toBe(1_000_000);
    expect(lengths[1]).toBe(1_000_000);
    // Still sliced by time: a handful of looks per slice, not one per 4096 instructions.
    expect(looks).toBeLessThan(2 * 12);
  });

  it('stay at the minimum on a slow machine, so a slice still ends on time', async () => {
    // 10 ms per look: every chunk overshoots the 8 ms slice, which therefore ends after one chunk.
    const { lengths } = await sliceLengths(10, 3);
    expect(lengths).toEqual([4096, 4096, 4096]);
  });
});
