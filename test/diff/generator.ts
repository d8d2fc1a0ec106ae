/**
 * Builds one differential-test case from a seed: initial registers (random 64-bit values with edge values
 * mixed in), initial scratch memory, a privilege mode and a body of random valid instructions (plus, for trap
 * cases, instructions that must trap). `generateCase(kind, seed, pools)` is a pure function, so the seed
 * printed with a failure rebuilds the case exactly.
 */
import { Prng } from './prng';
import { SCRATCH_DWORDS, type DiffCase, type Mode } from './harness';
import {
  opAtomic,
  opBranch,
  opFence,
  opImmediate,
  opLi,
  opLoadStore,
  opMultiply,
  opRegister,
  opUpper,
  randomValue,
  setRvc,
  type GenContext,
} from './gen-ops';
import { opCompressed } from './gen-compressed';
import { opTrap, type IllegalPools } from './gen-traps';

export type CaseKind = 'alu' | 'memory' | 'compressed' | 'mixed' | 'trap';
export const CASE_KINDS: readonly CaseKind[] = ['alu', 'memory', 'compressed', 'mixed', 'trap'];

type Op = (ctx: GenContext) => void;

/** Straight-line instructions, used to fill the shadow of a forward branch. */
const simple: Op = (ctx) =>
  ctx.rng.pick<Op>([opRegister, opImmediate, opLi, opMultiply, opLoadStore, opUpper])(ctx);
const branch: Op = (ctx) => opBranch(ctx, simple);
const compressed: Op = (ctx) => opCompressed(ctx, simple);

/** Each kind's mix of operations; an operation listed twice is drawn twice as often. */
const MIX: Record<Exclude<CaseKind, 'trap'>, Op[]> = {
  alu: [
    opRegister,
    opRegister,
    opRegister,
    opImmediate,
    opImmediate,
    opImmediate,
    opMultiply,
    opMultiply,
    opLi,
    opUpper,
    branch,
  ],
  memory: [
    opLoadStore,
    opLoadStore,
    opLoadStore,
    opLoadStore,
    opAtomic,
    opAtomic,
    opImmediate,
    opRegister,
    branch,
    opFence,
  ],
  compressed: [compressed, compressed, compressed, compressed, compressed, simple, branch],
  mixed: [
    opRegister,
    opImmediate,
    opMultiply,
    opLi,
    opUpper,
    opLoadStore,
    opAtomic,
    branch,
    compressed,
    opFence,
  ],
};

function pickMode(rng: Prng, kind: CaseKind): Mode {
  const roll = rng.u32() % 10;
  if (kind === 'trap') return roll < 4 ? 'M' : roll < 7 ? 'S' : 'U';
  return roll < 7 ? 'M' : roll < 9 ? 'S' : 'U';
}

export function generateCase(kind: CaseKind, seed: number, pools: IllegalPools): DiffCase {
  const rng = new Prng(seed);
  const mode = pickMode(rng, kind);
  const regs = Array.from({ length: 32 }, (_, i) => (i === 0 || i === 2 || i === 3 ? 0n : randomValue(rng)));
  const memory = Array.from({ length: SCRATCH_DWORDS }, () => BigInt.asUintN(64, randomValue(rng)));
  const ctx: GenContext = {
    rng,
    lines: [],
    prefix: `s${seed.toString(16)}_`,
    labels: 0,
    rvc: false,
    noReservation: false,
    expectedTraps: [],
  };
  // With `.option rvc` the assembler compresses ordinary mnemonics wherever a C form exists.
  setRvc(ctx, kind === 'compressed' || rng.chance(0.5));
  const count = rng.int(20, 36);
  for (let i = 0; i < count; i++) {
    if (kind === 'trap') {
      if (rng.chance(0.35)) opTrap(ctx, mode, pools);
      else rng.pick(MIX.mixed)(ctx);
    } else {
      rng.pick(MIX[kind])(ctx);
    }
    if (rng.chance(0.05)) setRvc(ctx, !ctx.rvc);
  }
  return { kind, seed, mode, regs, memory, body: ctx.lines, expectedTraps: ctx.expectedTraps };
}
