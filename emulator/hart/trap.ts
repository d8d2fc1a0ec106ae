import { INTERRUPT_PRIORITY } from './causes';
import {
  MSTATUS_MIE,
  MSTATUS_MPIE,
  MSTATUS_MPP,
  MSTATUS_MPP_SHIFT,
  MSTATUS_SIE,
  MSTATUS_SPIE,
  MSTATUS_SPP,
} from './csr-state';
import type { Hart } from './hart';
import { Priv } from './privilege';

/** What happened at one trap, for the UI's trap log and for tests. */
export interface TrapRecord {
  interrupt: boolean;
  cause: number;
  fromPriv: number;
  toPriv: number;
  epcLo: number;
  epcHi: number;
  tvalLo: number;
  tvalHi: number;
  /** Why it went where it went: "medeleg[8]=1 and from U" etc. */
  delegated: boolean;
  /**
   * Not delegated, yet taken to S-mode: the host SBI (emulator/sbi/) passed it on, as the monitor's
   * redirect_to_supervisor does, because no M-mode software runs there to take it.
   */
  redirected?: boolean;
}

/**
 * One trap return (mret or sret) the hart executed, for the same logs as TrapRecord: the UI's trap
 * timeline pairs it with the trap it ends to tell how long the handler ran. The machine reports it after the
 * xRET retired (Machine.onReturn), so the count of retired instructions then includes it.
 */
export interface ReturnRecord {
  kind: 'mret' | 'sret';
  /** The mode the xRET ran in, and the mode it returned to (xPP). */
  fromPriv: number;
  toPriv: number;
  /** pc of the xRET instruction. */
  pcLo: number;
  pcHi: number;
  /** Where it returned to (mepc or sepc). */
  targetLo: number;
  targetHi: number;
}

/**
 * Decides, in place of M-mode software, what becomes of a trap headed for M-mode: the host SBI of a Machine
 * with sbi: 'host' (emulator/sbi/host-sbi.ts), the way a hypervisor takes a guest's trap as a VM exit.
 * It returns null when it dealt with the trap itself (the hart does not trap), or the record of the trap it
 * took instead (redirectToSupervisor). It runs before anything of the trap has happened: pc still points at
 * the instruction that trapped.
 */
export type TrapInterceptor = (
  interrupt: boolean,
  cause: number,
  tvalLo: number,
  tvalHi: number,
) => TrapRecord | null;

/**
 * Take a trap (privileged spec, "Machine Trap Delegation Registers" and "Machine Status Registers"):
 * decide M or S, save pc and cause, stack the interrupt enables, switch mode and jump to the vector.
 */
export function takeTrap(
  h: Hart,
  interrupt: boolean,
  cause: number,
  tvalLo: number,
  tvalHi: number,
): TrapRecord | null {
  // A trap is delegated to S-mode when the mode it comes from is S or U and the delegation bit is set.
  // Traps never move to a less privileged mode: a delegated trap raised in M-mode stays in M-mode.
  const delegation = interrupt ? h.csr.mideleg : h.csr.medeleg;
  const toSupervisor = h.priv <= Priv.S && ((delegation >>> cause) & 1) === 1;
  if (!toSupervisor && h.interceptTrap !== null) return h.interceptTrap(interrupt, cause, tvalLo, tvalHi);
  return enterTrap(h, interrupt, cause, tvalLo, tvalHi, toSupervisor);
}

/**
 * An exception taken to S-mode although medeleg does not delegate it, as M-mode firmware passes one on
 * (the monitor's redirect_to_supervisor): the same CSR updates as a delegated trap. Only from S or U-mode.
 */
export function redirectToSupervisor(h: Hart, cause: number, tvalLo: number, tvalHi: number): TrapRecord {
  const record = enterTrap(h, false, cause, tvalLo, tvalHi, true);
  record.delegated = false;
  record.redirected = true;
  return record;
}

