import { add, out } from '../int64';
import {
  ALL_INTERRUPTS,
  DELEGABLE_EXCEPTIONS,
  MIP_SEIP,
  MIP_SSIP,
  MIP_STIP,
  SUPERVISOR_INTERRUPTS,
} from './causes';
import { CSR } from './csr-numbers';
import {
  MSTATUS_HIGH,
  MSTATUS_MPP,
  MSTATUS_TVM,
  MSTATUS_WRITABLE,
  SATP_MODE_BARE,
  SATP_MODE_SV39,
  SSTATUS_HIGH,
  SSTATUS_MASK,
} from './csr-state';
import { type Hart, MISA_HI, MISA_LO } from './hart';
import { PMP_ENTRIES } from './pmp';
import { Priv } from './privilege';

/**
 * Zicsr access to the hart's CSRs: which exist, who may read or write them, and how each write is legalised
 * (WARL), following the privileged spec's chapters on machine and supervisor CSRs.
 *
 * readCsr/writeCsr return false when the access is illegal from the current mode (the caller raises an
 * illegal-instruction exception); values travel in int64's `out` pair.
 */

export const COUNTER_CY = 1 << 0;
const COUNTER_TM = 1 << 1;
export const COUNTER_IR = 1 << 2;

/** Privilege needed (bits 9:8) and read-only-ness (bits 11:10 = 3) are encoded in the number itself. */
export function csrPrivilegeAllows(h: Hart, num: number, writing: boolean): boolean {
  if (((num >>> 8) & 3) > h.priv) return false;
  if (writing && num >>> 10 === 3) return false;
  return true;
}

/** Is the unprivileged counter `index` (0 cycle, 1 time, 2 instret, 3.. hpm) readable in this mode? */
function counterVisible(h: Hart, index: number): boolean {
  const bit = 1 << index;
  if (h.priv === Priv.M) return true;
  if (!(h.csr.mcounteren & bit)) return false;
  if (h.priv === Priv.U && !(h.csr.scounteren & bit)) return false;
  return true;
}

function readCycle(h: Hart): void {
  const c = h.csr;
  add(
    c.cycleBaseLo,
    c.cycleBaseHi,
    (h.cycle - c.cycleMark) | 0,
    Math.floor((h.cycle - c.cycleMark) / 2 ** 32),
  );
}

function readInstret(h: Hart): void {
  const c = h.csr;
  const d = h.instret - c.instretMark;
  add(c.instretBaseLo, c.instretBaseHi, d | 0, Math.floor(d / 2 ** 32));
}

function set(lo: number, hi: number): true {
  out[0] = lo;
  out[1] = hi;
  return true;
}

/**
 * Read CSR `num` into `out`. `forWrite` marks the read half of csrrs/csrrc: the spec says those read the
 * software-written SEIP bit of mip, not the value ORed with the external interrupt signal.
 */
