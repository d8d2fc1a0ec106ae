/**
 * Shared by the lifecycle tests: the guests (every example under the monitor and under host SBI, a bare
 * ELF: hello.S), and a machine's whole state in a form that can be compared.
 */
import { readdirSync } from 'node:fs';
import { combineImages } from '../../../emulator/firmware-boot';
import type { ProgramImage } from '../../../emulator/image';
import { Machine, type MachineConfig } from '../../../emulator/machine';
import { captureDevices } from '../../../emulator/snapshot/machine-state';
import { restoreSnapshot, saveSnapshot } from '../../../emulator/snapshot/snapshot';
import { assembleExample, EXAMPLES_DIR, monitorImage } from '../../firmware/boot';
import { EXAMPLES } from '../../firmware/example-transcripts';
import { elf, stateOf } from '../snapshot/harness';

export interface Guest {
  name: string;
  image: () => ProgramImage;
  config: MachineConfig;
  /** Console input, given once the guest has printed something (so in the middle of the run). */
  input?: string;
}

const RAM = { ramSize: 16 * 1024 * 1024 };

/**
 * Every example in firmware/examples, as the directory is when the test runs: the S-mode payloads under
 * both firmwares, the bare M-mode programs from their ELF files.
 */
export function guests(): Guest[] {
  const list: Guest[] = [];
  for (const file of readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.S'))
    .sort()) {
    const name = file.slice(0, -2);
    if (EXAMPLES[name] === undefined) {
      // Not an S-mode payload: a bare M-mode program (hello.S), linked by its own script into NAME.elf.
      list.push({ name: `${name}.elf (bare)`, image: elf(`firmware/examples/${name}.elf`), config: RAM });
      continue;
    }
    const payload = (): ProgramImage => assembleExample(file);
    const input = EXAMPLES[name].input;
    list.push({
      name: `${name} (monitor)`,
      image: () => combineImages(monitorImage(), payload()),
      config: RAM,
      input,
    });
    list.push({ name: `${name} (host SBI)`, image: payload, config: { ...RAM, sbi: 'host' }, input });
  }
  return list;
}

/** Everything the tests compare: the hart through its public fields, RAM's hash, every device's state. */
export function wholeState(m: Machine): unknown {
  // Through JSON: the CLINT's offset may be -0 in one machine and 0 in another (the same mtime).
  return { ...stateOf(m), devices: JSON.parse(JSON.stringify(captureDevices(m))) as unknown };
}

export function newMachine(g: Guest): Machine {
  const m = new Machine(g.config);
  m.load(g.image());
  return m;
}

/**
 * A fresh machine run forward with plain Machine.run to the last state at or before step `steps`, given the
 * input at `inputAt` as the time-travelled run was: the independent reference for a state reached by going
 * back. A run may skip time in wfi past `steps`; then the run is undone (with the snapshot code, not the
 * checkpoints under test) and redone one step at a time, undoing the one step that skips past.
 */
export function referenceAt(g: Guest, steps: number, inputAt: number | null): Machine {
  const m = newMachine(g);
  if (inputAt !== null && inputAt <= steps) {
    runTo(m, inputAt);
    m.uart.receive(new TextEncoder().encode(g.input));
  }
  runTo(m, steps);
  return m;
}

function runTo(m: Machine, steps: number): void {
  const h = m.hart;
  while (h.steps < steps) {
    const before = saveSnapshot(m);
    const stop = m.run(steps - h.steps);
    if (h.steps <= steps) {
      if (stop.kind !== 'budget') return;
      continue;
    }
    restoreSnapshot(m, before);
    while (h.steps < steps) {
      const one = h.waitingForInterrupt ? saveSnapshot(m) : null;
      const stop1 = m.run(1);
      if (h.steps > steps && one !== null) restoreSnapshot(m, one);
      if (h.steps > steps || stop1.kind !== 'budget') return;
    }
  }
}
