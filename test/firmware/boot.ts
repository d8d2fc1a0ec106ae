/**
 * Helpers for the firmware tests: the monitor assembled from firmware/monitor/*.S, payloads assembled from
 * firmware/payloads/*.S by hartscope's assembler (or by the GNU tools, for QEMU), and runs on each.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assemble } from '../../emulator/asm/assembler';
import { PAYLOAD_BASE } from '../../emulator/board/memory-map';
import { assembleMonitor, combineImages } from '../../emulator/firmware-boot';
import type { ProgramImage } from '../../emulator/image';
import { Machine, type MachineConfig, type StopReason } from '../../emulator/machine';
import { run } from '../helpers/tools';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const MONITOR_DIR = join(ROOT, 'firmware/monitor');
export const PAYLOAD_DIR = join(ROOT, 'firmware/payloads');

function readSources(dir: string): Record<string, string> {
  const sources: Record<string, string> = {};
  for (const f of readdirSync(dir)) if (f.endsWith('.S')) sources[f] = readFileSync(join(dir, f), 'utf8');
  return sources;
}

let monitor: ProgramImage | undefined;
export function monitorImage(): ProgramImage {
  monitor ??= assembleMonitor(readSources(MONITOR_DIR));
  return monitor;
}

/** A payload's source (firmware/payloads/NAME, or text given) assembled at 0x8020_0000 by hartscope. */
export function assemblePayload(name: string, text?: string): ProgramImage {
  const sources = readSources(PAYLOAD_DIR);
  const r = assemble(text ?? sources[name], {
    file: name,
    textBase: PAYLOAD_BASE,
    include: (n) => sources[n.replace(/^.*\//, '')],
  });
  if (!r.image) throw new Error(r.errors.map((e) => `${e.file}:${e.line}: ${e.message}`).join('\n'));
  return r.image;
}

export interface Run {
  output: string;
  stop: StopReason;
}

/** Boot the monitor with a payload on hartscope and run until the guest stops (or the budget ends). */
export function runWithMonitor(
  payload: ProgramImage,
  options: { input?: string; budget?: number; config?: MachineConfig } = {},
): Run {
  const m = new Machine(options.config);
  let output = '';
  m.onConsoleOutput = (b) => {
    output += String.fromCharCode(b);
  };
  m.load(combineImages(monitorImage(), payload));
  if (options.input) m.uart.receive(new TextEncoder().encode(options.input));
  const stop = m.run(options.budget ?? 5_000_000);
  return { output, stop };
}

/** Assemble a payload with the GNU tools and run it on QEMU virt under its bundled OpenSBI; the console. */
export function runOnQemuOpenSbi(name: string): { output: string; status: number } {
  const dir = mkdtempSync(join(tmpdir(), 'hartscope-sbi-'));
  const obj = join(dir, 'payload.o');
  const elf = join(dir, 'payload.elf');
  run('riscv64-unknown-elf-as', ['-march=rv64gc', '-I', PAYLOAD_DIR, '-o', obj, join(PAYLOAD_DIR, name)]);
  // -N: no ELF headers in the loaded segment, so the payload starts exactly at 0x8020_0000.
  run('riscv64-unknown-elf-ld', ['-N', `-Ttext=0x${PAYLOAD_BASE.toString(16)}`, '-o', elf, obj]);
  const r = run(
    'qemu-system-riscv64',
    [
      '-machine',
      'virt',
      '-nographic',
      '-monitor',
      'none',
      '-serial',
      'stdio',
      '-bios',
      'default',
      '-kernel',
      elf,
    ],
    { timeoutMs: 20_000, allowFailure: true },
  );
  rmSync(dir, { recursive: true, force: true });
  return { output: r.stdout.replace(/\r\n/g, '\n'), status: r.status };
}
