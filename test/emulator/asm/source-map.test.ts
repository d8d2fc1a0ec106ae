/**
 * The source map: every emitted address, data as well as instructions, maps to the file, line and column it
 * came from, so the page can show the line of a `.word` as well as of an instruction. Addresses are worked
 * out by hand from the layout rules (a c.nop is 2 bytes, .balign pads to the boundary) and the layout itself
 * is checked against GNU as where it is installed.
 */
import { describe, expect, it } from 'vitest';
import { assemble } from '../../../emulator/asm/assembler';
import { hasTool } from '../../helpers/tools';
import { differences } from './differential';
import { AS } from './gnu';

const SOURCE = [
  '  .text', // 1
  '_start:', // 2
  '  nop', // 3: c.nop at 0x80000000
  '  .balign 8', // 4: 6 bytes of padding at 0x80000002
  '  li a0, 1', // 5: c.li at 0x80000008
  '  .data', // 6: .data at 0x80000010 (text is padded to its 8-byte alignment)
  'x: .word 1, 2, 0x33', // 7: words at 0x80000010, 14, 18
  '  .string "ab", "c"', // 8: "ab\0" at 0x8000001c, "c\0" at 0x8000001f
  '  .zero 3', // 9: at 0x80000021
  '  .byte 9', // 10: at 0x80000024
].join('\n');

describe('source map', () => {
  const r = assemble(SOURCE, { file: 'map.S' });
  const at = (a: number): [number, number] | undefined => {
    const loc = r.image?.sourceMap.get(a);
    return loc && [loc.line, loc.column];
  };

  it('assembles, and the layout is the one GNU as makes', () => {
    expect(r.errors).toEqual([]);
    if (hasTool(AS)) expect(differences(SOURCE, 'map.S')).toEqual([]);
  });

  it('maps instructions and alignment padding to their lines', () => {
    expect(at(0x8000_0000)).toEqual([3, 3]);
    expect(at(0x8000_0002)).toEqual([4, 3]);
    expect(at(0x8000_0008)).toEqual([5, 3]);
    expect(r.image?.sourceMap.get(0x8000_0000)?.file).toBe('map.S');
  });

  it('maps each value of a data list to its own column', () => {
    expect(at(0x8000_0010)).toEqual([7, 10]);
    expect(at(0x8000_0014)).toEqual([7, 13]);
    expect(at(0x8000_0018)).toEqual([7, 16]);
  });

  it('maps strings, zeros and bytes to their lines', () => {
    expect(at(0x8000_001c)).toEqual([8, 11]);
    expect(at(0x8000_001f)).toEqual([8, 17]);
    expect(at(0x8000_0021)).toEqual([9, 3]);
    expect(at(0x8000_0024)).toEqual([10, 3]);
  });

  it('maps nothing that the source did not emit (the padding GNU as adds at the end of .text)', () => {
    expect(at(0x8000_000a)).toBeUndefined();
    expect([...(r.image?.sourceMap.keys() ?? [])].every((a) => a < 0x8000_0025)).toBe(true);
  });
});
