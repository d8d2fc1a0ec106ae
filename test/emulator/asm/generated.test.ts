/**
 * The generated corpus: every row of the instruction table with random valid operands, assembled by
 * hartscope and by GNU as, with compression on and off; the bytes must be identical.
 */
import { describe, expect, it } from 'vitest';
import { INSTRUCTIONS } from '../../../emulator/isa/table';
import { hasTool, toolMissingMessage } from '../../helpers/tools';
import { differences } from './differential';
import { generate } from './gen';
import { AS } from './gnu';

if (!hasTool(AS)) console.warn(toolMissingMessage(AS));
const EXTS = [...new Set(INSTRUCTIONS.map((r) => r.ext))];

describe.skipIf(!hasTool(AS))('every table row, random operands, hartscope = GNU as', () => {
  for (const ext of EXTS) {
    const rows = INSTRUCTIONS.filter((r) => r.ext === ext);
    const full = rows.filter((r) => r.length === 4);
    it(`${ext}: ${rows.length} rows with .option rvc`, () => {
      const src = `.option rvc\n${generate(rows, 1 + ext.length, 4)}`;
      expect(differences(src, `gen-${ext}-rvc.S`)).toEqual([]);
    });
    // Compressed rows have no 32-bit form to check under norvc.
    if (full.length > 0) {
      it(`${ext}: ${full.length} rows with .option norvc`, () => {
        const src = `.option norvc\n${generate(full, 7 + ext.length, 4)}`;
        expect(differences(src, `gen-${ext}-norvc.S`)).toEqual([]);
      });
    }
  }
});
