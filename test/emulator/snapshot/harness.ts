/**
 * Shared by the snapshot tests: the guests they run (bare-metal ELF files, the monitor with its payloads,
 * a probe program of our own), a run to the end, and a machine's state in a form that can be compared.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { assemble } from '../../../emulator/asm/assembler';
import { combineImages } from '../../../emulator/firmware-boot';
import type { ProgramImage } from '../../../emulator/image';
import { loadElf } from '../../../emulator/loader/elf';
import { Machine, type MachineConfig, type StopReason } from '../../../emulator/machine';
import { assemblePayload, monitorImage } from '../../firmware/boot';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface Guest {
  name: string;
  image: () => ProgramImage;
  config?: MachineConfig;
  /** Console input delivered before the first step. */
  input?: string;
  /** What the guest prints, from its own source (the oracle for the uninterrupted run). */
  expectedOutput?: string | RegExp;
}

export const elf = (path: string): (() => ProgramImage) => {
  let image: ProgramImage | undefined;
  return () => (image ??= loadElf(readFileSync(ROOT + path)));
};

export function probeImage(): ProgramImage {
  const r = assemble(readFileSync(ROOT + 'test/emulator/snapshot/probe.S', 'utf8'), { file: 'probe.S' });
  if (!r.image) throw new Error(r.errors.map((e) => `${e.line}: ${e.message}`).join('\n'));
  return r.image;
}

export const withMonitor = (payload: string) => (): ProgramImage =>
  combineImages(monitorImage(), assemblePayload(payload));

export interface Outcome {
  output: string;
  stop: StopReason;
  state: ComparableState;
}

export function newMachine(guest: Guest): { m: Machine; output: () => string } {
  const m = new Machine(guest.config);
  let output = '';
  m.onConsoleOutput = (b) => {
    output += String.fromCharCode(b);
  };
  m.load(guest.image());
  if (guest.input) m.uart.receive(new TextEncoder().encode(guest.input));
  return { m, output: () => output };
}

export const BUDGET = 100_000_000;

/** The machine's state, read through its public fields (not through the snapshot code under test). */
export interface ComparableState {
  x: number[];
  pc: bigint;
  priv: number;
  steps: number;
  cycle: number;
  instret: number;
  csr: Record<string, number>;
  pmp: number[][];
  mipHardware: number;
  waitingForInterrupt: boolean;
  reservation: [boolean, number];
  mtime: number;
  mtimecmp: number;
  pendingInput: boolean;
  ramSha256: string;
}

export function stateOf(m: Machine): ComparableState {
  const h = m.hart;
  return {
    x: Array.from(h.x),
    pc: h.getPc(),
    priv: h.priv,
    steps: h.steps,
    cycle: h.cycle,
    instret: h.instret,
    csr: { ...h.csr } as unknown as Record<string, number>,
    pmp: [Array.from(h.pmp.cfg), Array.from(h.pmp.addrLo), Array.from(h.pmp.addrHi)],
    mipHardware: h.mipHardware,
    waitingForInterrupt: h.waitingForInterrupt,
    reservation: [h.reservationValid, h.reservationValid ? h.reservationAddress : 0],
    mtime: m.clint.mtime,
    mtimecmp: m.clint.mtimecmp,
    pendingInput: m.uart.hasPendingInput(),
    ramSha256: createHash('sha256').update(m.ram.bytes).digest('hex'),
  };
}

/** Run to the end (or the budget) and describe how it ended. */
export function runToEnd(m: Machine, output: () => string): Outcome {
  const stop = m.run(BUDGET);
  return { output: output(), stop, state: stateOf(m) };
}
