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
import type { TrapRecord } from '../../emulator/hart/trap';
import { Machine, type MachineConfig, type StopReason } from '../../emulator/machine';
import { run } from '../helpers/tools';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const MONITOR_DIR = join(ROOT, 'firmware/monitor');
export const PAYLOAD_DIR = join(ROOT, 'firmware/payloads');
export const EXAMPLES_DIR = join(ROOT, 'firmware/examples');

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

/**
 * An example guest (firmware/examples/NAME) assembled by hartscope at 0x8020_0000 as the runner does; its
 * `.include "lib/..."` lines name files relative to firmware/examples.
 */
export function assembleExample(name: string): ProgramImage {
  const r = assemble(readFileSync(join(EXAMPLES_DIR, name), 'utf8'), {
    file: name,
    textBase: PAYLOAD_BASE,
    include: (n) => {
      try {
        return readFileSync(join(EXAMPLES_DIR, n), 'utf8');
      } catch {
        return undefined;
      }
    },
  });
  if (!r.image) throw new Error(r.errors.map((e) => `${e.file}:${e.line}: ${e.message}`).join('\n'));
  return r.image;
}

export interface Run {
  output: string;
  stop: StopReason;
  /** Every trap the hart took, in order. */
  traps: TrapRecord[];
}

/**
 * Boot the monitor (or the `firmware` given, e.g. OpenSBI's fw_jump.elf) with a payload on hartscope and run
 * until the guest stops (or the budget ends).
 */
export function runWithMonitor(
  payload: ProgramImage,
  options: {
    input?: string;
    /** Hold the input back until the console has printed this (firmware that resets the UART loses it). */
    inputAfter?: string;
    budget?: number;
    config?: MachineConfig;
    /** Firmware below the payload: the monitor (default), a firmware image, or 'host' (host-side SBI). */
    firmware?: ProgramImage | 'host';
  } = {},
): Run {
  const host = options.firmware === 'host';
  const m = new Machine(host ? { ...options.config, sbi: 'host' } : options.config);
  let output = '';
  m.onConsoleOutput = (b) => {
    output += String.fromCharCode(b);
  };
  const traps: TrapRecord[] = [];
  m.onTrap = (t) => traps.push({ ...t });
  const firmware = options.firmware ?? monitorImage();
  m.load(firmware === 'host' ? payload : combineImages(firmware, payload));
  const budget = options.budget ?? 5_000_000;
  let done = 0;
  if (options.input && options.inputAfter !== undefined) {
    const SLICE = 100_000;
    while (done < budget && !output.includes(options.inputAfter) && m.run(SLICE).kind === 'budget') {
      done += SLICE;
    }
  }
  if (options.input) m.uart.receive(new TextEncoder().encode(options.input));
  const stop = m.run(budget - done);
  return { output, stop, traps };
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
