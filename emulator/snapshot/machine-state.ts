import type { ClintState } from '../devices/clint';
import type { HtifState } from '../devices/htif';
import type { PlicState } from '../devices/plic';
import { UART_FIFO_SIZE, type UartState } from '../devices/uart16550';
import { CsrState } from '../hart/csr-state';
import type { Hart } from '../hart/hart';
import { PMP_ENTRIES } from '../hart/pmp';
import { Priv, type PrivilegeMode } from '../hart/privilege';
import type { Machine, StopReason } from '../machine';
import { SnapshotError } from './container';
import { boolean, count, integer, integers, record, string, word } from './json';
import { htifOf, stopOf } from './machine-access';

/**
 * The hart's and the devices' state as plain data (the 'HART' and 'DEVS' sections), with the checks a state
 * read from a file must pass before it may touch a machine.
 *
 * Not kept, because they are not state: the TLB and the decoded-instruction cache (caches, rebuilt on
 * demand), and the hart's per-step scratch (npc, the instruction's length, the trap being raised), which
 * is rewritten by the next step before anything reads it. `paging` and the translation function follow
 * from satp and are recomputed.
 */
export interface HartState {
  x: number[];
  pcLo: number;
  pcHi: number;
  priv: PrivilegeMode;
  csr: Record<string, number>;
  pmp: { cfg: number[]; addrLo: number[]; addrHi: number[] };
  steps: number;
  cycle: number;
  instret: number;
  mipHardware: number;
  waitingForInterrupt: boolean;
  reservationValid: boolean;
  reservationAddress: number;
  walks: number;
  /**
   * HART (issue 6): instructions retired in U, S and M-mode (Hart.retiredByMode). Optional, so files from
   * before it still load (their counts restart at zero) and older readers, which ignore unknown fields, read
   * new files.
   */
  retiredByMode?: [number, number, number];
}

export interface DevicesState {
  clint: ClintState;
  plic: PlicState;
  uart: UartState;
  /** Present exactly when the loaded program has a `tohost` symbol (HTIF is mapped). */
  htif: HtifState | null;
  /** How the guest stopped, if it has: a stopped machine stays stopped after a restore. */
  stop: StopReason | null;
}

