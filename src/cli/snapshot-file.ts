/**
 * The runner's snapshot files (Node glue for emulator/snapshot): `--save-snapshot FILE` writes the machine
 * when the run ends (the guest exits, sleeps for good, or --max-insns runs out), `--restore-snapshot FILE`
 * starts from one instead of loading a program. Errors come back as messages for the runner to print
 * (exit status 2); a refused file leaves nothing half-done.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Machine } from '../../emulator/machine';
import { decodeSnapshot, saveSnapshotFile } from '../../emulator/snapshot/compress';
import { machineFromSnapshot, SnapshotError } from '../../emulator/snapshot/snapshot';

export type SnapshotResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** A new machine in the state FILE holds (configured as the machine it was saved from). */
export async function restoreFromFile(path: string): Promise<SnapshotResult<Machine>> {
  let file: Uint8Array;
  try {
    file = readFileSync(path);
  } catch (e) {
    return { ok: false, message: `cannot read ${path}: ${(e as Error).message}` };
  }
  try {
    return { ok: true, value: machineFromSnapshot(await decodeSnapshot(file)) };
  } catch (e) {
    if (e instanceof SnapshotError) return { ok: false, message: `${path}: ${e.message}` };
    throw e;
  }
}

/**
 * Save the machine to FILE (written beside it first, then renamed, so an interrupted write never leaves a
 * damaged snapshot under the name). Returns a line for stderr: the file's size beside the RAM's.
 */
export async function saveToFile(machine: Machine, path: string): Promise<SnapshotResult<string>> {
  const file = await saveSnapshotFile(machine);
  const temporary = `${path}.partial`;
  try {
    writeFileSync(temporary, file);
    renameSync(temporary, path);
  } catch (e) {
    return { ok: false, message: `cannot write ${path}: ${(e as Error).message}` };
  }
  return { ok: true, value: describeSnapshot(path, file.length, machine) };
}

export function describeSnapshot(path: string, fileSize: number, machine: Machine): string {
  const kib = (n: number): string => `${(n / 1024).toFixed(1)} KiB`;
  return (
    `emu: saved ${path}: ${kib(fileSize)} for a machine with ${machine.ramSize / 1048576} MiB of RAM ` +
    `at step ${machine.hart.steps}`
  );
}
