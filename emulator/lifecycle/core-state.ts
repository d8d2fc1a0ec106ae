import type { Machine } from '../machine';
import {
  applyDevices,
  applyHart,
  captureDevices,
  captureHart,
  type DevicesState,
  type HartState,
} from '../snapshot/machine-state';

/**
 * Everything of a machine but its RAM: the hart (registers, pc, privilege, CSRs, PMP, counters) and the
 * devices (CLINT, PLIC, UART with its queued input, HTIF, and whether the guest has exited), as the
 * snapshot captures them (snapshot/machine-state.ts), kept in memory as plain data. Checkpoints pair it
 * with RAM pages; migration sends it in the stop-and-copy phase.
 */
export interface CoreState {
  hart: HartState;
  devices: DevicesState;
}

export function captureCore(m: Machine): CoreState {
  return { hart: captureHart(m.hart), devices: captureDevices(m) };
}

/**
 * Put a captured state back. It came from captureCore on a machine configured alike, so it needs none of
 * the checks a snapshot file gets. The order is the snapshot's: the CLINT's deadline needs the step count.
 */
export function applyCore(m: Machine, s: CoreState): void {
  applyHart(m.hart, s.hart);
  applyDevices(m, s.devices, s.hart.mipHardware);
  // The next run starts with the exact per-step checks, and compiled blocks may describe other code.
  m.invalidateCode();
  m.hart.slowPath = true;
}

/** Bytes the state would take in a file (its JSON), for the memory bound and the migration report. */
export const coreBytes = (s: CoreState): number => JSON.stringify(s).length;
