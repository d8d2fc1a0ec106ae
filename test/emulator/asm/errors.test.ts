/**
 * The error catalogue: each kind of mistake a student makes is reported at its line and column with a message
 * that says what was expected; all the errors of a file come at once; and nothing typed throws or hangs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../../emulator/asm/assembler';

function errorsOf(source: string): { line: number; column: number; message: string }[] {
  return assemble(source, { file: 'e.S' }).errors.map(({ line, column, message }) => ({
    line,
    column,
    message,
  }));
}

// [what, source, line, column, message]
const CATALOGUE: [string, string, number, number, string][] = [
  ['unknown mnemonic', '  nop\n  foo a0, a1\n', 2, 3, "unknown instruction 'foo'"],
  ['wrong operand count', '  add a0, a1\n', 1, 3, "'add' expects 3 operands (rd, rs1, rs2), found 2"],
  ['wrong pseudo operand count', '  beqz a0\n', 1, 3, "'beqz' takes 2 operands, found 1"],
  ['wrong operand kind', '  sub a0, 5, a1\n', 1, 11, "expected a register, found '5'"],
  [
    'not a compressed register',
    '  c.lw a6, 0(a0)\n',
    1,
    8,
    "expected one of s0, s1, a0..a5 (x8..x15), found 'a6'",
  ],
  [
    'immediate out of range',
    '  addi a0, a0, 5000\n',
    1,
    16,
    'immediate out of range: expected -2048..2047, got 5000',
  ],
  [
    'shift amount out of range',
    '  slli a0, a0, 64\n',
    1,
    16,
    'immediate out of range: expected 0..63, got 64',
  ],
  [
    'offset out of range',
    '  ld a0, 4096(sp)\n',
    1,
    10,
    'offset out of range: expected -2048..2047, got 4096',
  ],
  ['undefined label', '  j nowhere\n', 1, 5, "undefined symbol 'nowhere'"],
  ['undefined local label', '  beqz a0, 1f\n', 1, 12, "undefined local label '1' (no '1:' after this line)"],
  ['local label used backwards before any', '  j 2b\n', 1, 5, "no local label 2 before '2b'"],
  ['duplicate label', 'start:\n  nop\nstart:\n', 3, 1, "duplicate label 'start' (first defined at line 1)"],
  ['misaligned branch target', 'here:\n  beq a0, a1, here + 3\n', 2, 15, 'beq target is misaligned'],
  ['jump out of range', '  jal ra, far\n  .space 0x100000\nfar:\n', 1, 11, 'jal target out of range'],
  ['bad directive', '  .wrod 5\n', 1, 3, "unknown directive '.wrod'"],
  ['bad .option', '  .option fast\n', 1, 3, "unknown .option 'fast'"],
  ['li of a label', 'x:\n  li a0, x\n', 2, 10, "li needs a constant defined above this line, found 'x'"],
  // GNU as 2.40 refuses this too ("illegal operands"): li picks its expansion when it reads the line.
  ['li of a constant defined later', '  li a0, K\n  .equ K, 5\n', 1, 10, 'li needs a constant defined above'],
  [
    'store to a symbol without a scratch register',
    '  sw a0, x\nx: .word 0\n',
    1,
    10,
    "expected a memory operand offset(register), found 'x'",
  ],
  [
    'load from a constant address',
    '  lw a0, 8\n',
    1,
    10,
    "expected a memory operand offset(register), found '8'",
  ],
  ['.popsection alone', '  .popsection\n', 1, 3, '.popsection without a matching .pushsection'],
  [
    'bad section flags',
    '  .section .foo, aw\n',
    1,
    18,
    "expected section flags in double quotes (letters a, w, x), found 'aw'",
  ],
  [
    'bad section type',
    '  .section .foo, "a", @notes\n',
    1,
    23,
    'expected a section type @progbits or @nobits',
  ],
  ['.irp without a name', '  .irp\n  nop\n  .endr\n', 1, 7, 'expected a parameter name: .irp NAME, VALUES'],
  ['.irp without .endr', '  .irp r, a0\n  nop\n', 1, 3, '.irp without a matching .endr'],
  ['bad .option arch', '  .option arch, +v\n', 1, 17, "unsupported .option arch '+v'"],
  ['.endif alone', '  nop\n  .endif\n', 2, 3, '.endif without a matching .if'],
  ['.if without .endif', '  .if 1\n  nop\n', 1, 3, '.if without a matching .endif'],
  ['.else twice', '  .if 0\n  .else\n  .else\n  .endif\n', 3, 3, '.else after .else (first .else at line 2)'],
  ['.if of a label', '  .if later\n  .endif\nlater:\n', 1, 7, 'a constant condition must be a constant'],
  ['.ifdef of an expression', '  .ifdef 1+2\n  .endif\n', 1, 10, 'expected a symbol name: .ifdef SYMBOL'],
  ['.insn of an unknown format', '  .insn q 0x13\n', 1, 9, "unknown .insn format 'q'"],
  ['bad number', '  li a0, 12z\n', 1, 10, "bad number '12z'"],
  ['value too wide for .byte', '  .byte 300\n', 1, 9, 'value 300 does not fit in 1 byte'],
  ['unknown CSR', '  csrr a0, notacsr\n', 1, 12, "expected a CSR name or number, found 'notacsr'"],
  ['non-constant .space', '  .space later\nlater:\n', 1, 10, 'a size must be a constant'],
  ['.macro without .endm', '  .macro m\n  nop\n', 1, 3, '.macro without a matching .endm'],
  ['.endr alone', '  .endr\n', 1, 3, '.endr without a matching .rept, .irp or .irpc'],
  ['include not provided', '  .include "x.S"\n', 1, 3, 'cannot find include file "x.S"'],
  ['division by zero', '  li a0, 1/0\n', 1, 11, 'division by zero'],
  [
    'reserved encoding',
    '  c.addi4spn a0, sp, 0\n',
    1,
    22,
    'immediate out of range: expected a multiple of 4 in 4..1020',
  ],
  [
    '%hi of an address above 2 GiB',
    'x:\n  lui a0, %hi(x)\n',
    2,
    11,
    '%hi out of range: the value 0x80000000 does not fit',
  ],
  ['bad fence set', '  fence rw, x\n', 1, 13, "expected a fence set of the letters i, o, r, w, found 'x'"],
];

describe('assembler errors: line, column and what was expected', () => {
  it.each(CATALOGUE)('%s', (_what, source, line, column, message) => {
    const errors = errorsOf(source);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line, column });
    expect(errors[0].message).toContain(message);
  });

  it('reports every error of a file at once, in order', () => {
    const errors = errorsOf('  foo\n  addi a0, a0, 9999\n  nop\n  j missing\n  add a0\n');
    expect(errors.map((e) => e.line)).toEqual([1, 2, 5, 4]);
  });

  it('errors in a .include name the included file', () => {
    const r = assemble('  nop\n  .include "inc.S"\n', { include: () => '  nop\n  bogus\n' });
    expect(r.errors).toEqual([{ file: 'inc.S', line: 2, column: 3, message: "unknown instruction 'bogus'" }]);
  });

  it('a macro that calls itself forever stops at a nesting limit', () => {
    const errors = errorsOf('  .macro m\n  m\n  .endm\n  m\n');
    expect(errors[0].message).toContain('macros nested more than 64 deep');
  });

  it('a huge .rept stops at the statement limit instead of hanging', () => {
    const errors = errorsOf('  .rept 100000\n  .rept 100000\n  nop\n  .endr\n  .endr\n');
    expect(errors.some((e) => /more than \d+ statements|output larger/.test(e.message))).toBe(true);
  });

  it('a .space larger than the output limit is refused', () => {
    expect(errorsOf('  .space 0x40000000\n')[0].message).toContain('a size must be 0..');
  });
});

describe('assembler robustness', () => {
  it('names that are properties of every JavaScript object are ordinary names', () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(errorsOf(`  ${name} a0, a1\n`)).toEqual([
        { line: 1, column: 3, message: `unknown instruction '${name.toLowerCase()}'` },
      ]);
      expect(errorsOf(`  .insn ${name.toLowerCase()} 0x13\n`)[0].message).toContain('unknown .insn format');
    }
  });

  it('never throws on random bytes, and never hangs (each file done within 2 s)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4000 }), (bytes) => {
        const text = String.fromCharCode(...bytes);
        const t0 = performance.now();
        const r = assemble(text, { include: () => text });
        expect(Array.isArray(r.errors)).toBe(true);
        // A bound for runaway work (a repetition that escaped the statement limit), not a speed test: these
        // files take a few ms, but a loaded CI machine once took 121.
        expect(performance.now() - t0).toBeLessThan(2000);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on random lines of assembler-like text, and never hangs (each file done within 2 s)', () => {
    const word = fc.constantFrom(
      'addi', 'ld', 'sd', 'a0', 'sp', 'sym', '0(sp)', '%lo(x)', '.irp', '.irpc', '.endr', '.pushsection',
      '.popsection', '.section', '"aw"', '@nobits', '.weak', '.insn', 'r', 'i', 's', 'b', 'u', 'j', '0x33',
      '.option', 'arch', '+c', '-c', 'sfence.vma', 'flw', 'fa0', 't0', ',', '1:', '1b', 'x:', '.word', '.equ',
      '.if', '.elseif', '.else', '.endif', '.ifdef', '.ifc', '.ifb', '.rept', '.macro', '.endm', '\\r',
    ); // prettier-ignore
    const line = fc.array(word, { maxLength: 8 }).map((w) => w.join(' '));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), (lines) => {
        const t0 = performance.now();
        const r = assemble(lines.join('\n'));
        expect(Array.isArray(r.errors)).toBe(true);
        expect(performance.now() - t0).toBeLessThan(2000);
      }),
      { numRuns: 300 },
    );
  });

  const pieces = [
    'addi', 'a0', ',', ' ', '(', ')', '%lo', '%pcrel_hi', '1f', '1b', '1:', 'x:', '.rept', '.endr', '.macro',
    '.endm', '\\x', '.word', '"', "'", '#', ';', '\n', '-', '~', '<<', '0x', '99999999999999999999', 'li',
    'beqz', 'c.addi', 'sp', '.option', 'push', 'pop', 'rvc', '.equ', '.', 'j', '.space', '9', '.include',
    '.align', '.string', 'call', 'la', 'x', '+', '*', '/', '%', 'csrw', 'mstatus', 'lr.w.aq', 'fence',
  ]; // prettier-ignore
  it('never throws on random input, and finishes quickly', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...pieces), { maxLength: 60 }),
        fc.string({ maxLength: 40 }),
        (toks, s) => {
          const t0 = performance.now();
          const r = assemble(toks.join('') + s, { include: () => toks.join(' ') });
          expect(Array.isArray(r.errors)).toBe(true);
          expect(performance.now() - t0).toBeLessThan(2000);
        },
      ),
      { numRuns: 400 },
    );
  });
});