export function readCsr(h: Hart, num: number, forWrite = false): boolean {
  if (!csrPrivilegeAllows(h, num, false)) return false;
  const c = h.csr;
  switch (num) {
    case CSR.cycle:
      if (!counterVisible(h, 0)) return false;
      readCycle(h);
      return true;
    case CSR.time: {
      if (h.config.timeCsr === 'absent' || !counterVisible(h, 1)) return false;
      const t = h.readTime();
      return set(t | 0, Math.floor(t / 2 ** 32));
    }
    case CSR.instret:
      if (!counterVisible(h, 2)) return false;
      readInstret(h);
      return true;
    case CSR.mcycle:
      readCycle(h);
      return true;
    case CSR.minstret:
      readInstret(h);
      return true;

    case CSR.sstatus:
      return set(c.mstatus & SSTATUS_MASK, SSTATUS_HIGH);
    case CSR.sie:
      return set(c.mie & c.mideleg, 0);
    case CSR.sip:
      return set(mipValue(h, forWrite) & c.mideleg, 0);
    case CSR.stvec:
      return set(c.stvecLo, c.stvecHi);
    case CSR.scounteren:
      return set(c.scounteren, 0);
    case CSR.senvcfg:
      return set(c.senvcfg, 0);
    case CSR.sscratch:
      return set(c.sscratchLo, c.sscratchHi);
    case CSR.sepc:
      return set(c.sepcLo, c.sepcHi);
    case CSR.scause:
      return set(c.scauseLo, c.scauseHi);
    case CSR.stval:
      return set(c.stvalLo, c.stvalHi);
    case CSR.satp:
      if (h.priv === Priv.S && c.mstatus & MSTATUS_TVM) return false;
      return set(c.satpLo, c.satpHi);

    case CSR.mvendorid:
    case CSR.marchid:
    case CSR.mimpid:
    case CSR.mconfigptr:
      return set(0, 0);
    case CSR.mhartid:
      return set(h.config.hartId, 0);
    case CSR.mstatus:
      return set(c.mstatus, MSTATUS_HIGH);
    case CSR.misa:
      return set(MISA_LO, MISA_HI);
    case CSR.medeleg:
      return set(c.medeleg, 0);
    case CSR.mideleg:
      return set(c.mideleg, 0);
    case CSR.mie:
      return set(c.mie, 0);
    case CSR.mtvec:
      return set(c.mtvecLo, c.mtvecHi);
    case CSR.mcounteren:
      return set(c.mcounteren, 0);
    case CSR.menvcfg:
      return set(c.menvcfg, 0);
    case CSR.mcountinhibit:
      return set(c.mcountinhibit, 0);
    case CSR.mscratch:
      return set(c.mscratchLo, c.mscratchHi);
    case CSR.mepc:
      return set(c.mepcLo, c.mepcHi);
    case CSR.mcause:
      return set(c.mcauseLo, c.mcauseHi);
    case CSR.mtval:
      return set(c.mtvalLo, c.mtvalHi);
    case CSR.mip:
      return set(mipValue(h, forWrite), 0);
  }
  // Performance-monitoring counters and events exist but are hardwired to zero (allowed by the spec).
  if (num >= CSR.hpmcounter3 && num <= CSR.hpmcounter31)
    return counterVisible(h, num - CSR.cycle) && set(0, 0);
  if (num >= CSR.mhpmcounter3 && num <= CSR.mhpmcounter31) return set(0, 0);
  if (num >= CSR.mhpmevent3 && num <= CSR.mhpmevent31) return set(0, 0);
  if (num >= CSR.pmpcfg0 && num <= CSR.pmpcfg15) {
    const n = num - CSR.pmpcfg0;
    if (n & 1) return false; // RV64 has only the even-numbered pmpcfg registers
    const first = n * 4;
    if (first >= PMP_ENTRIES) return set(0, 0);
    const cfg = h.pmp.cfg;
    return set(
      cfg[first] | (cfg[first + 1] << 8) | (cfg[first + 2] << 16) | (cfg[first + 3] << 24),
      cfg[first + 4] | (cfg[first + 5] << 8) | (cfg[first + 6] << 16) | (cfg[first + 7] << 24),
    );
  }
  if (num >= CSR.pmpaddr0 && num <= CSR.pmpaddr63) {
    const i = num - CSR.pmpaddr0;
    if (i >= PMP_ENTRIES) return set(0, 0);
    return set(h.pmp.addrLo[i], h.pmp.addrHi[i]);
  }
  return false;
}

/** mip as software reads it: device-driven bits ORed with the software-written ones. */
function mipValue(h: Hart, forWrite: boolean): number {
  const soft = h.csr.mipSoftware;
  if (forWrite) return soft | (h.mipHardware & ~MIP_SEIP);
  return soft | h.mipHardware;
}

