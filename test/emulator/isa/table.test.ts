/**
 * The instruction table tests itself, as Spike's overlap check does (CONVENTIONS.md): no two rows may both
 * match one word unless the pair is on OVERLAP_ALLOWED, and every pair on that list must really overlap. Rows
 * on the list must still leave no word to two rows once the decoder's rule (the row with more fixed bits
 * wins) and the rows' `valid` constraints are applied. No outside tool is needed.
 */
import { describe, expect, it } from 'vitest';
import { decode } from '../../../emulator/isa/decode';
import { INSTRUCTIONS, OVERLAP_ALLOWED, type InstructionRow } from '../../../emulator/isa/table';

/** Two rows' fixed bits agree wherever both fix them, so some word matches both. */
const overlaps = (a: InstructionRow, b: InstructionRow): boolean =>
  a.length === b.length && (a.mask & b.mask & (a.match ^ b.match)) >>> 0 === 0;

const key = (a: string, b: string): string => [a, b].sort().join(' / ');
const allowed = new Set(OVERLAP_ALLOWED.map(([a, b]) => key(a, b)));

const popcount = (v: number): number => {
  let n = 0;
  for (let x = v >>> 0; x !== 0; x &= x - 1) n++;
  return n;
};

describe('the instruction table', () => {
  it('has unique names and ids equal to their index', () => {
    const names = INSTRUCTIONS.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    INSTRUCTIONS.forEach((r, i) => expect(r.id).toBe(i));
  });

  it('has rows whose match lies inside their mask and whose length follows the low two bits', () => {
    for (const r of INSTRUCTIONS) {
      expect(((r.match & ~r.mask) >>> 0).toString(16), r.name).toBe('0');
      expect(r.length, r.name).toBe((r.match & 3) === 3 ? 4 : 2);
      if (r.length === 2) expect(r.mask >>> 16, r.name).toBe(0);
    }
  });

  it('lets no two rows match one word unless the pair is allow-listed', () => {
    const clashes: string[] = [];
    for (let i = 0; i < INSTRUCTIONS.length; i++) {
      for (let j = i + 1; j < INSTRUCTIONS.length; j++) {
        const [a, b] = [INSTRUCTIONS[i], INSTRUCTIONS[j]];
        if (overlaps(a, b) && !allowed.has(key(a.name, b.name))) clashes.push(key(a.name, b.name));
      }
    }
    expect(clashes).toEqual([]);
  });

  it('allow-lists only pairs that exist and really overlap', () => {
    for (const [a, b] of OVERLAP_ALLOWED) {
      const ra = INSTRUCTIONS.find((r) => r.name === a);
      const rb = INSTRUCTIONS.find((r) => r.name === b);
      expect(ra, a).toBeDefined();
      expect(rb, b).toBeDefined();
      expect(overlaps(ra!, rb!), `${a} / ${b}`).toBe(true);
    }
    expect(allowed.size).toBe(OVERLAP_ALLOWED.length);
  });

  it('resolves each allow-listed overlap: the more specific row wins, or `valid` keeps the two apart', () => {
    // Walk the shared words of each allowed pair (for 16-bit rows all of them; for 32-bit rows the free bits
    // of the union of their masks, which the fence rows keep small enough to enumerate).
    for (const [a, b] of OVERLAP_ALLOWED) {
      const ra = INSTRUCTIONS.find((r) => r.name === a)!;
      const rb = INSTRUCTIONS.find((r) => r.name === b)!;
      const mask = (ra.mask | rb.mask) >>> 0;
      const match = (ra.match | rb.match) >>> 0;
      const width = ra.length === 4 ? 0xffffffff : 0xffff;
      const free = (~mask & width) >>> 0;
      expect(popcount(free), `${a} / ${b} shares too many words to walk`).toBeLessThanOrEqual(20);
      const freeBits = [...Array(32).keys()].filter((bit) => (free >>> bit) & 1);
      for (let n = 0; n < 1 << freeBits.length; n++) {
        let w = match;
        freeBits.forEach((bit, k) => {
          if ((n >>> k) & 1) w |= 1 << bit;
        });
        w >>>= 0;
        const aOk = ra.valid?.(w) ?? true;
        const bOk = rb.valid?.(w) ?? true;
        if (!aOk && !bOk) continue;
        const [specific, general] = popcount(ra.mask) >= popcount(rb.mask) ? [ra, rb] : [rb, ra];
        const specificOk = specific === ra ? aOk : bOk;
        const winner = decode(w);
        // decode() must pick one of the two, and the general row only when the specific one rejects the word.
        expect(winner === ra || winner === rb || w === 0, `${w.toString(16)}: ${winner?.name}`).toBe(true);
        if (specificOk && w !== 0) expect(winner?.name, w.toString(16)).toBe(specific.name);
        if (!specificOk) expect(winner?.name, w.toString(16)).toBe(general.name);
      }
    }
  });

  it("makes the decoder return, for a row's own match word, that row or an allow-listed more specific one", () => {
    for (const r of INSTRUCTIONS) {
      const got = decode(r.match);
      if (got === r) continue;
      if (got === undefined) {
        // The bare match word may be one of the row's reserved encodings (e.g. c.addi4spn with imm 0).
        expect(r.valid?.(r.match), r.name).toBe(false);
      } else {
        expect(allowed.has(key(r.name, got.name)), `${r.name} decodes as ${got.name}`).toBe(true);
      }
    }
  });
});
