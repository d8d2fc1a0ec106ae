/**
 * Explicit RV64C instructions (c.* mnemonics) for the differential test, each with operands in the ranges the
 * unprivileged spec's C chapter allows (no HINT or reserved encodings: those belong to the trap cases).
 * Ordinary mnemonics are also compressed by the assembler wherever `.option rvc` is in force.
 */
import type { Prng } from './prng';
import { emit, newLabel, PRIME, scratchOffset, setRvc, WRITABLE, x, type GenContext } from './gen-ops';

const nonzero = (rng: Prng, lo: number, hi: number): number => {
  const v = rng.int(lo, hi - 1);
  return v >= 0 ? v + 1 : v;
};
const shamt = (rng: Prng): number => (rng.chance(0.4) ? rng.pick([1, 31, 32, 63]) : rng.int(1, 63));
const any = (rng: Prng): number => rng.pick(WRITABLE);
const prime = (rng: Prng): number => rng.pick(PRIME);

/** `base` = gp + at - offset, so that `offset(base)` addresses scratch byte `at`. */
function primeBase(
  ctx: GenContext,
  at: number,
  maxOffset: number,
  width: number,
): { base: number; off: number } {
  const base = prime(ctx.rng);
  const off = Math.min(maxOffset, ctx.rng.int(0, at)) & ~(width - 1);
  emit(ctx, `addi ${x(base)}, gp, ${at - off}`);
  return { base, off };
}

function memoryOp(ctx: GenContext): void {
  const { rng } = ctx;
  const width = rng.chance(0.5) ? 8 : 4;
  const at = scratchOffset(rng, width, false);
  const store = rng.chance(0.5);
  if (rng.chance(0.5)) {
    // sp-relative forms reach offsets up to 252 (word) or 504 (double); sp = scratch base.
    const op = width === 8 ? (store ? 'c.sdsp' : 'c.ldsp') : store ? 'c.swsp' : 'c.lwsp';
    emit(ctx, `${op} ${x(any(rng))}, ${at}(sp)`);
    return;
  }
  const { base, off } = primeBase(ctx, at, width === 8 ? 248 : 124, width);
  const op = width === 8 ? (store ? 'c.sd' : 'c.ld') : store ? 'c.sw' : 'c.lw';
  emit(ctx, `${op} ${x(prime(rng))}, ${off}(${x(base)})`);
}

function controlOp(ctx: GenContext, filler: (ctx: GenContext) => void): void {
  const { rng } = ctx;
  const target = newLabel(ctx);
  switch (rng.int(0, 3)) {
    case 0:
      emit(ctx, `c.j ${target}`);
      break;
    case 1:
      emit(ctx, `${rng.pick(['c.beqz', 'c.bnez'])} ${x(prime(rng))}, ${target}`);
      break;
    default: {
      const t = any(rng);
      emit(ctx, `lla ${x(t)}, ${target}`, `${rng.pick(['c.jr', 'c.jalr'])} ${x(t)}`);
    }
  }
  for (let i = rng.int(1, 2); i > 0; i--) filler(ctx);
  emit(ctx, `${target}:`);
}

export function opCompressed(ctx: GenContext, filler: (ctx: GenContext) => void): void {
  const { rng } = ctx;
  setRvc(ctx, true);
  switch (rng.int(0, 11)) {
    case 0:
      emit(ctx, `c.li ${x(any(rng))}, ${rng.int(-32, 31)}`);
      break;
    case 1: {
      // c.lui's 6-bit immediate is sign-extended into bits 17:12; rd may be neither x0 nor sp.
      const imm = rng.chance(0.5) ? rng.int(1, 31) : rng.int(0xfffe0, 0xfffff);
      emit(ctx, `c.lui ${x(any(rng))}, 0x${imm.toString(16)}`);
      break;
    }
    case 2:
      emit(ctx, `c.addi ${x(any(rng))}, ${nonzero(rng, -32, 31)}`);
      break;
    case 3:
      emit(ctx, `c.addiw ${x(any(rng))}, ${rng.int(-32, 31)}`);
      break;
    case 4: {
      const k = 16 * nonzero(rng, -31, 31);
      emit(ctx, `c.addi16sp sp, ${k}`, `c.addi4spn ${x(prime(rng))}, sp, ${4 * rng.int(1, 255)}`);
      emit(ctx, `c.addi16sp sp, ${-k}`);
      break;
    }
    case 5:
      emit(ctx, `c.addi4spn ${x(prime(rng))}, sp, ${4 * rng.int(1, 255)}`);
      break;
    case 6:
      if (rng.chance(0.4)) emit(ctx, `c.slli ${x(any(rng))}, ${shamt(rng)}`);
      else emit(ctx, `${rng.pick(['c.srli', 'c.srai'])} ${x(prime(rng))}, ${shamt(rng)}`);
      break;
    case 7:
      emit(ctx, `c.andi ${x(prime(rng))}, ${rng.int(-32, 31)}`);
      break;
    case 8:
      emit(ctx, `${rng.pick(['c.mv', 'c.add'])} ${x(any(rng))}, ${x(rng.int(1, 31))}`);
      break;
    case 9: {
      const op = rng.pick(['c.sub', 'c.xor', 'c.or', 'c.and', 'c.subw', 'c.addw']);
      emit(ctx, `${op} ${x(prime(rng))}, ${x(prime(rng))}`);
      break;
    }
    case 10:
      memoryOp(ctx);
      break;
    default:
      controlOp(ctx, filler);
  }
}
