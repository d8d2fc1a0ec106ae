import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleExample } from '../firmware/boot';
import { EXAMPLES } from '../firmware/example-transcripts';

/**
 * `npm run emu -- --migrate-after N`: for every example guest, a run migrated live to a fresh machine after
 * N steps prints on stdout exactly the transcript the example is written to print (test/firmware/
 * example-transcripts.ts, derived from each program's source, not from a run), and exits as it does;
 * the migration really happened mid-run (the source printed part of it, the target the rest).
 */
const ROOT = join(__dirname, '../..');
const EMU = join(ROOT, 'src/cli/emu.ts');
const EXAMPLES_DIR = join(ROOT, 'firmware/examples');

function emu(args: string[], input = '') {
  const r = spawnSync(process.execPath, ['--import', 'tsx', EMU, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    input,
    timeout: 60_000,
  });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** The options each example is run with (its header's "Run:" line). */
const optionsFor = (name: string): string[] =>
  name === 'hello'
    ? []
    : name === 'emulate'
      ? ['--firmware', 'monitor', '--misaligned', 'trap', '--time-csr', 'absent']
      : ['--firmware', 'monitor'];

const sources = readdirSync(EXAMPLES_DIR)
  .filter((f) => f.endsWith('.S'))
  .map((f) => f.replace(/\.S$/, ''));

/** hello.S's two strings (its .rodata), printed in order. */
const HELLO = 'Hello from hartscope! This is M-mode.\nAnd this is U-mode, printing through an ecall.\n';
/** hello.S ends after ~700 steps: it migrates after 100, the others after 2500 (their firmware boots first). */
const migrateAfter = (name: string): number => (name === 'hello' ? 100 : 2500);

describe('npm run emu --migrate-after N', () => {
  it('covers every example', () => {
    for (const name of sources) expect(name === 'hello' || name in EXAMPLES, name).toBe(true);
  });

  for (const name of sources) {
    it(`${name}.S: stdout after a live migration is the example's whole transcript`, () => {
      const example = EXAMPLES[name];
      const expected = name === 'hello' ? HELLO : example.expected(assembleExample(`${name}.S`));
      const file = join(EXAMPLES_DIR, name === 'hello' ? 'hello.elf' : `${name}.S`);
      const n = migrateAfter(name);
      const r = emu([...optionsFor(name), '--migrate-after', String(n), file], example?.input ?? '');
      expect(r.stderr).toMatch(new RegExp(`emu: migrate: started at step ${n};`));
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(expected);
      const source = Number(/the source printed (\d+) console bytes/.exec(r.stderr)?.[1]);
      // Mid-run: the source printed some of the transcript, and the target printed the rest (hello.S is
      // too short: it ends during the first round, and the target resumes a guest that has exited).
      expect(source).toBeGreaterThan(0);
      if (name !== 'hello') expect(source).toBeLessThan(Buffer.byteLength(expected));
    });
  }

  it('a bad N gets a clear message and exit status 2', () => {
    for (const bad of ['0', 'x', '-5', '1.5']) {
      const r = emu(['--migrate-after', bad, join(EXAMPLES_DIR, 'hello.elf')]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`--migrate-after needs a positive whole number, not "${bad}"`);
    }
    const none = emu(['--migrate-after']);
    expect(none.stderr).toContain('--migrate-after needs a positive whole number, not nothing');
  });

  it('says so when the guest exits before step N, and runs it to the end', () => {
    const r = emu(['--migrate-after', '100000000', join(EXAMPLES_DIR, 'hello.elf')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(HELLO);
    expect(r.stderr).toMatch(/exited at step \d+, before --migrate-after 100000000; no migration/);
  });
});
