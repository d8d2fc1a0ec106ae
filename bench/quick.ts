/**
 * `node src/cli/launch.mjs bench/quick.ts [workload...]`: one timed run per workload and engine, for quick
 * measurements while working on the engines (bench/run.ts is the full, checked benchmark).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadElf } from '../emulator/loader/elf';
import { type Engine, Machine } from '../emulator/machine';
import { WORKLOADS } from './native';

const HERE = dirname(fileURLToPath(import.meta.url));
const names = process.argv.slice(2).filter((a) => /^[a-z]/.test(a));
const engines: Engine[] = process.argv.includes('--int')
  ? ['interpreter']
  : process.argv.includes('--tr')
    ? ['translator']
    : ['interpreter', 'translator'];
for (const w of WORKLOADS.filter((w) => names.length === 0 || names.includes(w.name))) {
  const expected = process.argv.includes('--nocheck') ? '' : (w.native() >>> 0).toString(16);
  for (const engine of engines) {
    const at = process.argv.indexOf('--after');
    const machine = new Machine({
      engine,
      ...(at > 0 ? { translateAfter: Number(process.argv[at + 1]) } : {}),
    });
    machine.load(loadElf(readFileSync(join(HERE, 'workloads', `${w.name}.elf`))));
    let printed = '';
    machine.onConsoleOutput = (b) => (printed += String.fromCharCode(b));
    const start = process.hrtime.bigint();
    const stop = machine.run(1_000_000_000);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const ok = stop.kind === 'exit' && printed.trim().includes(expected.trim()) ? 'ok' : `BAD ${printed}`;
    const mips = Number(machine.instructionsRetired) / seconds / 1e6;
    console.log(
      `${w.name.padEnd(8)} ${engine.padEnd(11)} ${seconds.toFixed(3)} s ${mips.toFixed(1).padStart(7)} MIPS ${ok} blocks=${machine.blocksCompiled}`,
    );
  }
}