function enterTrap(
  h: Hart,
  interrupt: boolean,
  cause: number,
  tvalLo: number,
  tvalHi: number,
  toSupervisor: boolean,
): TrapRecord {
  const c = h.csr;
  const from = h.priv;
  const causeHi = interrupt ? 0x80000000 | 0 : 0;

  if (toSupervisor) {
    c.sepcLo = h.pcLo;
    c.sepcHi = h.pcHi;
    c.scauseLo = cause;
    c.scauseHi = causeHi;
    c.stvalLo = tvalLo;
    c.stvalHi = tvalHi;
    // SPIE <- SIE, SIE <- 0, SPP <- the mode the trap came from.
    let s = c.mstatus & ~(MSTATUS_SPIE | MSTATUS_SIE | MSTATUS_SPP);
    if (c.mstatus & MSTATUS_SIE) s |= MSTATUS_SPIE;
    if (from === Priv.S) s |= MSTATUS_SPP;
    c.mstatus = s;
    h.priv = Priv.S;
    jumpToVector(h, c.stvecLo, c.stvecHi, interrupt, cause);
  } else {
    c.mepcLo = h.pcLo;
    c.mepcHi = h.pcHi;
    c.mcauseLo = cause;
    c.mcauseHi = causeHi;
    c.mtvalLo = tvalLo;
    c.mtvalHi = tvalHi;
    // MPIE <- MIE, MIE <- 0, MPP <- the mode the trap came from.
    let s = c.mstatus & ~(MSTATUS_MPIE | MSTATUS_MIE | MSTATUS_MPP);
    if (c.mstatus & MSTATUS_MIE) s |= MSTATUS_MPIE;
    s |= from << MSTATUS_MPP_SHIFT;
    c.mstatus = s;
    h.priv = Priv.M;
    jumpToVector(h, c.mtvecLo, c.mtvecHi, interrupt, cause);
  }
  h.waitingForInterrupt = false;
  h.onAddressingChanged();
  return {
    interrupt,
    cause,
    fromPriv: from,
    toPriv: h.priv,
    epcLo: toSupervisor ? c.sepcLo : c.mepcLo,
    epcHi: toSupervisor ? c.sepcHi : c.mepcHi,
    tvalLo,
    tvalHi,
    delegated: toSupervisor,
  };
}

/** Direct mode: pc = BASE. Vectored mode: interrupts go to BASE + 4 × cause, exceptions to BASE. */
function jumpToVector(h: Hart, tvecLo: number, tvecHi: number, interrupt: boolean, cause: number): void {
  const base = tvecLo & ~3;
  if (interrupt && (tvecLo & 3) === 1) {
    const lo = (base >>> 0) + 4 * cause;
    h.setPc(lo, tvecHi + (lo > 0xffffffff ? 1 : 0));
  } else {
    h.setPc(base, tvecHi);
  }
}

/**
 * The interrupt to take now, or -1 (privileged spec, "Machine Interrupt Registers"): an interrupt i traps to
 * M-mode when mip[i] & mie[i], it is not delegated, and the hart is below M-mode or in M-mode with
 * mstatus.MIE set. A delegated one traps to S-mode when the hart is in U-mode, or in S-mode with
 * mstatus.SIE set; it is never taken while in M-mode.
 */
export function pendingInterrupt(h: Hart, pending: number): number {
  const c = h.csr;
  const mEnabled = h.priv < Priv.M || (c.mstatus & MSTATUS_MIE) !== 0;
  const sEnabled = h.priv < Priv.S || (h.priv === Priv.S && (c.mstatus & MSTATUS_SIE) !== 0);
  let take = 0;
  if (mEnabled) take |= pending & ~c.mideleg;
  if (sEnabled) take |= pending & c.mideleg;
  if (take === 0) return -1;
  // Interrupts for M-mode come before those for S-mode; within each, the spec's fixed order.
  const forM = take & ~c.mideleg;
  const group = forM !== 0 ? forM : take;
  for (const code of INTERRUPT_PRIORITY) if ((group >>> code) & 1) return code;
  return -1;
}

/** mret (privileged spec, "Trap-Return Instructions"): back to MPP, MIE <- MPIE, MPIE <- 1, MPP <- U. */
export function returnFromMachineTrap(h: Hart): void {
  const c = h.csr;
  const to = (c.mstatus & MSTATUS_MPP) >>> MSTATUS_MPP_SHIFT;
  let s = c.mstatus & ~(MSTATUS_MIE | MSTATUS_MPP);
  if (c.mstatus & MSTATUS_MPIE) s |= MSTATUS_MIE;
  s |= MSTATUS_MPIE;
  // "If xPP != M, xRET also sets MPRV = 0."
  if (to !== Priv.M) s &= ~(1 << 17);
  c.mstatus = s;
  h.priv = to === 2 ? Priv.U : (to as 0 | 1 | 3);
  h.npcLo = c.mepcLo;
  h.npcHi = c.mepcHi;
  h.reservationValid = false;
  h.onAddressingChanged();
}

/** sret: back to SPP, SIE <- SPIE, SPIE <- 1, SPP <- U; MPRV <- 0 (SPP is never M). */
export function returnFromSupervisorTrap(h: Hart): void {
  const c = h.csr;
  const to = c.mstatus & MSTATUS_SPP ? Priv.S : Priv.U;
  let s = c.mstatus & ~(MSTATUS_SIE | MSTATUS_SPP | (1 << 17));
  if (c.mstatus & MSTATUS_SPIE) s |= MSTATUS_SIE;
  s |= MSTATUS_SPIE;
  c.mstatus = s;
  h.priv = to;
  h.npcLo = c.sepcLo;
  h.npcHi = c.sepcHi;
  h.reservationValid = false;
  h.onAddressingChanged();
}
