/**
 * Differential test: random RV64IMAC programs (and programs full of traps) built with the GNU assembler run on
 * `qemu-system-riscv64 -machine virt -bios none` and on hartscope; the register and memory dumps each prints
 * through the UART must match byte for byte. QEMU is the oracle; nothing expected here comes from hartscope.
 *
 * Replay one case: HARTSCOPE_DIFF_CASE=<kind>:<seed> (as printed with a failure). Other seeds for the whole
 * suite: HARTSCOPE_DIFF_SEED=<n>. The ELFs and their sources stay in the printed directory when a case fails.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkOracle, describeDifference } from './compare';
import { CASE_KINDS, generateCase, type CaseKind } from './generator';
import { buildProgram } from './harness';
import { runHartscope } from './hartscope-run';
import { DEFAULT_SEED, illegalPools, planSuite, type ElfPlan } from './suite';
import { AS, buildElf, hasTool, inParallel, LD, OBJDUMP, QEMU, runQemu, type QemuResult } from './toolchain';

const ELFS_PER_KIND = 4;
const CASES_PER_ELF = 16;
/** Far more than a harness ELF needs (about 40 000 instructions per case, most of them printing). */
const BUDGET = 50_000_000;

const missing = [AS, LD, OBJDUMP, QEMU].filter((t) => !hasTool(t));
if (missing.length > 0) {
  console.warn(
    `skipping the differential tests against QEMU: ${missing.join(', ')} not installed ` +
      '(CI installs binutils-riscv64-unknown-elf and qemu-system-misc, so they run there)',
  );
}

const seed = Number(process.env.HARTSCOPE_DIFF_SEED ?? DEFAULT_SEED);
const only = process.env.HARTSCOPE_DIFF_CASE;
const elfNames = only
  ? ['replay']
  : CASE_KINDS.flatMap((k) => Array.from({ length: ELFS_PER_KIND }, (_, i) => `${k}-${i}`));

describe.skipIf(missing.length > 0)('hartscope runs random programs exactly as QEMU virt does', () => {
  let dir = '';
  let anyFailure = false;
  const plans = new Map<string, ElfPlan>();
  const elfs = new Map<string, string>();
  const qemu = new Map<string, Promise<QemuResult>>();

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hartscope-diff-'));
    const pools = illegalPools(dir, seed);
    let list: ElfPlan[];
    if (only) {
      const [kind, caseSeed] = only.split(':');
      list = [
        {
          name: 'replay',
          kind: kind as CaseKind,
          cases: [generateCase(kind as CaseKind, Number(caseSeed), pools)],
        },
      ];
    } else {
      list = planSuite(seed, pools, { elfsPerKind: ELFS_PER_KIND, casesPerElf: CASES_PER_ELF });
    }
    for (const p of list) {
      plans.set(p.name, p);
      elfs.set(p.name, buildElf(dir, p.name, buildProgram(p.cases)));
    }
    // QEMU runs two at a time in the background while hartscope runs in this process.
    const results = inParallel(
      list.map((p) => () => runQemu(elfs.get(p.name)!)),
      2,
    );
    list.forEach((p, i) => {
      const result = results.then((r) => r[i]);
      // Each test awaits its own result later; a QEMU that fails to start must not count as unhandled now.
      result.catch(() => undefined);
      qemu.set(p.name, result);
    });
  });

  afterAll(() => {
    if (anyFailure) console.warn(`differential test files kept in ${dir}`);
    else if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each(elfNames)('%s: UART text matches QEMU byte for byte', async (name) => {
    const plan = plans.get(name)!;
    const elf = elfs.get(name)!;
    const q = await qemu.get(name)!;
    let passed = false;
    try {
      expect(q.timedOut, `QEMU timed out on ${elf}`).toBe(false);
      expect(q.exitCode, `QEMU's exit status on ${elf}`).toBe(0);
      // First the oracle: QEMU must trap exactly where the generator meant to (else the generator is wrong).
      const oracle = checkOracle(q.output, plan.cases);
      expect(oracle.problems, `generator and QEMU disagree (base seed ${seed}, ${elf})`).toEqual([]);

      const h = runHartscope(readFileSync(elf), BUDGET);
      const diff = describeDifference(oracle.normalized, h.output, plan.cases, name);
      const where = `\nELF: ${elf}\nreplay one case: HARTSCOPE_DIFF_CASE=<kind>:<seed> (base seed ${seed})`;
      // expect.fail, not toBeNull: the whole description (seed, assembly, both values) must be printed.
      if (diff !== null) expect.fail(`${diff}${where}\nhartscope stopped with: ${h.stop}`);
      expect(h.stop).toBe('exit 0');
      passed = true;
    } finally {
      if (!passed) anyFailure = true;
    }
  });
});
