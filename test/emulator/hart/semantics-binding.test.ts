import { describe, expect, it } from 'vitest';
import { rowsWithoutSemantics, SEMANTICS_BY_ID } from '../../../emulator/hart/execute';
import { EXPANSIONS } from '../../../emulator/isa/compressed';
import { decode } from '../../../emulator/isa/decode';
import { INSTRUCTIONS } from '../../../emulator/isa/table';

describe('every instruction of the enabled extensions has semantics', () => {
  it('no row of I, M, A, C, Zicsr or Zifencei is left without semantics', () => {
    expect(rowsWithoutSemantics()).toEqual([]);
  });

  it('rows of extensions the hart lacks (F, D) have none, so they trap as illegal instructions', () => {
    const disabled = INSTRUCTIONS.filter((r) => r.ext === 'F' || r.ext === 'D');
    expect(disabled.length).toBeGreaterThan(0);
    for (const r of disabled) expect(SEMANTICS_BY_ID[r.id], r.name).toBeUndefined();
  });

  it('every compressed row expands to a legal 32-bit instruction of the table', () => {
    for (const r of INSTRUCTIONS.filter((x) => x.ext === 'C')) {
      const expand = EXPANSIONS[r.name];
      expect(expand, r.name).toBeDefined();
      // The row's own match bits with register fields set to x8+ (legal for every form) must expand legally.
      const sample = r.match | (1 << 7) | (1 << 2) | (1 << 12);
      if (decode(sample) !== r) continue;
      expect(decode(expand(sample)), `${r.name} 0x${sample.toString(16)}`).toBeDefined();
    }
  });
});
