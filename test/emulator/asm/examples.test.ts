/**
 * The example programs (firmware/examples/*.S) assembled by hartscope equal GNU as + ld with the examples'
 * own linker script, without linker relaxation (-mno-relax, --no-relax). stack_top, which the linker script
 * defines, is given as --defsym would give it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../../emulator/asm/assembler';
import { hasTool, run, toolMissingMessage } from '../../helpers/tools';
import { AS, LD, readElf } from './gnu';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

const EXAMPLES = join(__dirname, '../../../firmware/examples');
if (!hasTool(AS)) console.warn(toolMissingMessage(AS));

describe.skipIf(!hasTool(AS))('firmware examples', () => {
  it('hello.S: same bytes and symbols as GNU as + ld (no relaxation)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hartscope-hello-'));
    try {
      const src = join(EXAMPLES, 'hello.S');
      run(AS, ['-march=rv64imac_zicsr_zifencei', '-mabi=lp64', '-mno-relax', '-o', join(dir, 'h.o'), src]);
      run(LD, ['--no-relax', '-T', join(EXAMPLES, 'link.ld'), '-o', join(dir, 'h.elf'), join(dir, 'h.o')]);
      const gnu = readElf(readFileSync(join(dir, 'h.elf')));
      const stackTop = gnu.symbols.get('stack_top') ?? 0n;
      const mine = assemble(readFileSync(src, 'utf8'), { file: 'hello.S', defsym: { stack_top: stackTop } });
      expect(mine.errors).toEqual([]);
      const text = gnu.sections.get('.text');
      const mineText = mine.image?.segments[0];
      expect(mineText?.address).toBe(text?.address);
      expect(Buffer.from(mineText?.data ?? []).toString('hex')).toBe(
        Buffer.from(text?.bytes ?? []).toString('hex'),
      );
      const rodata = gnu.sections.get('.rodata');
      const mineRo = mine.sections.find((s) => s.name === '.rodata');
      expect(mineRo?.address).toBe(rodata?.address);
      expect(Buffer.from(mineRo?.bytes ?? []).toString('hex')).toBe(
        Buffer.from(rodata?.bytes ?? []).toString('hex'),
      );
      for (const s of mine.image?.symbols ?? [])
        expect([s.name, BigInt(s.address)]).toEqual([s.name, gnu.symbols.get(s.name)]);
      expect(mine.image?.entry).toBe(Number(gnu.symbols.get('_start')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
