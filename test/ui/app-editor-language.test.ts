/** The editor's RISC-V tokenizer: what each piece of a GNU as line is highlighted as. */
import { StringStream } from '@codemirror/language';
import { describe, expect, it } from 'vitest';
import { riscvAsmParser } from '../../ui/editor/riscv-language';

/** [text, token type] for each non-space token of `lines`, the state carried from line to line. */
function tokens(...lines: string[]): [string, string | null][] {
  const state = riscvAsmParser.startState!(2);
  const out: [string, string | null][] = [];
  for (const line of lines) {
    const stream = new StringStream(line, 2, 2);
    while (!stream.eol()) {
      const type = riscvAsmParser.token(stream, state);
      const text = stream.current();
      if (text.trim() !== '') out.push([text, type]);
      stream.start = stream.pos;
    }
  }
  return out;
}

describe('the RISC-V assembly tokenizer', () => {
  it('tells labels, mnemonics from the instruction table, registers, numbers and comments apart', () => {
    expect(tokens('loop: addi a0, x5, -0x10   # count down')).toEqual([
      ['loop:', 'labelName'],
      ['addi', 'operatorKeyword'],
      ['a0', 'variableName.special'],
      [',', 'punctuation'],
      ['x5', 'variableName.special'],
      [',', 'punctuation'],
      ['-0x10', 'number'],
      ['# count down', 'comment'],
    ]);
  });

  it('knows directives, pseudo-instructions, strings and symbols', () => {
    expect(tokens('  .string "hi # not a comment"', '  la t0, msg_hello', '  csrw mtvec, t0')).toEqual([
      ['.string', 'keyword'],
      ['"hi # not a comment"', 'string'],
      ['la', 'operatorKeyword'],
      ['t0', 'variableName.special'],
      [',', 'punctuation'],
      ['msg_hello', 'variableName'],
      ['csrw', 'operatorKeyword'],
      ['mtvec', 'variableName'],
      [',', 'punctuation'],
      ['t0', 'variableName.special'],
    ]);
  });

  it('marks an unknown operation as a macro call, and compressed mnemonics as instructions', () => {
    expect(tokens('  my_macro a0', '  c.addi sp, 16').map((t) => t[1])).toEqual([
      'macroName',
      'variableName.special',
      'operatorKeyword',
      'variableName.special',
      'punctuation',
      'number',
    ]);
  });
});
