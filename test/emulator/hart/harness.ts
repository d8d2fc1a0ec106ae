import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RAM_BASE } from '../../../emulator/board/memory-map';
import { Machine, type MachineConfig } from '../../../emulator/machine';

/**
 * Unit-test harness for the hart: snippets are assembled by the GNU assembler (an encoder nobody here wrote),
 * linked at 0x80000000, loaded as a flat image and run until they reach the label `done`.
 */
export const AS = 'riscv64-unknown-elf-as';
export const HAVE_GNU_AS = spawnSync('sh', ['-c', `command -v ${AS}`]).status === 0;
export const NO_GNU_AS_MESSAGE =
  `${AS} is not installed: the hart unit tests assemble their snippets with it (Debian package ` +
  'binutils-riscv64-unknown-elf; .ci/run installs it)';

export interface Assembled {
  bytes: Uint8Array;
  symbols: Map<string, number>;
}

const cache = new Map<string, Assembled>();

export function assemble(source: string): Assembled {
  const cached = cache.get(source);
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), 'hartscope-asm-'));
  try {
    writeFileSync(join(dir, 'a.S'), `.option norelax\n.globl _start\n_start:\n${source}\n`);
    execFileSync(AS, [
      '-march=rv64imac_zicsr_zifencei',
      '-mabi=lp64',
      '-o',
      join(dir, 'a.o'),
      join(dir, 'a.S'),
    ]);
    execFileSync('riscv64-unknown-elf-ld', ['-Ttext=0x80000000', '-o', join(dir, 'a.elf'), join(dir, 'a.o')]);
    execFileSync('riscv64-unknown-elf-objcopy', [
      '-O',
      'binary',
      '-j',
      '.text',
      join(dir, 'a.elf'),
      join(dir, 'a.bin'),
    ]);
    const nm = execFileSync('riscv64-unknown-elf-nm', [join(dir, 'a.elf')], { encoding: 'utf8' });
    const symbols = new Map<string, number>();
    for (const line of nm.split('\n')) {
      const [addr, , name] = line.trim().split(/\s+/);
      if (name) symbols.set(name, parseInt(addr, 16));
    }
    const result = { bytes: new Uint8Array(readFileSync(join(dir, 'a.bin'))), symbols };
    cache.set(source, result);
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function machineFor(
  source: string,
  config: MachineConfig = {},
): { m: Machine; symbols: Map<string, number> } {
  const { bytes, symbols } = assemble(source);
  const m = new Machine({ ramSize: 1 << 20, ...config });
  m.load({
    entry: RAM_BASE,
    segments: [
      {
        address: RAM_BASE,
        data: bytes,
        memSize: bytes.length,
        flags: { read: true, write: true, execute: true },
      },
    ],
    symbols: [],
    sourceMap: new Map(),
  });
  return { m, symbols };
}

/** Run until pc reaches the label `done` (or `label`); fails the test if it does not within the budget. */
export function runTo(m: Machine, symbols: Map<string, number>, label = 'done', budget = 100_000): void {
  const target = symbols.get(label);
  if (target === undefined) throw new Error(`no label ${label}`);
  for (let i = 0; i < budget; i++) {
    if (Number(m.hart.getPc()) === target) return;
    m.step();
  }
  throw new Error(`did not reach ${label} in ${budget} steps; pc=0x${m.hart.getPc().toString(16)}`);
}

/** Assemble, load, run to `done` and return the machine. */
export function run(source: string, config: MachineConfig = {}): Machine {
  const { m, symbols } = machineFor(source, config);
  runTo(m, symbols);
  return m;
}

export const ABI: Record<string, number> = Object.fromEntries(
  [
    'zero',
    'ra',
    'sp',
    'gp',
    'tp',
    't0',
    't1',
    't2',
    's0',
    's1',
    'a0',
    'a1',
    'a2',
    'a3',
    'a4',
    'a5',
    'a6',
    'a7',
    's2',
    's3',
    's4',
    's5',
    's6',
    's7',
    's8',
    's9',
    's10',
    's11',
    't3',
    't4',
    't5',
    't6',
  ].map((n, i) => [n, i]),
);

/** Register value as an unsigned 64-bit BigInt, by ABI name. */
export const reg = (m: Machine, name: string): bigint => m.hart.getReg(ABI[name]);
/** Register value as a signed 64-bit BigInt. */
export const sreg = (m: Machine, name: string): bigint => BigInt.asIntN(64, reg(m, name));
export const csrValue = (m: Machine, num: number): bigint => {
  // Read through the hart's CSR file as M-mode would, without disturbing the privilege mode.
  const saved = m.hart.priv;
  m.hart.priv = 3;
  try {
    const v = m.hart.getCsr(num);
    if (v === undefined) throw new Error(`CSR 0x${num.toString(16)} does not exist`);
    return v;
  } finally {
    m.hart.priv = saved;
  }
};
