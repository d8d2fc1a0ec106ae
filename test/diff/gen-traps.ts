/**
 * Instructions that must trap, for the differential test's trap cases. Each emitter records the cause the
 * privileged spec requires, so the test can first check that QEMU agrees with the generator (a disagreement
 * is a generator fault, reported as such) and only then compare hartscope with QEMU.
 *
 * Known QEMU 7.2 deviations from the spec, found by running QEMU on these cases (not worked around silently:
 * the expected cause is the spec's, and the test rewrites only these QEMU lines, saying so):
 *   - a misaligned AMO raises load-address-misaligned (4) instead of store/AMO-address-misaligned (6);
 *   - an AMO to an address with no device raises load-access-fault (5) instead of store/AMO-access-fault (7).
 * Not generated at all, because the two readings are both defensible:
 *   - misaligned SC: QEMU compares the address with the reservation first and fails the SC without a trap;
 *   - csrrs/csrrc of a read-only CSR with rs1 != x0 holding zero: the spec says it still attempts the write
 *     (so: illegal instruction), QEMU 7.2 looks at the value and lets it read;
 *   - ebreak's mtval: the spec allows the pc or 0 (QEMU writes 0) — still compared, as hartscope should match.
 */
import { Exception } from '../../emulator/hart/causes';
import type { Prng } from './prng';
import type { Mode } from './harness';
import { emit, scratchOffset, setRvc, WRITABLE, x, type GenContext } from './gen-ops';

const ECALL_CAUSE: Record<Mode, number> = {
  U: Exception.EcallFromU,
  S: Exception.EcallFromS,
  M: Exception.EcallFromM,
};

/**
 * Physical addresses with no device on either machine. Holes only: QEMU virt has more devices than hartscope
 * (boot ROM at 0x1000, RTC at 0x10_1000, PCIe at 0x300_0000 and 0x3000_0000.., flash at 0x2000_0000), and
 * reads there succeed on QEMU. The high ones catch an emulator that drops address bits above 32.
 */
export const NO_DEVICE = [
  0x0n,
  0x8n,
  0x100n,
  0x201_0000n,
  0xc60_0000n,
  0x1000_0100n,
  0x1000_9000n,
  0x8800_0000n,
  0x1_0000_0000n,
  0x1_8000_0000n,
  0x1_1000_0000n,
  0x2000_0000_0000n,
  0xffff_ffff_8000_0000n,
  0x8000_0000_0000_0000n,
];

/** 16-bit encodings the C chapter calls reserved (or defined-illegal), to be confirmed by objdump. */
export function compressedCandidates(rng: Prng, count: number): number[] {
  const out = [0x0000, 0x8002, 0x6101, 0x9c41, 0x9c61, 0x9c42 | 0x21];
  for (let i = 0; i < count; i++) {
    const bits = rng.u32();
    switch (i % 7) {
      case 0:
        out.push((bits & 0x1c) | 0x0000);
        break; // c.addi4spn with nzuimm = 0
      case 1:
        out.push(0x8000 | (bits & 0x1ffc));
        break; // quadrant 0, funct3 100: reserved
      case 2:
        out.push(0x4002 | (bits & 0x107c));
        break; // c.lwsp with rd = 0
      case 3:
        out.push(0x6002 | (bits & 0x107c));
        break; // c.ldsp with rd = 0
      case 4:
        out.push(0x6001 | (((bits % 31) + 1) << 7));
        break; // c.lui / c.addi16sp with immediate 0
      case 5:
        out.push(0x2001 | (bits & 0x107c));
        break; // c.addiw with rd = 0
      default:
        out.push(0x9c41 | (bits & 0x0380) | (bits & 0x1c) | (bits & 0x20)); // c.subw/addw's reserved twins
    }
  }
  return out.filter((w) => (w & 3) !== 3);
}

// Not MISC-MEM (0x0f): FENCE and FENCE.I must ignore their unused fields (unprivileged spec), so words there
// that objdump cannot name still execute as fences on QEMU.
const MAJOR_OPCODES = [
  0x03, 0x0b, 0x13, 0x1b, 0x23, 0x2b, 0x2f, 0x33, 0x3b, 0x5b, 0x63, 0x67, 0x6b, 0x73, 0x7b,
];

/** Random 32-bit words in the major opcodes with reserved space, to be filtered by objdump. */
export function wordCandidates(rng: Prng, count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(((rng.u32() & ~0x7f) | rng.pick(MAJOR_OPCODES)) >>> 0);
  return out;
}

export interface IllegalPools {
  words: number[];
  halves: number[];
}

function expect(ctx: GenContext, cause: number, qemuCause?: number): void {
  ctx.expectedTraps.push(qemuCause === undefined ? { cause } : { cause, qemuCause });
}

const READ_ONLY_CSRS = ['mvendorid', 'marchid', 'mimpid', 'mhartid', 'cycle', 'time', 'instret'];
const NO_SUCH_CSRS = ['0x800', '0x7c0', '0x5c0', '0xbc0'];
const M_CSRS = ['mstatus', 'mscratch', 'mepc', 'mtvec', 'mie', 'medeleg'];
const S_CSRS = ['sstatus', 'sscratch', 'sepc', 'stvec', 'sie'];

