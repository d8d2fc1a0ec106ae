/**
 * The same workload ELF under qemu-system-riscv64 (TCG, -machine virt, no firmware), timed by wall clock
 * from spawn to exit, minus the median time of an ELF that exits at once (QEMU's start-up and shutdown), so
 * what remains is QEMU running the workload.
 */
import { spawnSync } from 'node:child_process';

export const QEMU = 'qemu-system-riscv64';

export function hasQemu(): boolean {
  return spawnSync(QEMU, ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Seconds of one run of `elf` on QEMU, start-up included; throws unless it prints `expected` and exits 0. */
export function timeQemuOnce(elf: string, expected: string | null): number {
  const args = ['-machine', 'virt', '-bios', 'none', '-m', '128M', '-nographic', '-monitor', 'none'];
  const start = process.hrtime.bigint();
  const r = spawnSync(QEMU, [...args, '-serial', 'stdio', '-kernel', elf], {
    encoding: 'latin1',
    timeout: 60_000,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0 || (expected !== null && r.stdout.trim() !== expected)) {
    throw new Error(`${QEMU} on ${elf}: exit ${r.status}, printed ${JSON.stringify(r.stdout)}, ${r.stderr}`);
  }
  return seconds;
}
