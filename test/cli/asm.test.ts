/**
 * `npm run asm -- FILE.S [-o FILE.elf] [--text-base ADDR] [-T SCRIPT] [-I DIR]` through the bundling
 * launcher, as npm runs it: the ELF it writes loads the bytes the source asks for, and errors come as
 * FILE:LINE:COL: message with exit status 1.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadElf } from '../../emulator/loader/elf';

const dir = mkdtempSync(join(tmpdir(), 'hartscope-asm-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const asm = (...args: string[]) =>
  spawnSync(process.execPath, ['src/cli/launch.mjs', 'src/cli/asm.ts', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });

describe('npm run asm', () => {
  it('writes an ELF at --text-base, with .include found next to the source and in -I directories', () => {
    mkdirSync(join(dir, 'src'));
    mkdirSync(join(dir, 'inc'));
    writeFileSync(
      join(dir, 'src/main.S'),
      '  .include "near.S"\n  .include "far.S"\n_start:\n  li a0, NEAR + FAR\n',
    );
    writeFileSync(join(dir, 'src/near.S'), '  .equ NEAR, 5\n');
    writeFileSync(join(dir, 'inc/far.S'), '  .equ FAR, 7\n');
    const out = join(dir, 'main.elf');
    const r = asm(join(dir, 'src/main.S'), '-o', out, '--text-base', '0x80200000', '-I', join(dir, 'inc'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const image = loadElf(readFileSync(out));
    expect(image.entry).toBe(0x8020_0000);
    // li a0, 12 under rvc is c.li a0, 12: funct3 010, imm[5] 0, rd 01010, imm[4:0] 01100, op 01 = 0x4531.
    expect([...image.segments[0].data.subarray(0, 2)]).toEqual([0x31, 0x45]);
  });

  it('reports every error as FILE:LINE:COL: message and exits with 1', () => {
    const src = join(dir, 'bad.S');
    writeFileSync(src, '  nop\n  foo a0\n  addi a0, a0, 9999\n');
    const r = asm(src, '-o', join(dir, 'bad.elf'));
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      `${src}:2:3: unknown instruction 'foo'`,
      `${src}:3:16: immediate out of range: expected -2048..2047, got 9999`,
    ]);
  });
});