/** One instruction (with any setup it needs) that must trap in `mode`. */
export function opTrap(ctx: GenContext, mode: Mode, pools: IllegalPools): void {
  const { rng } = ctx;
  const r = (): string => x(rng.pick(WRITABLE));
  const roll = rng.int(0, 12);
  switch (roll) {
    case 0:
      emit(ctx, 'ecall');
      expect(ctx, ECALL_CAUSE[mode]);
      return;
    case 1:
      if (rng.chance(0.5)) emit(ctx, 'ebreak');
      else {
        setRvc(ctx, true);
        emit(ctx, 'c.ebreak');
      }
      expect(ctx, Exception.Breakpoint);
      return;
    case 2:
      emit(ctx, `.4byte 0x${rng.pick(pools.words).toString(16)}`);
      expect(ctx, Exception.IllegalInstruction);
      return;
    case 3:
      emit(ctx, `.2byte 0x${rng.pick(pools.halves).toString(16)}`);
      expect(ctx, Exception.IllegalInstruction);
      return;
    case 4: {
      // Writing a read-only CSR is illegal even where reading it is allowed (Zicsr: csr[11:10] = 11).
      const csr = rng.pick(READ_ONLY_CSRS);
      // Not csrrs/csrrc with a register: QEMU 7.2 traps only if the register's value is non-zero (see above),
      // and reading cycle/time/instret without the trap would compare two clocks.
      const form = rng.int(0, 2);
      if (form === 0) emit(ctx, `csrrw ${r()}, ${csr}, ${x(rng.int(0, 31))}`);
      else emit(ctx, `${form === 1 ? 'csrrsi' : 'csrrci'} ${r()}, ${csr}, ${rng.int(1, 31)}`);
      expect(ctx, Exception.IllegalInstruction);
      return;
    }
    case 5:
      emit(ctx, `csrrw ${r()}, ${rng.pick(NO_SUCH_CSRS)}, ${x(rng.int(0, 31))}`);
      expect(ctx, Exception.IllegalInstruction);
      return;
    case 6: {
      // Misaligned LR/AMO (misaligned SC is not generated: see the file comment).
      const d = rng.chance(0.5);
      const width = d ? 8 : 4;
      let at = scratchOffset(rng, width, true);
      if (at % width === 0) at += rng.int(1, width - 1);
      const a = rng.pick(WRITABLE);
      emit(ctx, `addi ${x(a)}, gp, ${at}`);
      if (rng.chance(0.4)) {
        emit(ctx, `lr.${d ? 'd' : 'w'} ${r()}, (${x(a)})`);
        expect(ctx, Exception.LoadAddressMisaligned);
      } else {
        const op = rng.pick(['amoswap', 'amoadd', 'amoxor', 'amoand', 'amoor', 'amomin', 'amomaxu']);
        emit(ctx, `${op}.${d ? 'd' : 'w'} ${r()}, ${r()}, (${x(a)})`);
        expect(ctx, Exception.StoreAddressMisaligned, Exception.LoadAddressMisaligned);
      }
      return;
    }
    case 7:
    case 8: {
      // An access where no device answers. Aligned, so only the access fault is in question.
      const a = rng.pick(WRITABLE);
      emit(ctx, `li ${x(a)}, 0x${rng.pick(NO_DEVICE).toString(16)}`);
      const kind = rng.int(0, 3);
      if (kind === 0) {
        emit(ctx, `${rng.pick(['lb', 'lbu', 'lh', 'lhu', 'lw', 'lwu', 'ld'])} ${r()}, 0(${x(a)})`);
        expect(ctx, Exception.LoadAccessFault);
      } else if (kind === 1) {
        emit(ctx, `${rng.pick(['sb', 'sh', 'sw', 'sd'])} ${r()}, 0(${x(a)})`);
        expect(ctx, Exception.StoreAccessFault);
      } else if (kind === 2) {
        emit(ctx, `lr.${rng.pick(['w', 'd'])} ${r()}, (${x(a)})`);
        expect(ctx, Exception.LoadAccessFault);
      } else {
        emit(
          ctx,
          `${rng.pick(['amoswap', 'amoadd', 'amoor'])}.${rng.pick(['w', 'd'])} ${r()}, ${r()}, (${x(a)})`,
        );
        expect(ctx, Exception.StoreAccessFault, Exception.LoadAccessFault);
      }
      return;
    }
    case 9: {
      // Fetch from no device; the handler resumes at the link address left in ra.
      const a = rng.pick(WRITABLE.filter((n) => n !== 1));
      emit(ctx, `li ${x(a)}, 0x${rng.pick(NO_DEVICE).toString(16)}`);
      // Not a negative offset: 0x8800_0000 - 4 is the last word of RAM.
      if (rng.chance(0.5)) emit(ctx, `jalr ra, ${rng.pick([0, 4, 6])}(${x(a)})`);
      else {
        setRvc(ctx, true);
        emit(ctx, `c.jalr ${x(a)}`);
      }
      expect(ctx, Exception.InstructionAccessFault);
      return;
    }
    default:
      privileged(ctx, mode, pools);
  }
}

/** Privileged instructions and CSRs out of reach of the current mode (in M-mode, illegal words instead). */
function privileged(ctx: GenContext, mode: Mode, pools: IllegalPools): void {
  const { rng } = ctx;
  if (mode === 'M') {
    // A zero word is two 16-bit zero parcels, each the defined-illegal c.unimp: two traps.
    const zero = rng.chance(0.3);
    emit(ctx, `.4byte 0x${zero ? '0' : rng.pick(pools.words).toString(16)}`);
    expect(ctx, Exception.IllegalInstruction);
    if (zero) expect(ctx, Exception.IllegalInstruction);
    return;
  }
  const choices = mode === 'U' ? ['mret', 'sret', 'wfi', 'm', 's'] : ['mret', 'm'];
  const pick = rng.pick(choices);
  if (pick === 'm' || pick === 's') {
    const csr = rng.pick(pick === 'm' ? M_CSRS : S_CSRS);
    const reg = x(rng.pick(WRITABLE));
    emit(ctx, rng.chance(0.5) ? `csrr ${reg}, ${csr}` : `csrw ${csr}, ${reg}`);
  } else {
    emit(ctx, pick);
  }
  expect(ctx, Exception.IllegalInstruction);
}
