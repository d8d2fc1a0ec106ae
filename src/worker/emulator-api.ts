/**
 * The whole contract between the page and the machine (DESIGN.md, "The worker boundary"). The worker
 * implements it (emulator-session.ts) and exposes it with comlink (emulator.worker.ts); the UI holds a
 * comlink proxy of it (client.ts). Calls are coarse: the UI never sends one message per instruction, and it
 * pulls one compact state view per animation frame.
 */
import type { StopReason } from '../../emulator/machine';

export type { StopReason };

/** Privilege mode numbers as the spec encodes them (mstatus.MPP): 0 U, 1 S, 3 M. */
export type PrivilegeLevel = 0 | 1 | 3;

/** Where the machine is: nothing loaded, loaded and not yet run, running, paused, or stopped (why). */
export type MachineStatus =
  | { kind: 'empty' }
  | { kind: 'ready' }
  | { kind: 'running' }
  | { kind: 'paused' }
  | StopReason
  | { kind: 'error'; message: string };

export type LoadResult =
  { ok: true; entry: bigint; segments: number; symbols: number } | { ok: false; error: string };

/** One compact view of the machine: what the UI draws in a frame. Typed arrays are transferred, not copied. */
export interface MachineStateView {
  status: MachineStatus;
  /** The loaded program's name (file name), or null. */
  program: string | null;
  pc: bigint;
  priv: PrivilegeLevel;
  /** x0..x31 (x0 is always 0). */
  x: BigUint64Array;
  instructionsRetired: bigint;
  /** Console bytes the guest sent since the previous getState (or since the last load/reset). */
  consoleBytes: Uint8Array;
}

export interface EmulatorApi {
  /** Load an ELF64 RISC-V executable and reset the machine to its entry. Errors say what is wrong with the file. */
  loadElf(bytes: Uint8Array, name: string): Promise<LoadResult>;
  /**
   * Run in slices of at most `sliceInstructions` instructions, yielding between slices so that pause and
   * getState are answered while the guest runs. Resolves with the status once running stops (exit, wfi, pause).
   */
  run(sliceInstructions?: number): Promise<MachineStatus>;
  /** Stop a run at the end of the current slice. Resolves once it has stopped. */
  pause(): Promise<void>;
  /** Execute `count` instructions (default 1; a trap entry counts as one step). */
  step(count?: number): Promise<MachineStatus>;
  /** Power-cycle: reload the program's segments, hart and devices in their reset state. */
  reset(): Promise<void>;
  getState(): Promise<MachineStateView>;
}
