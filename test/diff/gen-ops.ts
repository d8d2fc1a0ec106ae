/**
 * Random valid RV64IMAC instructions as GNU assembly lines, for the differential test. Each emitter appends
 * one small, self-contained piece (an instruction, or a few that set up operands and then use them) to the
 * case being built. Conventions (harness.ts): gp and sp point at the 256-byte scratch area and are never
 * written (c.addi16sp comes in pairs that restore sp); every other register is fair game.
 */
import type { Prng } from './prng';
import { SCRATCH_BYTES, type ExpectedTrap } from './harness';

export interface GenContext {
  rng: Prng;
  lines: string[];
  /** Unique label prefix for this case. */
  prefix: string;
  labels: number;
  /** Whether `.option rvc` is in force (the assembler may then compress ordinary mnemonics too). */
  rvc: boolean;
  /** True once this case has executed an SC with no LR after it: the reservation is surely gone. */
  noReservation: boolean;
  expectedTraps: ExpectedTrap[];
}

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
export const EDGE_VALUES: readonly bigint[] = [
  0n,
  1n,
  -1n,
  2n,
  -2n,
  INT64_MIN,
  INT64_MAX,
  INT64_MIN + 1n,
  -0x8000_0000n,
  0x7fff_ffffn,
  0x8000_0000n,
  0xffff_ffffn,
  0x1_0000_0000n,
  0xffff_ffff_0000_0000n,
  31n,
  32n,
  63n,
  64n,
  0x7ffn,
  -0x800n,
  0x800n,
  0x8000_0000_ffff_ffffn,
];

/** Registers a case may write: all but x0, sp and gp. */
export const WRITABLE = [1, ...Array.from({ length: 28 }, (_, i) => i + 4)];
/** The registers the compressed formats with 3-bit register fields can name. */
export const PRIME = [8, 9, 10, 11, 12, 13, 14, 15];

export const x = (r: number): string => `x${r}`;
const hex = (v: bigint): string => (v < 0n ? '-0x' + (-v).toString(16) : '0x' + v.toString(16));

export function emit(ctx: GenContext, ...lines: string[]): void {
  ctx.lines.push(...lines);
}

export function newLabel(ctx: GenContext): string {
  return `${ctx.prefix}L${ctx.labels++}`;
}

export function setRvc(ctx: GenContext, on: boolean): void {
  if (ctx.rvc !== on) emit(ctx, on ? '.option rvc' : '.option norvc');
  ctx.rvc = on;
}

/** A 64-bit value: an edge value half the time, else random (sometimes a sign-extended 32-bit one). */
export function randomValue(rng: Prng): bigint {
  if (rng.chance(0.5)) return rng.pick(EDGE_VALUES);
  if (rng.chance(0.3)) return BigInt.asIntN(32, BigInt(rng.u32()));
  return BigInt.asIntN(64, rng.u64());
}

const dest = (rng: Prng): number => (rng.chance(0.04) ? 0 : rng.pick(WRITABLE));
const src = (rng: Prng): number => rng.int(0, 31);
const imm12 = (rng: Prng): number =>
  rng.chance(0.3) ? rng.pick([0, 1, -1, 2047, -2048, 0x7ff, -0x7ff]) : rng.int(-2048, 2047);
const shamt = (rng: Prng, max: number): number =>
  rng.chance(0.5) ? rng.pick([0, 1, 31, 32, 63].filter((s) => s <= max)) : rng.int(0, max);

const R_OPS = ['add', 'sub', 'sll', 'slt', 'sltu', 'xor', 'srl', 'sra', 'or', 'and'];
const R_W_OPS = ['addw', 'subw', 'sllw', 'srlw', 'sraw'];
const I_OPS = ['addi', 'slti', 'sltiu', 'xori', 'ori', 'andi'];
const M_OPS = ['mul', 'mulh', 'mulhsu', 'mulhu', 'div', 'divu', 'rem', 'remu'];
const M_W_OPS = ['mulw', 'divw', 'divuw', 'remw', 'remuw'];

