/**
 * Round trip over the whole table: assemble random instances of every row, disassemble the bytes (objdump's
 * -M no-aliases text), assemble that text again, and get the same bytes.
 */
import { describe, expect, it } from 'vitest';
import { assemble } from '../../../emulator/asm/assembler';
import { formatError } from '../../../emulator/asm/diagnostics';
import { instructionLength } from '../../../emulator/isa/decode';
import { disassemble } from '../../../emulator/isa/disasm';
import { INSTRUCTIONS } from '../../../emulator/isa/table';
import { generate } from './gen';

const TARGET = /,?(0x[0-9a-f]+)$/;
const JUMPS = /^(b\w+|jal|c\.j|c\.beqz|c\.bnez)$/;

describe('disassemble(assemble(x)) assembles to the same bytes', () => {
  it.each([1, 2, 3])('every table row, seed %i', (seed) => {
    const first = assemble(`.option rvc\n${generate(INSTRUCTIONS, seed, 2)}`);
    expect(first.errors.map(formatError)).toEqual([]);
    const text = first.sections[0];
    const lines = ['.option norvc'];
    for (let off = 0; off < text.size;) {
      const len = instructionLength(text.bytes[off] | (text.bytes[off + 1] << 8));
      const word =
        len === 2
          ? text.bytes[off] | (text.bytes[off + 1] << 8)
          : new DataView(text.bytes.buffer).getUint32(off, true);
      const pc = BigInt(text.address + off);
      let line = disassemble(word >>> 0, pc, { aliases: false }).replace('\t', ' ');
      // objdump prints a branch target as an address; as an offset from `.` it reassembles at any address.
      const m = TARGET.exec(line);
      if (m && JUMPS.test(line.split(' ')[0])) line = line.replace(m[1], `. + ${BigInt(m[1]) - pc}`);
      lines.push(line);
      off += len;
    }
    const again = assemble(lines.join('\n'));
    expect(again.errors.map(formatError)).toEqual([]);
    expect(Buffer.from(again.sections[0].bytes).toString('hex')).toBe(
      Buffer.from(text.bytes).toString('hex'),
    );
  });
});
