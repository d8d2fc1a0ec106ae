/**
 * Trap and emulate in the host: what the monitor's emulate_misaligned.S and emulate_time.S do for a guest
 * whose hart does not perform misaligned accesses or has no `time` CSR (MachineConfig misalignedAccess:
 * 'trap', timeCsr: 'absent'), done here in TypeScript. Each function either completes the instruction (the
 * guest's registers and memory change, pc moves past it) and returns 'emulated', or returns the trap the
 * guest must see instead; the caller (host-sbi.ts) hands that to S-mode, as the monitor's
 * redirect_to_supervisor does.
 */
import { CLINT_BASE } from '../board/memory-map';
import { out } from '../int64';
import { EXPANSIONS } from '../isa/compressed';
import { decode } from '../isa/decode';
import { csr, funct3, opcode, rd, rs1, rs2 } from '../isa/fields';
import { Exception } from '../hart/causes';
import { COUNTER_IR } from '../hart/csr';
import { CSR } from '../hart/csr-numbers';
import { type Hart, TRAP } from '../hart/hart';
import { Priv } from '../hart/privilege';

/** The trap to pass to S-mode: its cause and the value for stval. */
export interface GuestTrap {
  cause: number;
  tvalLo: number;
  tvalHi: number;
}

export type Emulation = 'emulated' | GuestTrap;

/** Step over an instruction the host completed: pc moves on, and it counts as retired. */
export function retire(h: Hart, length: number): void {
  const lo = (h.pcLo >>> 0) + length;
  h.setPc(lo | 0, lo > 0xffffffff ? h.pcHi + 1 : h.pcHi);
  h.retiredByMode[h.priv]++;
  if (!(h.csr.mcountinhibit & COUNTER_IR)) h.instret++;
}

/** The trap the hart just raised (h.raise), as the guest must see it. */
const raised = (h: Hart): GuestTrap => ({ cause: h.trapCause, tvalLo: h.trapTvalLo, tvalHi: h.trapTvalHi });

const SYSTEM = 0x73;
const COUNTEREN_TM = 1 << 1;
const MTIME = CLINT_BASE + 0xbff8;

/**
 * An illegal instruction: a plain read of `time` (csrrs/csrrc with rs1 = x0, or csrrsi/csrrci with uimm 0:
 * funct3 2, 3, 6, 7) gets the CLINT's mtime, where U-mode may read it only when scounteren.TM allows; any
 * other illegal instruction is the guest's own. tval holds the instruction's bits (the hart always sets it).
 */
export function emulateIllegalInstruction(h: Hart, tvalLo: number, tvalHi: number): Emulation {
  const w = tvalLo;
  const readsTime = opcode(w) === SYSTEM && csr(w) === CSR.time && rs1(w) === 0 && (funct3(w) & 3) >= 2;
  const allowed = h.priv !== Priv.U || (h.csr.scounteren & COUNTEREN_TM) !== 0;
  if (!readsTime || !allowed) return { cause: Exception.IllegalInstruction, tvalLo, tvalHi };
  h.bus.read(MTIME, 8, out);
  h.setX(rd(w), out[0], out[1]);
  retire(h, 4);
  return 'emulated';
}

/** Integer loads that can be misaligned: bytes, and whether the value is sign-extended. */
const LOADS: Readonly<Record<string, { size: number; signed: boolean }>> = {
  lh: { size: 2, signed: true },
  lhu: { size: 2, signed: false },
  lw: { size: 4, signed: true },
  lwu: { size: 4, signed: false },
  ld: { size: 8, signed: false },
};
const STORES: Readonly<Record<string, number>> = { sh: 2, sw: 4, sd: 8 };

/**
 * A misaligned load or store (cause 4 or 6, tval = the address): done one byte at a time, as the guest
 * sees memory (its mode, page tables and PMP: the hart is still in the guest's mode), lowest address first
 * as the monitor and OpenSBI do, so a fault names the same byte: the first one that is not there. Anything else (LR, SC, AMOs, which must be aligned) is handed on unchanged.
 */
export function emulateMisaligned(h: Hart, cause: number, tvalLo: number, tvalHi: number): Emulation {
  const unchanged: GuestTrap = { cause, tvalLo, tvalHi };
  let word: number;
  try {
    word = h.fetch16(h.pcLo, h.pcHi);
    if ((word & 3) === 3) {
      const lo = (h.pcLo >>> 0) + 2;
      word = (word | (h.fetch16(lo | 0, lo > 0xffffffff ? h.pcHi + 1 : h.pcHi) << 16)) >>> 0;
    }
  } catch (e) {
    if (e !== TRAP) throw e;
    return raised(h);
  }
  const row = decode(word);
  if (row === undefined) return unchanged;
  const full = row.length === 2 ? EXPANSIONS[row.name](word) : word;
  const name = row.length === 2 ? decode(full)?.name : row.name;
  const load = name === undefined ? undefined : LOADS[name];
  const storeSize = name === undefined ? undefined : STORES[name];
  const address = BigInt.asUintN(64, (BigInt(tvalHi) << 32n) | BigInt(tvalLo >>> 0));
  const byteAt = (i: number): [number, number] => {
    const a = BigInt.asUintN(64, address + BigInt(i));
    return [Number(a & 0xffffffffn) | 0, Number(a >> 32n) | 0];
  };
  try {
    if (cause === Exception.LoadAddressMisaligned && load !== undefined) {
      let value = 0n;
      for (let i = 0; i < load.size; i++) {
        h.load(...byteAt(i), 1);
        value |= BigInt(out[0] & 0xff) << BigInt(8 * i);
      }
      if (load.signed) value = BigInt.asIntN(load.size * 8, value);
      const v = BigInt.asUintN(64, value);
      h.setX(rd(full), Number(v & 0xffffffffn) | 0, Number(v >> 32n) | 0);
    } else if (cause === Exception.StoreAddressMisaligned && storeSize !== undefined) {
      const r = rs2(full);
      let value = BigInt.asUintN(64, (BigInt(h.x[r + 32]) << 32n) | BigInt(h.x[r] >>> 0));
      for (let i = 0; i < storeSize; i++) {
        h.store(...byteAt(i), 1, Number(value & 0xffn), 0);
        value >>= 8n;
      }
    } else return unchanged;
  } catch (e) {
    if (e !== TRAP) throw e;
    return raised(h);
  }
  retire(h, row.length);
  return 'emulated';
}
