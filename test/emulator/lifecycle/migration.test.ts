import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../../emulator/asm/assembler';
import type { ProgramImage } from '../../../emulator/image';
import { migrate, PreCopyMigration } from '../../../emulator/lifecycle/migration';
import { Machine } from '../../../emulator/machine';
import { wholeState } from './guests';

/**
 * Pre-copy live migration of a guest that prints a counter and dirties memory (counter.S): the console of
 * source then target reads exactly as an unmigrated run's, the target ends in the unmigrated run's state,
 * the rounds converge when the link outpaces the guest, and a guest that dirties pages faster than the link
 * carries them hits the round limit and still migrates correctly.
 */
const CONFIG = { ramSize: 16 * 1024 * 1024 };
const COUNT = 40;
/** What counter.S prints, from its source: "count N" for N = 0..COUNT-1. */
const EXPECTED = Array.from({ length: COUNT }, (_, i) => `count ${i}\n`).join('');

function counter(dirty: number, delay: number): ProgramImage {
  const text =
    `.equ DIRTY, ${dirty}\n.equ DELAY, ${delay}\n` +
    readFileSync(new URL('counter.S', import.meta.url), 'utf8');
  const r = assemble(text, { file: 'counter.S', textBase: 0x8000_0000 });
  if (!r.image) throw new Error(r.errors.map((e) => `${e.line}: ${e.message}`).join('\n'));
  return r.image;
}

function machine(image: ProgramImage): { m: Machine; output: () => string } {
  const m = new Machine(CONFIG);
  let output = '';
  m.onConsoleOutput = (b) => {
    output += String.fromCharCode(b);
  };
  m.load(image);
  return { m, output: () => output };
}

interface Case {
  dirty: number;
  delay: number;
  runFirst: number;
  options: { pagesPerRound: number; instructionsPerRound: number; maxRounds: number; dirtyThreshold: number };
}

function migrated(c: Case) {
  const image = counter(c.dirty, c.delay);
  const plain = machine(image);
  expect(plain.m.run(50_000_000)).toEqual({ kind: 'exit', code: 0, via: 'finisher' });
  expect(plain.output()).toBe(EXPECTED);

  const source = machine(image);
  const target = machine(image);
  source.m.run(c.runFirst);
  const printedBefore = source.output();
  const report = migrate(source.m, target.m, c.options);
  const sourceOutput = source.output();
  // The source stopped for good: its console holds only what it printed before the stop.
  const stop = target.m.run(50_000_000);
  return { plain, source, target, report, printedBefore, sourceOutput, stop };
}

describe('pre-copy live migration of a counting guest', () => {
  it('a guest slower than the link: the rounds converge, and the run ends as an unmigrated one', () => {
    const r = migrated({
      dirty: 2,
      delay: 2000,
      runFirst: 60_000,
      options: { pagesPerRound: 128, instructionsPerRound: 5_000, maxRounds: 30, dirtyThreshold: 8 },
    });
    expect(r.printedBefore.length).toBeGreaterThan(0);
    expect(r.sourceOutput.length).toBeLessThan(EXPECTED.length);
    expect(r.stop).toEqual({ kind: 'exit', code: 0, via: 'finisher' });
    expect(r.sourceOutput + r.target.output()).toBe(EXPECTED);
    expect(wholeState(r.target.m)).toEqual(wholeState(r.plain.m));

    expect(r.report.converged).toBe(true);
    expect(r.report.rounds.length).toBeLessThan(30);
    // The buffer alone is 1024 pages: the first rounds go at the link's full rate.
    expect(r.report.rounds[0].pagesSent).toBe(128);
    expect(r.report.rounds[0].dirtyLeft).toBeGreaterThan(1024 - 128);
    expect(r.report.stopAndCopy.pages).toBeLessThanOrEqual(8);
    expect(r.report.totalBytes).toBeGreaterThan(1024 * 4096);
    console.log(summary('slow dirtier', r.report));
  });

  it('a guest faster than the link: the round limit ends the pre-copy, and the migration is still exact', () => {
    const r = migrated({
      dirty: 300,
      delay: 200,
      runFirst: 20_000,
      options: { pagesPerRound: 64, instructionsPerRound: 3_000, maxRounds: 12, dirtyThreshold: 8 },
    });
    expect(r.report.converged).toBe(false);
    expect(r.report.rounds.length).toBe(12);
    expect(r.report.stopAndCopy.pages).toBeGreaterThan(64);
    expect(r.stop).toEqual({ kind: 'exit', code: 0, via: 'finisher' });
    expect(r.sourceOutput + r.target.output()).toBe(EXPECTED);
    expect(wholeState(r.target.m)).toEqual(wholeState(r.plain.m));
    console.log(summary('fast dirtier', r.report));
  });

  it('refuses a target configured otherwise', () => {
    const source = machine(counter(1, 10));
    const other = new Machine({ ramSize: 32 * 1024 * 1024 });
    expect(() => new PreCopyMigration(source.m, other, { pagesPerRound: 8 })).toThrow(/not configured/);
  });
});

function summary(name: string, r: ReturnType<typeof migrate>): string {
  const pages = r.rounds.map((x) => `${x.pagesSent}/${x.dirtyLeft}`).join(' ');
  return (
    `${name}: ${r.rounds.length} rounds (sent/dirty left: ${pages}); stop-and-copy ${r.stopAndCopy.pages} pages ` +
    `+ ${r.stopAndCopy.stateBytes} B state; total ${r.totalBytes} B; downtime ${r.downtimeInstructions} ` +
    `instructions (${r.downtime.rounds.toFixed(2)} rounds), ${r.downtime.hostMs} ms host`
  );
}
