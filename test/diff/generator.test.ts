import { describe, expect, it } from 'vitest';
import { CASE_KINDS, generateCase } from './generator';
import type { IllegalPools } from './gen-traps';
import { buildProgram } from './harness';
import { Prng } from './prng';

// Stand-in pools: these tests look at the generator's text, not at what the encodings mean.
const pools: IllegalPools = { words: [0xffffffff, 0x0000707b], halves: [0x0000, 0x8002] };

describe('the differential-test generator', () => {
  it('rebuilds a case exactly from its seed, so a printed seed replays the failure', () => {
    for (const kind of CASE_KINDS) {
      const a = generateCase(kind, 12345, pools);
      const b = generateCase(kind, 12345, pools);
      expect(b).toEqual(a);
      expect(generateCase(kind, 12346, pools).body).not.toEqual(a.body);
    }
  });

  it('never writes gp or sp, which hold the scratch address the harness relies on', () => {
    // Instructions whose first operand is a destination register (stores, branches, csrw and the like read it).
    const writesReserved = /^(?!s[bhwd] |c\.s[wd]|c\.s[wd]sp|c\.b|b|csrw |c\.addi16sp|\.)\S+ (x2|x3|sp|gp)\b/;
    for (let s = 0; s < 300; s++) {
      const c = generateCase(CASE_KINDS[s % CASE_KINDS.length], s, pools);
      for (const line of c.body) expect(line, `seed ${s}`).not.toMatch(writesReserved);
    }
  });

  it('keeps c.addi16sp in pairs that leave sp where it was', () => {
    for (let s = 0; s < 300; s++) {
      let sp = 0;
      for (const line of generateCase('compressed', s, pools).body) {
        const m = /^c\.addi16sp sp, (-?\d+)$/.exec(line);
        if (m) sp += Number(m[1]);
      }
      expect(sp, `seed ${s}`).toBe(0);
    }
  });

  it('gives every case its own labels, so many cases fit in one program', () => {
    const cases = [1, 2, 3].map((s) => generateCase('mixed', s, pools));
    const labels = cases.flatMap((c) => c.body.filter((l) => l.endsWith(':')));
    expect(new Set(labels).size).toBe(labels.length);
    expect(buildProgram(cases)).toContain('case_2:');
  });

  it('draws the PRNG deterministically from the seed', () => {
    const a = new Prng(7);
    const b = new Prng(7);
    const seqA = Array.from({ length: 8 }, () => a.u32());
    expect(Array.from({ length: 8 }, () => b.u32())).toEqual(seqA);
    expect(new Set(seqA).size).toBe(8);
  });
});
