/**
 * The example guests (firmware/examples/*.S, S-mode payloads): each runs headless under hartscope's monitor
 * and prints its whole expected transcript, written here from what the program is specified to do (the
 * instruction encodings from the spec's field layout, addresses from the program's symbols). The same
 * programs built by GNU as + ld run on QEMU virt under its own OpenSBI, the independent oracle, and must
 * print the same.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { MachineConfig } from '../../emulator/machine';
import { hasTool, run, toolMissingMessage } from '../helpers/tools';
import { assembleExample, EXAMPLES_DIR, runWithMonitor } from './boot';
import { EXAMPLES, sym } from './example-transcripts';

describe('each example under the monitor prints its transcript and shuts down with code 0', () => {
  for (const [name, ex] of Object.entries(EXAMPLES)) {
    it(name, () => {
      const image = assembleExample(`${name}.S`);
      const r = runWithMonitor(image, { input: ex.input, budget: 20_000_000 });
      expect(r.output).toBe(ex.expected(image));
      expect(r.stop).toEqual({ kind: 'exit', code: 0, via: 'finisher' });
    });
  }
});

describe('each example under host SBI (the emulator serves the calls) prints the same transcript', () => {
  for (const [name, ex] of Object.entries(EXAMPLES)) {
    it(name, () => {
      const image = assembleExample(`${name}.S`);
      const r = runWithMonitor(image, { firmware: 'host', input: ex.input, budget: 20_000_000 });
      expect(r.output).toBe(ex.expected(image));
      expect(r.stop).toMatchObject({ kind: 'exit', code: 0 });
    });
  }

  it('emulate.S with misaligned accesses trapped and no time CSR', () => {
    const image = assembleExample('emulate.S');
    const config: MachineConfig = { misalignedAccess: 'trap', timeCsr: 'absent' };
    const r = runWithMonitor(image, { firmware: 'host', config });
    expect(r.output).toBe(EXAMPLES.emulate.expected(image));
  });
});

describe('emulate.S on a hart that traps misaligned accesses and has no time CSR', () => {
  it('prints the same, and each of its four accesses trapped into M-mode to be emulated', () => {
    const config: MachineConfig = { misalignedAccess: 'trap', timeCsr: 'absent' };
    const image = assembleExample('emulate.S');
    const r = runWithMonitor(image, { config });
    expect(r.output).toBe(EXAMPLES.emulate.expected(image));
    const causes = r.traps.filter((t) => !t.interrupt && t.toPriv === 3 && t.cause !== 9).map((t) => t.cause);
    // ld misaligned (4), sd misaligned (6), rdtime twice (2); nothing reached S-mode.
    expect(causes).toEqual([4, 6, 2, 2]);
    expect(r.traps.filter((t) => t.toPriv === 1)).toEqual([]);
  });
});

describe('preempt.S: the timer takes the hart from tasks that never yield', () => {
  it('12 supervisor timer interrupts, each taken from U-mode, and only write() system calls', () => {
    const image = assembleExample('preempt.S');
    const r = runWithMonitor(image);
    expect(r.output).toBe(EXAMPLES.preempt.expected(image));
    const toS = r.traps.filter((t) => t.toPriv === 1);
    const ticks = toS.filter((t) => t.interrupt && t.cause === 5);
    // The firmware turns each machine timer interrupt (7) into the supervisor one it passes on.
    expect(r.traps.filter((t) => t.interrupt && t.cause === 7 && t.toPriv === 3).length).toBe(12);
    expect(ticks.length).toBe(12);
    expect(ticks.every((t) => t.fromPriv === 0)).toBe(true);
    // Every other trap to S-mode is a task's ecall (8), one per turn: write, never yield.
    expect(toS.filter((t) => !(t.interrupt && t.cause === 5)).map((t) => t.cause)).toEqual(Array(12).fill(8));
    // Every tick interrupts the spin loop (the task's `ld` or `beq`), never the write.
    const spin = sym(image, 'spin');
    for (const t of ticks) expect([spin, spin + 4]).toContain(t.epcLo >>> 0);
  });
});

/**
 * Under wall-clock time a turn can in principle end before its task has printed (the host stalls QEMU), so
 * the tasks' line may lose or shift entries; what must hold: the same first and last lines, and every task
 * ran more than once, counting its own turns 1, 2, 3... in order (the count lives in a register that the
 * kernel saves and restores).
 */
function expectSameShape(transcript: string, expected: string): void {
  const [first, tasks, last] = transcript.split('\n');
  const [eFirst, , eLast] = expected.split('\n');
  expect([first, last]).toEqual([eFirst, eLast]);
  const turns = tasks.trim().split(' ');
  for (const task of ['A', 'B', 'C']) {
    const mine = turns.filter((t) => t.startsWith(task)).map((t) => Number(t.slice(1)));
    expect(mine.length).toBeGreaterThan(1);
    expect(mine).toEqual(mine.map((_, i) => i + 1));
  }
  expect(turns.every((t) => /^[ABC]\d$/.test(t))).toBe(true);
}

const TOOLS = ['riscv64-unknown-elf-as', 'riscv64-unknown-elf-ld', 'qemu-system-riscv64'];
const missing = TOOLS.filter((t) => !hasTool(t));
for (const t of missing) console.warn(toolMissingMessage(t));

describe.skipIf(missing.length > 0)('the same examples, built by GNU as + ld, on QEMU under OpenSBI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hartscope-examples-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let built = false;
  const elf = (name: string): string => {
    if (!built) run('sh', [join(EXAMPLES_DIR, '../build-examples.sh'), dir]);
    built = true;
    return join(dir, `${name}.elf`);
  };

  for (const [name, ex] of Object.entries(EXAMPLES)) {
    it(
      name,
      () => {
        // QEMU's UART drops what arrives before OpenSBI has set it up: the input comes a second later.
        const escaped = (ex.input ?? '').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
        const feed = ex.input === undefined ? '' : `(sleep 1; printf '${escaped}') | `;
        const q = run(
          'sh',
          [
            '-c',
            `${feed}qemu-system-riscv64 -machine virt -nographic -monitor none -serial stdio -bios default -kernel ${elf(name)}`,
          ],
          { timeoutMs: 20_000, allowFailure: true },
        );
        const out = q.stdout.replace(/\r\n/g, '\n');
        // The transcript follows OpenSBI's banner, whose last line names the delegated exceptions.
        const banner = out.lastIndexOf('Boot HART MEDELEG');
        expect(banner).toBeGreaterThan(0);
        const transcript = out.slice(out.indexOf('\n', banner) + 1);
        const expected = ex.expected(assembleExample(`${name}.S`));
        if (ex.wallClock) expectSameShape(transcript, expected);
        else expect(transcript).toBe(expected);
        expect(q.status).toBe(0);
      },
      30_000,
    );
  }
});
