/**
 * Bad input, seen from where the user sees it (docs/hardening.md): the worker's EmulatorSession turns every
 * bad ELF file into a message naming the file and what is wrong, never an exception, and a refused file
 * does not replace the program already loaded. The assembler answers any text, however hostile, with
 * located errors.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../emulator/asm/assembler';
import { EmulatorSession } from '../../src/worker/emulator-session';
import { BAD_ELF_FILES, EXAMPLE } from './bad-elf-files';

const noYield = () => Promise.resolve();

describe('bad ELF files: each refused with its message', () => {
  it.each(BAD_ELF_FILES.map((f) => [f.what, f] as const))('%s', async (_what, file) => {
    const session = new EmulatorSession({}, { yieldNow: noYield });
    expect(await session.loadElf(file.bytes, 'bad.elf')).toEqual({
      ok: false,
      error: `bad.elf: ${file.message}`,
    });
    expect((await session.getState()).status).toEqual({ kind: 'empty' });
  });

  it('a refused file leaves the program that was loaded before, ready to run', async () => {
    const session = new EmulatorSession({ ramSize: 1 << 20 }, { yieldNow: noYield });
    expect((await session.loadElf(EXAMPLE, 'hello.elf')).ok).toBe(true);
    for (const file of BAD_ELF_FILES.slice(0, 6))
      expect((await session.loadElf(file.bytes, 'bad.elf')).ok).toBe(false);
    const state = await session.getState();
    expect(state.program).toBe('hello.elf');
    expect(await session.run()).toEqual({ kind: 'exit', code: 0, via: 'finisher' });
  });

  it('the example cut short at every length is refused with a message', async () => {
    const session = new EmulatorSession({ ramSize: 1 << 20 }, { yieldNow: noYield });
    const messages = new Set<string>();
    for (let n = 0; n < EXAMPLE.length; n++) {
      const r = await session.loadElf(EXAMPLE.subarray(0, n), 'cut.elf');
      if (r.ok) throw new Error(`the first ${n} bytes of the example loaded`);
      expect(r.error).toMatch(/^cut\.elf: \S/);
      messages.add(r.error.replace(/0x[0-9a-f]+|\d+/g, 'N'));
    }
    // Different cuts break different structures, and the messages say which.
    expect(messages.size).toBeGreaterThanOrEqual(4);
  });

  it('random edits of header fields give a program or a message, never an exception', async () => {
    const session = new EmulatorSession({ ramSize: 1 << 20 }, { yieldNow: noYield });
    const field = fc.record({
      at: fc.nat(0x200),
      width: fc.constantFrom(1, 2, 4, 8),
      value: fc.constantFrom(0n, 1n, 2n, 0x7fn, 0xffn, 0xffffn, 0x8000_0000n, 0xffff_ffffn, (1n << 64n) - 1n),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(field, { minLength: 1, maxLength: 4 }), async (edits) => {
        const b = new Uint8Array(EXAMPLE);
        const v = new DataView(b.buffer);
        for (const { at, width, value } of edits) {
          if (width === 1) v.setUint8(at, Number(value & 0xffn));
          else if (width === 2) v.setUint16(at, Number(value & 0xffffn), true);
          else if (width === 4) v.setUint32(at, Number(value & 0xffff_ffffn), true);
          else v.setBigUint64(at, value, true);
        }
        const r = await session.loadElf(b, 'edited.elf');
        if (!r.ok) expect(r.error).toMatch(/^edited\.elf: \S/);
      }),
      { numRuns: 400 },
    );
  });
});

/** The assembler's limits (emulator/asm/state.ts, LIMITS): runaway input, each stopped with its message. */
const ASM_LIMITS: [what: string, source: string, message: string][] = [
  ['a macro that calls itself', '  .macro m\n  m\n  .endm\n  m\n', 'macros nested more than 64 deep'],
  [
    '`.rept` inside `.rept` (10^10 statements)',
    '  .rept 100000\n  .rept 100000\n  nop\n  .endr\n  .endr\n',
    'more than 1000000 statements (a .rept or macro loop?)',
  ],
  ['`.space 0x40000000`', '  .space 0x40000000\n', 'a size must be 0..16777216, got 1073741824'],
  [
    'more than 16 MiB of output in all',
    '  .rept 20\n  .space 0x100000\n  .endr\n',
    'output larger than 16777216 bytes',
  ],
  ['`.include` of a file that is not there', '  .include "x.S"\n', 'cannot find include file "x.S"'],
];

describe("the assembler's limits: runaway input stopped with its message", () => {
  it.each(ASM_LIMITS)('%s', (_what, source, message) => {
    const r = assemble(source, { file: 'x.S' });
    expect(r.image).toBeUndefined();
    expect(r.errors.map((e) => e.message)).toContain(message);
  });
});

describe('hostile text into the assembler', () => {
  function checkLocated(source: string): void {
    const r = assemble(source, { file: 'x.S' });
    const lines = source.split('\n').length;
    for (const e of r.errors) {
      expect(e.file).toBe('x.S');
      expect(e.line).toBeGreaterThanOrEqual(1);
      expect(e.line).toBeLessThanOrEqual(lines + 1);
      expect(e.column).toBeGreaterThanOrEqual(1);
      expect(e.message.length).toBeGreaterThan(0);
    }
    expect(r.errors.length > 0 || r.image !== undefined).toBe(true);
  }

  it('random bytes read as text (as when a binary file is opened as source)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => checkLocated(String.fromCharCode(...bytes))),
      { numRuns: 300 },
    );
  });

  it('random Unicode text, with NULs, CRs and very long lines', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.string({ maxLength: 20 }).map((s) => s.repeat(500)),
      fc
        .array(fc.constantFrom('\0', '\r', '\r\n', '\t', '"', '\\', ':', '#', ' ', 'a0', ','), {
          maxLength: 80,
        })
        .map((a) => a.join('')),
    );
    fc.assert(fc.property(text, checkLocated), { numRuns: 300 });
  });

  it('an ELF file pasted as source text is refused with errors, not run', () => {
    const r = assemble(new TextDecoder('latin1').decode(EXAMPLE), { file: 'x.S' });
    expect(r.image).toBeUndefined();
    expect(r.errors.length).toBeGreaterThan(0);
  });
});

describe('docs/hardening.md', () => {
  it('lists every bad ELF file of the catalogue with the message it gives', () => {
    const doc = readFileSync(new URL('../../docs/hardening.md', import.meta.url), 'utf8');
    for (const file of BAD_ELF_FILES) expect(doc).toContain(`| ${file.what} | \`${file.message}\` |`);
  });

  it('lists every assembler limit with the message it gives', () => {
    const doc = readFileSync(new URL('../../docs/hardening.md', import.meta.url), 'utf8');
    for (const [what, , message] of ASM_LIMITS) expect(doc).toContain(`| ${what} | \`${message}\` |`);
  });
});
