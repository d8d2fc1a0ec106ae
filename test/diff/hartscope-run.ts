/**
 * Runs one harness ELF on hartscope, as `qemu-system-riscv64 -machine virt -bios none -kernel F` runs it on
 * QEMU: bare, in M-mode from the ELF's entry, with the default 128 MiB of RAM. Returns the UART text.
 */
import { loadElf } from '../../emulator/loader/elf';
import { Machine } from '../../emulator/machine';

export interface HartscopeResult {
  output: string;
  /** How the run ended: 'exit N', 'budget' (ran out of instructions), 'wfi', or a thrown error's text. */
  stop: string;
}

export function runHartscope(elf: Uint8Array, budget: number): HartscopeResult {
  const bytes: number[] = [];
  const machine = new Machine();
  machine.onConsoleOutput = (b) => bytes.push(b);
  let stop: string;
  try {
    machine.load(loadElf(elf));
    const r = machine.run(budget);
    stop = r.kind === 'exit' ? `exit ${r.code}` : r.kind;
  } catch (e) {
    // DESIGN.md: no guest action may throw out of run(); if one does, the test reports it as a failure.
    stop = `threw ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;
  }
  return { output: Buffer.from(bytes).toString('latin1'), stop };
}
