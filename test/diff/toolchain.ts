/**
 * The outside tools the differential test leans on: the GNU assembler and linker build each ELF, objdump
 * vouches that a word meant to be illegal really is no instruction, and QEMU runs the ELF as the oracle.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LINKER_SCRIPT } from './harness';

export const AS = 'riscv64-unknown-elf-as';
export const LD = 'riscv64-unknown-elf-ld';
export const OBJDUMP = 'riscv64-unknown-elf-objdump';
export const QEMU = 'qemu-system-riscv64';
const MARCH = 'rv64imac_zicsr_zifencei';

/**
 * Whether a tool answers `--version`. SIMPLIFICATION: a local copy until test/helpers/tools.ts (shared by
 * all tool-using tests) lands; then this file should import hasTool from there.
 */
export function hasTool(name: string): boolean {
  return spawnSync(name, ['--version'], { stdio: 'ignore' }).status === 0;
}

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}`);
  return r.stdout;
}

/** Assembles and links `source` into dir/name.elf (linked at 0x8000_0000) and returns the ELF's path. */
export function buildElf(dir: string, name: string, source: string): string {
  mkdirSync(dir, { recursive: true });
  const src = join(dir, `${name}.S`);
  const obj = join(dir, `${name}.o`);
  const elf = join(dir, `${name}.elf`);
  const script = join(dir, 'link.ld');
  writeFileSync(src, source);
  writeFileSync(script, LINKER_SCRIPT);
  run(AS, [`-march=${MARCH}`, '-mabi=lp64', '-o', obj, src]);
  run(LD, ['--no-relax', '-T', script, '-o', elf, obj]);
  return elf;
}

/** Every extension binutils 2.40 knows that QEMU's default CPU might decode, so "unknown" means unknown. */
const BROAD_MARCH =
  'rv64gcvh_zicsr_zifencei_zba_zbb_zbc_zbs_zbkb_zbkc_zbkx_zknd_zkne_zknh_zksed_zksh_zkt' +
  '_zicbom_zicboz_zicbop_zihintpause_zfh_svinval_zawrs';

/**
 * Of the given encodings (16-bit if the low two bits are not 11, else 32-bit), those objdump decodes as no
 * instruction at all (or as the defined-illegal unimp), even with every extension above enabled: QEMU's
 * default CPU has more than RV64IMAC (F, D, H, Zb*...). A word QEMU still takes as an instruction would show
 * up as a missing trap line, which the test reports as a generator fault rather than an emulator bug.
 */
export function illegalEncodings(dir: string, encodings: number[]): Set<number> {
  mkdirSync(dir, { recursive: true });
  const src = join(dir, 'illegal-probe.S');
  const obj = join(dir, 'illegal-probe.o');
  writeFileSync(src, ['  .text', ...encodings.map((w) => `  .insn 0x${w.toString(16)}`)].join('\n') + '\n');
  run(AS, [`-march=${BROAD_MARCH}`, '-mabi=lp64', '-o', obj, src]);
  const text = run(OBJDUMP, ['-d', '-M', 'no-aliases', obj]);
  const illegal = new Set<number>();
  for (const line of text.split('\n')) {
    const m = /^\s*[0-9a-f]+:\s+([0-9a-f]{4}|[0-9a-f]{8})\s+(\S+)/.exec(line);
    if (m && /^(\.2byte|\.4byte|\.word|\.insn|c\.unimp|unimp)$/.test(m[2])) illegal.add(parseInt(m[1], 16));
  }
  return illegal;
}

export interface QemuResult {
  output: string;
  exitCode: number | null;
  timedOut: boolean;
}

/**
 * Runs an ELF bare on QEMU virt (no firmware), as the reference machine, and returns its UART text.
 * The UART goes to a file, not a pipe: QEMU's 16550 (hw/char/serial.c serial_xmit) gives up on a byte after
 * MAX_XMIT_RETRY (4) writes that would block, so a pipe the test process drains late loses output bytes.
 */
export function runQemu(elf: string, timeoutMs = 10_000): Promise<QemuResult> {
  return new Promise((resolve, reject) => {
    const uart = `${elf}.uart.txt`;
    const args = ['-machine', 'virt', '-bios', 'none', '-m', '128M', '-nographic', '-monitor', 'none'];
    args.push('-serial', `file:${uart}`, '-kernel', elf);
    const child = spawn(QEMU, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (stderr.trim() !== '' && code !== 0 && !timedOut) reject(new Error(`${QEMU} failed: ${stderr}`));
      else {
        const output = existsSync(uart) ? readFileSync(uart).toString('latin1') : '';
        resolve({ output, exitCode: code, timedOut });
      }
    });
  });
}

/** Runs `jobs` with at most `limit` in flight (the CI machine has two cores). */
export async function inParallel<T>(jobs: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return results;
}
