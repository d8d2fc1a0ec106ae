/**
 * The translator against the interpreter: the random programs of the QEMU differential suite (test/diff)
 * and every bench workload run on both engines, with blocks compiled on their first entry and the run cut
 * into odd-sized budget slices, must end in the same state: registers, pc, mode, counters, CSRs, a hash of
 * all of RAM, the console and the log of every trap. (Each engine's agreement with QEMU itself is the
 * differential suite's job, run with HARTSCOPE_ENGINE=translator.)
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadElf } from '../../../../emulator/loader/elf';
import { type Engine, Machine } from '../../../../emulator/machine';
import { buildProgram } from '../../../diff/harness';
import { DEFAULT_SEED, illegalPools, planSuite } from '../../../diff/suite';
import { AS, buildElf, hasTool, LD, OBJDUMP } from '../../../diff/toolchain';
import { runObserved } from './engines';

const BENCH = join(__dirname, '../../../../bench/workloads');
const STEPS = 1_500_000;
// Every workload the bench runs (empty.elf, the bench's QEMU start-up baseline, has nothing to compare; the
// long variants for bench:ui run the same code as alu and mix, ten times over).
const benchElfs = readdirSync(BENCH).filter(
  (f) => f.endsWith('.elf') && f !== 'empty.elf' && !f.endsWith('-long.elf'),
);

function machineFor(elf: Uint8Array, ramSize: number): (engine: Engine) => Machine {
  const image = loadElf(elf);
  return (engine) => {
    const m = new Machine({ engine, translateAfter: 1, ramSize });
    m.load(image);
    return m;
  };
}

describe('the translator ends every bench workload in the interpreter’s state', () => {
  it.each(benchElfs)('%s', (file) => {
    const make = machineFor(readFileSync(join(BENCH, file)), 32 << 20);
    // The first few million steps of each (a whole run takes seconds under the test runner's loader).
    const interpreted = runObserved(make, 'interpreter', STEPS, [STEPS / 3 + 1]);
    expect(interpreted.steps).toBeGreaterThan(STEPS / 2);
    const translated = runObserved(make, 'translator', STEPS, [STEPS / 3 + 1]);
    expect(translated).toEqual(interpreted);
  });

  it('in budget slices that cut blocks anywhere', () => {
    const make = machineFor(readFileSync(join(BENCH, 'sort.elf')), 32 << 20);
    const slices = [1, 997, 3, 65_537, 61, 2];
    const interpreted = runObserved(make, 'interpreter', 1_000_000, slices);
    expect(interpreted.stops.every((s) => s.kind === 'budget')).toBe(true);
    const translated = runObserved(make, 'translator', 1_000_000, slices);
    expect(translated).toEqual(interpreted);
  });
});

const missing = [AS, LD, OBJDUMP].filter((t) => !hasTool(t));
if (missing.length > 0) {
  console.warn(
    `skipping the interpreter/translator test on random programs: ${missing.join(', ')} not installed ` +
      '(Debian package binutils-riscv64-unknown-elf; CI installs it)',
  );
}

describe.skipIf(missing.length > 0)(
  'the translator runs the random differential programs as the interpreter does',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'hartscope-engines-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const plans = planSuite(DEFAULT_SEED + 7, illegalPools(dir, DEFAULT_SEED + 7), {
      elfsPerKind: 1,
      casesPerElf: 16,
    });

    it.each(plans.map((p) => [p.name, p] as const))('%s', (name, plan) => {
      const elf = readFileSync(buildElf(dir, name, buildProgram(plan.cases)));
      const make = machineFor(elf, 8 << 20);
      const interpreted = runObserved(make, 'interpreter', 50_000_000, [10_007, 13, 1_009]);
      expect(interpreted.stops.at(-1)).toEqual({ kind: 'exit', code: 0, via: 'finisher' });
      const translated = runObserved(make, 'translator', 50_000_000, [10_007, 13, 1_009]);
      expect(translated).toEqual(interpreted);
    });
  },
);
