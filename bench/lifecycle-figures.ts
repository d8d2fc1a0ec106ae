/**
 * The lifecycle figures of docs/lifecycle.md (issue 9), measured on this machine:
 *   npm run figures:lifecycle
 * 1. snapshot size of every example (firmware/examples/*), saved when the guest has exited;
 * 2. boot time (first S-mode instruction, first console byte) under each firmware choice;
 * 3. pre-copy migration of a slow and a fast memory dirtier (test/emulator/lifecycle/counter.S) over the
 *    runner's simulated link (src/cli/migrate.ts RUNNER_LINK): rounds, pages, bytes, downtime, and whether
 *    the migrated run printed exactly what an unmigrated one does.
 * Steps and bytes are exact (the same on every run); milliseconds are this host's, the median of 3.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { assemble } from '../emulator/asm/assembler';
import { PAYLOAD_BASE } from '../emulator/board/memory-map';
import type { ProgramImage } from '../emulator/image';
import { machineLike } from '../emulator/lifecycle/machine-like';
import { migrate } from '../emulator/lifecycle/migration';
import { loadElf } from '../emulator/loader/elf';
import { Machine, type MachineConfig } from '../emulator/machine';
import { BootTimer } from '../emulator/snapshot/boot-timer';
import { saveSnapshotFile } from '../emulator/snapshot/compress';
import { saveSnapshot, snapshotInfo } from '../emulator/snapshot/snapshot';
import { withFirmware } from '../src/cli/firmware';
import { RUNNER_LINK } from '../src/cli/migrate';

const ROOT = join(import.meta.dirname, '..');
const EXAMPLES = join(ROOT, 'firmware/examples');
const OPENSBI = '/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf';

function assembleFile(path: string, textBase: number, prefix = ''): ProgramImage {
  const r = assemble(prefix + readFileSync(path, 'utf8'), {
    file: path.replace(/^.*\//, ''),
    textBase,
    include: (n) => (existsSync(join(EXAMPLES, n)) ? readFileSync(join(EXAMPLES, n), 'utf8') : undefined),
  });
  if (!r.image) throw new Error(r.errors.map((e) => `${e.file}:${e.line}: ${e.message}`).join('\n'));
  return r.image;
}

interface ExampleRun {
  name: string;
  config: MachineConfig;
  image: ProgramImage;
  input?: string;
}

function examples(): ExampleRun[] {
  const runs: ExampleRun[] = [];
  for (const file of readdirSorted(EXAMPLES)) {
    const name = file.replace(/\.S$/, '');
    if (name === 'hello') {
      runs.push({ name, config: {}, image: loadElf(readFileSync(join(EXAMPLES, 'hello.elf'))) });
      continue;
    }
    const config: MachineConfig = name === 'emulate' ? { misalignedAccess: 'trap', timeCsr: 'absent' } : {};
    const image = withFirmware('monitor', assembleFile(join(EXAMPLES, file), PAYLOAD_BASE));
    runs.push({ name, config, image, input: name === 'echo' ? 'hello\rworld\nexit\n' : undefined });
  }
  return runs;
}

function readdirSorted(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.S'))
    .sort();
}

const kib = (n: number): string => `${(n / 1024).toFixed(1)} KiB`;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function snapshotFigures(): Promise<string[]> {
  const rows = [
    '| example | steps run | RAM pages stored | uncompressed | file (deflate) |',
    '|---|---:|---:|---:|---:|',
  ];
  for (const x of examples()) {
    const m = new Machine(x.config);
    m.load(x.image);
    if (x.input) m.uart.receive(new TextEncoder().encode(x.input));
    const stop = m.run(50_000_000);
    if (stop.kind !== 'exit') throw new Error(`${x.name} did not exit: ${stop.kind}`);
    const info = snapshotInfo(saveSnapshot(m));
    const file = await saveSnapshotFile(m);
    rows.push(`| ${x.name} | ${m.hart.steps} | ${info.pages} | ${kib(info.length)} | ${kib(file.length)} |`);
  }
  return rows;
}

function bootFigures(): string[] {
  const payload = assembleFile(join(EXAMPLES, 'hello-sbi.S'), PAYLOAD_BASE);
  const choices: { name: string; make: () => Machine }[] = [
    {
      name: 'bare metal (hello.elf, M and U only)',
      make: () => load(new Machine(), loadElf(readFileSync(join(EXAMPLES, 'hello.elf')))),
    },
    { name: "hartscope's monitor", make: () => load(new Machine(), withFirmware('monitor', payload)) },
    { name: 'host SBI (no firmware in RAM)', make: () => load(new Machine({ sbi: 'host' }), payload) },
  ];
  if (existsSync(OPENSBI))
    choices.push({
      name: 'OpenSBI fw_jump.elf (Debian)',
      make: () => load(new Machine(), withFirmware(OPENSBI, payload)),
    });
  const rows = [
    '| firmware (payload hello-sbi.S) | first S-mode instruction: step | ms | first console byte: step | ms |',
    '|---|---:|---:|---:|---:|',
  ];
  for (const c of choices) {
    const runs = [0, 1, 2].map(() => {
      const m = c.make();
      const timer = new BootTimer(m);
      timer.run(20_000_000);
      return timer.times();
    });
    const cell = (pick: (t: (typeof runs)[number]) => { steps: number; ms: number } | null): string[] => {
      const marks = runs.map(pick);
      if (marks[0] === null) return ['not reached', '–'];
      return [String(marks[0].steps), median(marks.map((mk) => mk!.ms)).toFixed(1)];
    };
    rows.push(
      `| ${c.name} | ${[...cell((t) => t.firstSupervisorInstruction), ...cell((t) => t.firstConsoleByte)].join(' | ')} |`,
    );
  }
  return rows;
}

function load(m: Machine, image: ProgramImage): Machine {
  m.load(image);
  return m;
}

function migrationFigures(): string[] {
  const counter = join(ROOT, 'test/emulator/lifecycle/counter.S');
  const expected = Array.from({ length: 40 }, (_, i) => `count ${i}\n`).join('');
  const rows = [
    `Link: ${RUNNER_LINK.pagesPerRound} pages per ${RUNNER_LINK.instructionsPerRound} instructions; ` +
      `stop-and-copy at ${RUNNER_LINK.dirtyThreshold} dirty pages or after ${RUNNER_LINK.maxRounds} rounds; 128 MiB RAM; ` +
      'migration starts after 200 000 steps (the 4 MiB buffer is filled by then).',
    '',
    '| guest | rounds | pages sent per round | stop-and-copy | total | downtime | output as unmigrated, split across both |',
    '|---|---:|---|---:|---:|---:|---|',
  ];
  for (const [name, dirty, delay] of [
    ['slow dirtier (2 pages per 200 000 instructions)', 2, 100_000],
    ['fast dirtier (300 pages per 20 000 instructions)', 300, 10_000],
  ] as const) {
    const image = assembleFile(counter, 0x8000_0000, `.equ DIRTY, ${dirty}\n.equ DELAY, ${delay}\n`);
    const source = new Machine();
    let out = '';
    source.onConsoleOutput = (b) => (out += String.fromCharCode(b));
    source.load(image);
    source.run(200_000);
    const target = machineLike(source);
    const r = migrate(source, target, RUNNER_LINK);
    const onSource = out.length;
    target.onConsoleOutput = source.onConsoleOutput;
    const stop = target.run(500_000_000);
    // Mid-run: the source printed part of the transcript and the target the rest.
    const same = stop.kind === 'exit' && out === expected && onSource > 0 && onSource < expected.length;
    const perRound = r.rounds.map((x) => x.pagesSent).join(', ');
    rows.push(
      `| ${name} | ${r.rounds.length}${r.converged ? '' : ' (limit)'} | ${perRound} | ` +
        `${r.stopAndCopy.pages} pages + ${r.stopAndCopy.stateBytes} B state | ${kib(r.totalBytes)} | ` +
        `${r.downtimeInstructions} instructions, ${r.downtime.hostMs} ms host | ${same ? 'yes' : 'NO'} |`,
    );
  }
  return rows;
}

async function main(): Promise<void> {
  const cpu = cpus();
  const out = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${cpu[0]?.model ?? 'an unknown CPU'} (${cpu.length} cores, shared), Node ${process.version}, interpreter engine.`,
    '',
    '### Snapshot size of each example (saved after the guest exited; 128 MiB RAM)',
    '',
    ...(await snapshotFigures()),
    '',
    '### Boot time under each firmware choice',
    '',
    ...bootFigures(),
    '',
    '### Live migration (pre-copy), a slow and a fast dirtier',
    '',
    ...migrationFigures(),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}

await main();