/** Write CSR `num` with (lo, hi), legalising WARL fields. False when the write is not allowed. */
export function writeCsr(h: Hart, num: number, lo: number, hi: number): boolean {
  if (!csrPrivilegeAllows(h, num, true)) return false;
  const c = h.csr;
  switch (num) {
    case CSR.mcycle:
      c.cycleBaseLo = lo;
      c.cycleBaseHi = hi;
      c.cycleMark = h.cycle;
      return true;
    case CSR.minstret:
      // The writing instruction still retires; its own increment must not show in the value written.
      c.instretBaseLo = lo;
      c.instretBaseHi = hi;
      c.instretMark = h.instret + 1;
      return true;

    case CSR.sstatus:
      c.mstatus = (c.mstatus & ~SSTATUS_MASK) | (lo & SSTATUS_MASK);
      h.onAddressingChanged(); // SUM and MXR change what a translation allows
      return true;
    case CSR.sie:
      c.mie = (c.mie & ~c.mideleg) | (lo & c.mideleg);
      return true;
    case CSR.sip: {
      // Only SSIP is writable through sip, and only where it is delegated.
      const mask = MIP_SSIP & c.mideleg;
      c.mipSoftware = (c.mipSoftware & ~mask) | (lo & mask);
      return true;
    }
    case CSR.stvec:
      return writeTvec(h, lo, hi, false);
    case CSR.scounteren:
      c.scounteren = lo;
      return true;
    case CSR.senvcfg:
      c.senvcfg = lo & 1; // FIOM is the only field without further extensions
      return true;
    case CSR.sscratch:
      c.sscratchLo = lo;
      c.sscratchHi = hi;
      return true;
    case CSR.sepc:
      c.sepcLo = lo & ~1;
      c.sepcHi = hi;
      return true;
    case CSR.scause:
      c.scauseLo = lo;
      c.scauseHi = hi;
      return true;
    case CSR.stval:
      c.stvalLo = lo;
      c.stvalHi = hi;
      return true;
    case CSR.satp:
      if (h.priv === Priv.S && c.mstatus & MSTATUS_TVM) return false;
      return writeSatp(h, lo, hi);

    case CSR.mstatus: {
      let v = (c.mstatus & ~MSTATUS_WRITABLE) | (lo & MSTATUS_WRITABLE);
      // MPP is WARL over {U, S, M}: the reserved value 2 leaves the field as it was.
      if ((v & MSTATUS_MPP) >>> 11 === 2) v = (v & ~MSTATUS_MPP) | (c.mstatus & MSTATUS_MPP);
      c.mstatus = v;
      h.onAddressingChanged();
      return true;
    }
    case CSR.misa:
      return true; // WARL: the extensions cannot be switched off, writes are ignored
    case CSR.medeleg:
      c.medeleg = lo & DELEGABLE_EXCEPTIONS;
      return true;
    case CSR.mideleg:
      c.mideleg = lo & SUPERVISOR_INTERRUPTS;
      return true;
    case CSR.mie:
      c.mie = lo & ALL_INTERRUPTS;
      return true;
    case CSR.mtvec:
      return writeTvec(h, lo, hi, true);
    case CSR.mcounteren:
      c.mcounteren = lo;
      return true;
    case CSR.menvcfg:
      c.menvcfg = lo & 1;
      return true;
    case CSR.mcountinhibit:
      // CY and IR can stop counting; bit 1 (TM) is read-only zero, the hpm bits have no counters.
      c.mcountinhibit = lo & (COUNTER_CY | COUNTER_IR) & ~COUNTER_TM;
      return true;
    case CSR.mscratch:
      c.mscratchLo = lo;
      c.mscratchHi = hi;
      return true;
    case CSR.mepc:
      c.mepcLo = lo & ~1;
      c.mepcHi = hi;
      return true;
    case CSR.mcause:
      c.mcauseLo = lo;
      c.mcauseHi = hi;
      return true;
    case CSR.mtval:
      c.mtvalLo = lo;
      c.mtvalHi = hi;
      return true;
    case CSR.mip: {
      // SSIP, STIP and SEIP are writable from M-mode; MSIP, MTIP, MEIP follow the devices.
      const mask = MIP_SSIP | MIP_STIP | MIP_SEIP;
      c.mipSoftware = (c.mipSoftware & ~mask) | (lo & mask);
      return true;
    }
  }
  if (num >= CSR.mhpmcounter3 && num <= CSR.mhpmcounter31) return true;
  if (num >= CSR.mhpmevent3 && num <= CSR.mhpmevent31) return true;
  if (num >= CSR.pmpcfg0 && num <= CSR.pmpcfg15) {
    const n = num - CSR.pmpcfg0;
    if (n & 1) return false;
    const first = n * 4;
    for (let i = 0; i < 8 && first + i < PMP_ENTRIES; i++) {
      h.pmp.writeCfg(first + i, i < 4 ? (lo >>> (8 * i)) & 0xff : (hi >>> (8 * (i - 4))) & 0xff);
    }
    h.onAddressingChanged();
    return true;
  }
  if (num >= CSR.pmpaddr0 && num <= CSR.pmpaddr63) {
    const i = num - CSR.pmpaddr0;
    if (i < PMP_ENTRIES) h.pmp.writeAddr(i, lo, hi);
    h.onAddressingChanged();
    return true;
  }
  return false;
}

/**
 * mtvec/stvec: BASE must be 4-byte aligned; MODE 0 (direct) and 1 (vectored) exist. A write with a reserved
 * MODE (2 or 3) is ignored as a whole, as QEMU does (WARL leaves the choice to the implementation).
 */
function writeTvec(h: Hart, lo: number, hi: number, machine: boolean): boolean {
  if ((lo & 3) >= 2) return true;
  const v = lo & ~2;
  if (machine) {
    h.csr.mtvecLo = v;
    h.csr.mtvecHi = hi;
  } else {
    h.csr.stvecLo = v;
    h.csr.stvecHi = hi;
  }
  return true;
}

/** satp: MODE Bare or Sv39; "if satp is written with an unsupported MODE, the entire write has no effect". */
function writeSatp(h: Hart, lo: number, hi: number): boolean {
  const mode = hi >>> 28;
  if (mode !== SATP_MODE_BARE && mode !== SATP_MODE_SV39) return true;
  h.csr.satpLo = lo;
  h.csr.satpHi = hi;
  h.onAddressingChanged();
  return true;
}
