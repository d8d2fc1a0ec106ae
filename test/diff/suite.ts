/**
 * The whole differential suite as a plan: which ELFs, which cases in each, from one base seed. Also the pools
 * of illegal encodings (random candidates that objdump confirms are no instruction), drawn from the same seed.
 */
import { Prng } from './prng';
import { CASE_KINDS, generateCase, type CaseKind } from './generator';
import { compressedCandidates, wordCandidates, type IllegalPools } from './gen-traps';
import { illegalEncodings } from './toolchain';
import type { DiffCase } from './harness';

/** The base seed CI uses, so every run checks the same cases; override with HARTSCOPE_DIFF_SEED. */
export const DEFAULT_SEED = 0x5eed_2024;

export interface ElfPlan {
  name: string;
  kind: CaseKind;
  cases: DiffCase[];
}

export interface SuiteOptions {
  /** ELFs per case kind. */
  elfsPerKind: number;
  casesPerElf: number;
}

/** A case's own seed: a hash of the base seed and its place in the suite. */
export function caseSeed(base: number, elf: number, index: number): number {
  let h =
    Math.imul(base ^ 0x2545f491, 0x9e3779b1) ^
    Math.imul(elf + 1, 0x85ebca6b) ^
    Math.imul(index + 1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  return (h ^ (h >>> 13)) >>> 0;
}

export function illegalPools(dir: string, base: number): IllegalPools {
  const rng = new Prng(base ^ 0x111e6a1);
  const words = wordCandidates(rng, 600);
  const halves = compressedCandidates(rng, 140);
  const illegal = illegalEncodings(dir, [...words, ...halves]);
  const pools = {
    // All ones is a prefix of a long (>= 192-bit) encoding, which neither machine has: illegal, 4 bytes.
    words: [0xffffffff, ...new Set(words.filter((w) => illegal.has(w)))],
    halves: [...new Set(halves.filter((h) => illegal.has(h)))],
  };
  if (pools.words.length < 20 || pools.halves.length < 10) {
    throw new Error(
      `objdump confirmed too few illegal encodings (${pools.words.length} words, ${pools.halves.length} halves)`,
    );
  }
  return pools;
}

export function planSuite(base: number, pools: IllegalPools, options: SuiteOptions): ElfPlan[] {
  const plans: ElfPlan[] = [];
  let elf = 0;
  for (const kind of CASE_KINDS) {
    for (let k = 0; k < options.elfsPerKind; k++, elf++) {
      const cases = Array.from({ length: options.casesPerElf }, (_, i) =>
        generateCase(kind, caseSeed(base, elf, i), pools),
      );
      plans.push({ name: `${kind}-${k}`, kind, cases });
    }
  }
  return plans;
}