export function opLi(ctx: GenContext): void {
  emit(ctx, `li ${x(dest(ctx.rng))}, ${hex(randomValue(ctx.rng))}`);
}

export function opRegister(ctx: GenContext): void {
  const { rng } = ctx;
  const op = rng.pick(rng.chance(0.35) ? R_W_OPS : R_OPS);
  const rs2 = src(rng);
  // Shifts read only the low 6 (5 for W) bits of rs2: give them the interesting amounts sometimes.
  if (/^s[lr]/.test(op) && op !== 'slt' && rng.chance(0.4) && rs2 >= 4) {
    emit(ctx, `li ${x(rs2)}, ${rng.pick([0, 31, 32, 63, 64, 95, -1])}`);
  }
  emit(ctx, `${op} ${x(dest(rng))}, ${x(src(rng))}, ${x(rs2)}`);
}

export function opImmediate(ctx: GenContext): void {
  const { rng } = ctx;
  const rd = x(dest(rng));
  const rs1 = x(src(rng));
  switch (rng.int(0, 3)) {
    case 0:
      emit(ctx, `${rng.pick(I_OPS)} ${rd}, ${rs1}, ${imm12(rng)}`);
      break;
    case 1:
      emit(ctx, `${rng.pick(['slli', 'srli', 'srai'])} ${rd}, ${rs1}, ${shamt(rng, 63)}`);
      break;
    case 2:
      emit(ctx, `addiw ${rd}, ${rs1}, ${imm12(rng)}`);
      break;
    default:
      emit(ctx, `${rng.pick(['slliw', 'srliw', 'sraiw'])} ${rd}, ${rs1}, ${shamt(rng, 31)}`);
  }
}

export function opUpper(ctx: GenContext): void {
  const { rng } = ctx;
  const imm = rng.chance(0.3) ? rng.pick([0, 1, 0x7ffff, 0x80000, 0xfffff]) : rng.int(0, 0xfffff);
  emit(ctx, `${rng.pick(['lui', 'auipc'])} ${x(dest(rng))}, 0x${imm.toString(16)}`);
}

export function opMultiply(ctx: GenContext): void {
  const { rng } = ctx;
  const word = rng.chance(0.4);
  const op = rng.pick(word ? M_W_OPS : M_OPS);
  let rs1 = src(rng);
  let rs2 = src(rng);
  const roll = rng.u32() % 10;
  if (roll < 3) {
    // Division by zero: the quotient is all ones, the remainder the dividend (unprivileged spec, M chapter).
    rs2 = rng.pick(WRITABLE);
    emit(ctx, `li ${x(rs2)}, 0`);
  } else if (roll < 5) {
    // Signed overflow: most-negative / -1 gives the dividend back and remainder 0.
    rs1 = rng.pick(WRITABLE);
    rs2 = rng.pick(WRITABLE.filter((r) => r !== rs1));
    emit(ctx, `li ${x(rs1)}, ${hex(word ? -0x8000_0000n : INT64_MIN)}`, `li ${x(rs2)}, -1`);
  }
  emit(ctx, `${op} ${x(dest(rng))}, ${x(rs1)}, ${x(rs2)}`);
}

/** A base register pointing into the scratch area plus an offset, so that base+offset = gp + `at`. */
function address(ctx: GenContext, at: number): { base: string; offset: number } {
  const { rng } = ctx;
  if (rng.chance(0.3)) return { base: 'gp', offset: at };
  const base = rng.pick(WRITABLE);
  const delta = rng.int(-64, 64);
  emit(ctx, `addi ${x(base)}, gp, ${at - delta}`);
  return { base: x(base), offset: delta };
}

/** A scratch offset for a `width`-byte access: naturally aligned, or (if allowed) anywhere. */
export function scratchOffset(rng: Prng, width: number, misaligned: boolean): number {
  const at = rng.int(0, SCRATCH_BYTES - width);
  return misaligned ? at : at - (at % width);
}