export function captureHart(h: Hart): HartState {
  return {
    x: Array.from(h.x),
    pcLo: h.pcLo,
    pcHi: h.pcHi,
    priv: h.priv,
    csr: { ...h.csr } as unknown as Record<string, number>,
    pmp: { cfg: Array.from(h.pmp.cfg), addrLo: Array.from(h.pmp.addrLo), addrHi: Array.from(h.pmp.addrHi) },
    steps: h.steps,
    cycle: h.cycle,
    instret: h.instret,
    mipHardware: h.mipHardware,
    waitingForInterrupt: h.waitingForInterrupt,
    reservationValid: h.reservationValid,
    reservationAddress: h.reservationAddress,
    walks: h.walks,
    retiredByMode: [h.retiredByMode[Priv.U], h.retiredByMode[Priv.S], h.retiredByMode[Priv.M]],
  };
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

export function checkHart(value: unknown): HartState {
  const v = record(value, 'the hart state');
  const csrIn = record(v.csr, 'the CSRs');
  const csr: Record<string, number> = {};
  for (const name of Object.keys(new CsrState())) {
    if (!(name in csrIn))
      throw new SnapshotError('damaged', `damaged: the snapshot lacks the CSR field ${name}`);
    // The *Mark fields hold step counts; every other field is a 32-bit word.
    csr[name] = name.endsWith('Mark') ? count(csrIn[name], `CSR ${name}`) : word(csrIn[name], `CSR ${name}`);
  }
  for (const name of Object.keys(csrIn)) {
    if (!(name in csr))
      throw new SnapshotError('unsupported', `the snapshot has an unknown CSR field ${name}`);
  }
  const pmp = record(v.pmp, 'the PMP state');
  const priv = integer(v.priv, 'the privilege mode', 0, 3);
  if (priv !== Priv.U && priv !== Priv.S && priv !== Priv.M) {
    throw new SnapshotError('out-of-range', `damaged: privilege mode ${priv} does not exist`);
  }
  const pcLo = word(v.pcLo, 'pc');
  if (pcLo % 2 !== 0) throw new SnapshotError('out-of-range', 'damaged: pc is odd (a hart has no odd pc)');
  return {
    x: integers(v.x, 'the x registers', INT32_MIN, INT32_MAX, 64),
    pcLo,
    pcHi: word(v.pcHi, 'pc'),
    priv,
    csr,
    pmp: {
      cfg: integers(pmp.cfg, 'pmpcfg', 0, 255, PMP_ENTRIES),
      addrLo: integers(pmp.addrLo, 'pmpaddr', INT32_MIN, INT32_MAX, PMP_ENTRIES),
      addrHi: integers(pmp.addrHi, 'pmpaddr', 0, 0x3fffff, PMP_ENTRIES),
    },
    steps: count(v.steps, 'the step count'),
    cycle: count(v.cycle, 'the cycle count'),
    instret: count(v.instret, 'instret'),
    mipHardware: word(v.mipHardware, 'mip'),
    waitingForInterrupt: boolean(v.waitingForInterrupt, 'the wfi state'),
    reservationValid: boolean(v.reservationValid, 'the LR/SC reservation'),
    reservationAddress: count(v.reservationAddress, 'the LR/SC reservation address'),
    walks: count(v.walks, 'the page-walk count'),
    ...(v.retiredByMode === undefined
      ? {}
      : {
          retiredByMode: integers(
            v.retiredByMode,
            'the instructions retired per mode',
            0,
            Number.MAX_SAFE_INTEGER,
            3,
          ) as [number, number, number],
        }),
  };
}

/** Put a checked state into the hart. mip's device-driven bits are set by applyDevices, after the devices. */
export function applyHart(h: Hart, s: HartState): void {
  h.x.set(s.x);
  h.x[0] = 0;
  h.x[32] = 0;
  h.setPc(s.pcLo, s.pcHi);
  h.priv = s.priv;
  Object.assign(h.csr, s.csr);
  // Through the PMP's own writes, so its decoded regions follow: every address first, while no entry is
  // locked yet, then the configurations (which may lock).
  h.pmp.reset();
  for (let i = 0; i < PMP_ENTRIES; i++) h.pmp.writeAddr(i, s.pmp.addrLo[i], s.pmp.addrHi[i]);
  for (let i = 0; i < PMP_ENTRIES; i++) h.pmp.writeCfg(i, s.pmp.cfg[i]);
  h.steps = s.steps;
  h.cycle = s.cycle;
  h.instret = s.instret;
  h.waitingForInterrupt = s.waitingForInterrupt;
  h.reservationValid = s.reservationValid;
  h.reservationAddress = s.reservationAddress;
  h.walks = s.walks;
  const [u, sv, m] = s.retiredByMode ?? [0, 0, 0];
  h.retiredByMode.set([u, sv, 0, m]);
  // satp, mstatus and PMP may all have changed: re-select the translation and empty the TLB.
  h.onAddressingChanged();
}

export function captureDevices(m: Machine): DevicesState {
  return {
    clint: m.clint.captureState(),
    plic: m.plic.captureState(),
    uart: m.uart.captureState(),
    htif: htifOf(m)?.captureState() ?? null,
    stop: stopOf(m).get(),
  };
}

const byte = (v: unknown, what: string): number => integer(v, what, 0, 255);

/** `htifSize`: the size of the HTIF device the snapshot's own program maps (null: it has none). */
export function checkDevices(value: unknown, m: Machine, htifSize: number | null): DevicesState {
  const v = record(value, 'the device state');
  const clint = record(v.clint, 'the CLINT state');
  const plic = record(v.plic, 'the PLIC state');
  const uart = record(v.uart, 'the UART state');
  const shape = m.plic.stateShape();
  const u32 = 2 ** 32 - 1;
  let htif: HtifState | null = null;
  if (htifSize !== null) {
    htif = { bytes: integers(record(v.htif, 'the HTIF state').bytes, 'the HTIF bytes', 0, 255, htifSize) };
  } else if (v.htif !== null) {
    throw new SnapshotError('damaged', 'damaged: the snapshot has HTIF state but its program has no tohost');
  }
  return {
    clint: {
      msip: integer(clint.msip, 'msip', 0, 1),
      mtimecmpLo: word(clint.mtimecmpLo, 'mtimecmp'),
      mtimecmpHi: word(clint.mtimecmpHi, 'mtimecmp'),
      offset: integer(clint.offset, 'the mtime offset', -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
    },
    plic: {
      priority: integers(plic.priority, 'PLIC priorities', 0, 7, shape.priority),
      pending: integers(plic.pending, 'PLIC pending bits', 0, u32, shape.pending),
      claimed: integers(plic.claimed, 'PLIC claimed bits', 0, u32, shape.claimed),
      asserted: integers(plic.asserted, 'PLIC line levels', 0, u32, shape.asserted),
      enable: integers(plic.enable, 'PLIC enable bits', 0, u32, shape.enable),
      threshold: integers(plic.threshold, 'PLIC thresholds', 0, 7, shape.threshold),
    },
    uart: {
      ier: byte(uart.ier, 'UART IER'),
      iir: byte(uart.iir, 'UART IIR'),
      fcr: byte(uart.fcr, 'UART FCR'),
      lcr: byte(uart.lcr, 'UART LCR'),
      mcr: byte(uart.mcr, 'UART MCR'),
      lsr: byte(uart.lsr, 'UART LSR'),
      scr: byte(uart.scr, 'UART SCR'),
      divisor: integer(uart.divisor, 'the UART divisor', 0, 0xffff),
      rbr: byte(uart.rbr, 'UART RBR'),
      thrInterrupt: boolean(uart.thrInterrupt, 'the UART THR interrupt'),
      fifo: integers(uart.fifo, 'the UART FIFO', 0, 255, undefined, UART_FIFO_SIZE),
      hostQueue: integers(uart.hostQueue, 'the UART input queue', 0, 255),
    },
    htif,
    stop: checkStop(v.stop),
  };
}

function checkStop(value: unknown): StopReason | null {
  if (value === null) return null;
  const v = record(value, 'the stop reason');
  const via = string(v.via, 'the exit device');
  if (v.kind !== 'exit' || (via !== 'finisher' && via !== 'htif' && via !== 'sbi')) {
    throw new SnapshotError('damaged', 'damaged: the stop reason is not an exit');
  }
  return { kind: 'exit', code: count(v.code, 'the exit code'), via };
}

/** Put checked device state into the machine, after applyHart (the CLINT's deadline needs the step count). */
export function applyDevices(m: Machine, s: DevicesState, mipHardware: number): void {
  m.clint.restoreState(s.clint);
  m.plic.restoreState(s.plic);
  m.uart.restoreState(s.uart);
  const htif = htifOf(m);
  if (htif !== null && s.htif !== null) htif.restoreState(s.htif);
  // The devices drove their lines to the levels their state implies; this is the same value, from the file.
  m.hart.mipHardware = mipHardware;
  stopOf(m).set(s.stop);
}
