/**
 * Runs of an S-mode payload under host SBI (Machine config sbi: 'host') or under the monitor (firmware in
 * RAM, as test/firmware/boot.ts boots it), with the machine, every VM exit, trap and notice recorded.
 */
import { combineImages } from '../../../emulator/firmware-boot';
import type { TrapRecord } from '../../../emulator/hart/trap';
import type { ProgramImage } from '../../../emulator/image';
import { Machine, type MachineConfig, type StopReason } from '../../../emulator/machine';
import type { VmExitRecord } from '../../../emulator/sbi/host-sbi';
import { monitorImage } from '../../firmware/boot';

const OUTPUT_LIMIT = 64 * 1024;

export type SbiMode = 'host' | 'monitor';

export interface SbiRun {
  output: string;
  stop: StopReason;
  machine: Machine;
  exits: VmExitRecord[];
  traps: TrapRecord[];
  notices: string[];
}

export interface RunOptions {
  input?: string;
  budget?: number;
  config?: MachineConfig;
  /** Called after load, before the run (to place data in RAM, for example). */
  prepare?: (m: Machine) => void;
}

/** A machine for `mode` with `payload` loaded, recording what it reports. */
export function loadPayload(mode: SbiMode, payload: ProgramImage, options: RunOptions = {}): SbiRun {
  const machine = new Machine({ ...options.config, sbi: mode === 'host' ? 'host' : 'none' });
  const r: SbiRun = { output: '', stop: { kind: 'budget' }, machine, exits: [], traps: [], notices: [] };
  machine.onConsoleOutput = (b) => {
    // A guest gone astray may print forever: keep what a test can compare, not all of it.
    if (r.output.length < OUTPUT_LIMIT) r.output += String.fromCharCode(b);
  };
  machine.onVmExit = (e) => r.exits.push(e);
  machine.onTrap = (t) => r.traps.push(t);
  machine.onNotice = (n) => r.notices.push(n);
  machine.load(mode === 'host' ? payload : combineImages(monitorImage(), payload));
  options.prepare?.(machine);
  if (options.input) machine.uart.receive(new TextEncoder().encode(options.input));
  return r;
}

/** Load and run until the guest stops or the budget (default 5 million steps) ends. */
export function runPayload(mode: SbiMode, payload: ProgramImage, options: RunOptions = {}): SbiRun {
  const r = loadPayload(mode, payload, options);
  r.stop = r.machine.run(options.budget ?? 5_000_000);
  return r;
}

export const runWithHostSbi = (payload: ProgramImage, options: RunOptions = {}): SbiRun =>
  runPayload('host', payload, options);
