/**
 * RISC-V assembly (GNU as syntax) for CodeMirror: a stream tokenizer that knows the mnemonics from the one
 * instruction table (emulator/isa/table.ts) plus the assembler's pseudo-instructions, the register names,
 * directives, comments, labels, strings and numbers.
 */
import { StreamLanguage, type StreamParser } from '@codemirror/language';
import { INSTRUCTIONS } from '../../emulator/isa/table';
import { ABI_NAMES } from '../../emulator/isa/registers';

/** The pseudo-instructions GNU as accepts (ISA manual, "RISC-V Assembly Programmer's Handbook" tables). */
const PSEUDO =
  'la lla li mv not neg negw sext.w sext.b sext.h zext.b zext.h zext.w seqz snez sltz sgtz beqz bnez blez ' +
  'bgez bltz bgtz bgt ble bgtu bleu j jal jr jalr ret call tail nop fence csrr csrw csrs csrc csrwi csrsi ' +
  'csrci rdcycle rdtime rdinstret lb lh lw ld sb sh sw sd fmv.s fmv.d fabs.s fabs.d fneg.s fneg.d unimp';

const MNEMONICS = new Set<string>([...INSTRUCTIONS.map((r) => r.name), ...PSEUDO.split(' ')]);
const REGISTERS = new Set<string>([
  ...Array.from({ length: 32 }, (_, i) => `x${i}`),
  ...Array.from({ length: 32 }, (_, i) => `f${i}`),
  ...ABI_NAMES,
  'fp',
  'pc',
]);

export function isMnemonic(word: string): boolean {
  return MNEMONICS.has(word.toLowerCase());
}

interface State {
  /** Whether the statement's operation (mnemonic or directive) has been read on this line. */
  sawOp: boolean;
}

export const riscvAsmParser: StreamParser<State> = {
  name: 'riscv-asm',
  startState: () => ({ sawOp: false }),
  token(stream, state) {
    if (stream.sol()) state.sawOp = false;
    if (stream.eatSpace()) return null;
    if (stream.match('#') || stream.match('//')) {
      stream.skipToEnd();
      return 'comment';
    }
    if (stream.match('/*')) {
      while (!stream.eol() && !stream.match('*/')) stream.next();
      return 'comment';
    }
    if (stream.match(';')) {
      state.sawOp = false;
      return 'punctuation';
    }
    if (stream.match(/^"(?:[^"\\]|\\.)*"?/) || stream.match(/^'(?:[^'\\]|\\.)'?/)) return 'string';
    if (stream.match(/^-?(?:0x[0-9a-f_]+|0b[01_]+|[0-9][0-9_]*[fb]?)\b/i)) return 'number';
    const label = stream.match(/^[A-Za-z_.$][\w.$]*:|^[0-9]+:/);
    if (label) return 'labelName';
    const word = stream.match(/^[A-Za-z_.$][\w.$]*/) as RegExpMatchArray | null;
    if (word) {
      const w = word[0];
      if (!state.sawOp) {
        state.sawOp = true;
        if (w.startsWith('.')) return 'keyword';
        return isMnemonic(w) ? 'operatorKeyword' : 'macroName';
      }
      if (REGISTERS.has(w)) return 'variableName.special';
      if (w.startsWith('%')) return 'function';
      return 'variableName';
    }
    if (stream.match(/^%\w+/)) return 'function';
    stream.next();
    return 'punctuation';
  },
  languageData: { commentTokens: { line: '#' } },
};

export const riscvAsm = StreamLanguage.define(riscvAsmParser);
