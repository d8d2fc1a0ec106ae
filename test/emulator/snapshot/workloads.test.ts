import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { StopReason } from '../../../emulator/machine';
import { decodeSnapshot, encodeSnapshot } from '../../../emulator/snapshot/compress';
import { machineFromSnapshot, saveSnapshot } from '../../../emulator/snapshot/snapshot';
import { elf, newMachine, type Outcome, stateOf } from './harness';

/**
 * The benchmark workloads (millions of instructions each). The reference run goes in slices of a million
 * steps, saving a snapshot after 1000 steps and at every slice boundary (saving does not disturb the run).
 * The last boundary's snapshot is restored into a fresh machine that runs to the end; for the two shortest
 * workloads, so is the one at step 1000 (a restored machine running nearly the whole program). Each ends
 * exactly as the reference: same output, exit, registers, CSRs, counters, RAM.
 */
const DIR = fileURLToPath(new URL('../../../bench/workloads/', import.meta.url));
// Three workloads that between them write RAM in every pattern the others do (bulk copies, a table walk, a
// sieve over a bitmap); every workload costs two full runs, so the rest stay out of the unit suite.
const CHOSEN = new Set(['empty.elf', 'memcpy.elf', 'crc32.elf', 'sieve.elf']);
const WORKLOADS = readdirSync(DIR).filter((f) => CHOSEN.has(f));
const CONFIG = { ramSize: 16 * 1024 * 1024 };
const SLICE = 1_000_000;
const FULL_RESTORE = new Set(['memcpy.elf', 'empty.elf']);

interface Saved {
  snapshot: Uint8Array;
  output: string;
}

async function finish(saved: Saved): Promise<Outcome> {
  const m = machineFromSnapshot(await decodeSnapshot(await encodeSnapshot(saved.snapshot)));
  let output = saved.output;
  m.onConsoleOutput = (b) => {
    output += String.fromCharCode(b);
  };
  const stop = m.run(1e9);
  return { output, stop, state: stateOf(m) };
}

describe('benchmark workloads restored from snapshots finish as uninterrupted runs', () => {
  it('finds the workloads', () => expect(WORKLOADS.length).toBeGreaterThanOrEqual(3));

  for (const name of WORKLOADS) {
    it(name, async () => {
      const { m, output } = newMachine({ name, image: elf(`bench/workloads/${name}`), config: CONFIG });
      const save = (): Saved => ({ snapshot: saveSnapshot(m), output: output() });
      let stop: StopReason = m.run(1000);
      const early = save();
      let late = early;
      while (stop.kind === 'budget') {
        late = save();
        stop = m.run(SLICE);
      }
      const ref: Outcome = { output: output(), stop, state: stateOf(m) };
      expect(ref.stop).toEqual({ kind: 'exit', code: 0, via: 'finisher' });

      expect(await finish(late)).toEqual(ref);
      if (FULL_RESTORE.has(name)) expect(await finish(early)).toEqual(ref);
    });
  }
});