export function opLoadStore(ctx: GenContext): void {
  const { rng } = ctx;
  const store = rng.chance(0.45);
  const [op, width] = store
    ? rng.pick([
        ['sb', 1],
        ['sh', 2],
        ['sw', 4],
        ['sd', 8],
      ] as const)
    : rng.pick([
        ['lb', 1],
        ['lbu', 1],
        ['lh', 2],
        ['lhu', 2],
        ['lw', 4],
        ['lwu', 4],
        ['ld', 8],
      ] as const);
  // Misaligned accesses are performed (QEMU virt does so; so does hartscope by default).
  const at = scratchOffset(rng, width, rng.chance(0.3));
  const { base, offset } = address(ctx, at);
  emit(ctx, store ? `${op} ${x(src(rng))}, ${offset}(${base})` : `${op} ${x(dest(rng))}, ${offset}(${base})`);
}

const AMO_OPS = ['amoswap', 'amoadd', 'amoxor', 'amoand', 'amoor', 'amomin', 'amomax', 'amominu', 'amomaxu'];
const ORDERING = ['', '', '.aq', '.rl', '.aqrl'];

export function opAtomic(ctx: GenContext): void {
  const { rng } = ctx;
  const width = rng.chance(0.5) ? 8 : 4;
  const suffix = width === 8 ? '.d' : '.w';
  const a = rng.pick(WRITABLE);
  emit(ctx, `addi ${x(a)}, gp, ${scratchOffset(rng, width, false)}`);
  const roll = rng.u32() % 10;
  if (roll < 5) {
    emit(
      ctx,
      `${rng.pick(AMO_OPS)}${suffix}${rng.pick(ORDERING)} ${x(dest(rng))}, ${x(src(rng))}, (${x(a)})`,
    );
  } else if (roll < 8 || !ctx.noReservation) {
    // LR then SC to the same address with only register arithmetic between: QEMU's SC succeeds (rd = 0).
    const rd = rng.pick(WRITABLE.filter((r) => r !== a));
    emit(ctx, `lr${suffix}${rng.pick(ORDERING)} ${x(rd)}, (${x(a)})`);
    for (let i = rng.int(0, 2); i > 0; i--) emit(ctx, `addi ${x(rd)}, ${x(rd)}, ${imm12(rng)}`);
    emit(ctx, `sc${suffix}${rng.pick(ORDERING)} ${x(dest(rng))}, ${x(src(rng))}, (${x(a)})`);
    ctx.noReservation = true;
  } else {
    // An SC with no reservation (the last SC invalidated it) must fail and store nothing.
    emit(ctx, `sc${suffix} ${x(dest(rng))}, ${x(src(rng))}, (${x(a)})`);
  }
}

export function opFence(ctx: GenContext): void {
  emit(ctx, ctx.rng.pick(['fence', 'fence rw, rw', 'fence.i', 'fence r, w', 'nop']));
}

/** A forward branch over 1-3 instructions; taken or not depends on the operands (sometimes forced taken). */
export function opBranch(ctx: GenContext, filler: (ctx: GenContext) => void): void {
  const { rng } = ctx;
  const target = newLabel(ctx);
  const op = rng.pick(['beq', 'bne', 'blt', 'bge', 'bltu', 'bgeu']);
  const rs1 = src(rng);
  const rs2 = rng.chance(0.15) ? rs1 : src(rng);
  const kind = rng.u32() % 6;
  if (kind === 0) {
    emit(ctx, `jal ${x(dest(rng))}, ${target}`);
  } else if (kind === 1) {
    const t = rng.pick(WRITABLE);
    const off = rng.pick([0, 4, -4, 8, 12, -16]);
    emit(ctx, `lla ${x(t)}, ${target}${off === 0 ? '' : off > 0 ? '-' + off : '+' + -off}`);
    emit(ctx, `jalr ${x(dest(rng))}, ${off}(${x(t)})`);
  } else {
    emit(ctx, `${op} ${x(rs1)}, ${x(rs2)}, ${target}`);
  }
  for (let i = rng.int(1, 3); i > 0; i--) filler(ctx);
  emit(ctx, `${target}:`);
}
