/**
 * Calls and returns as the debugger's step over and step out see them. The ISA has no call instruction:
 * by the calling convention's hint (unprivileged spec, "Unconditional Jumps", table of return-address stack
 * hints) a jal/jalr that links into ra or t0 is a call, and a jalr x0 through ra or t0 is a return.
 */
import { decode } from '../../emulator/isa/decode';
import { cRs1, rd, rs1 } from '../../emulator/isa/fields';
import type { Machine } from '../../emulator/machine';

export type Flow = 'call' | 'return' | 'other';

const isLink = (r: number): boolean => r === 1 || r === 5;

export function classify(word: number): Flow {
  const row = decode(word);
  switch (row?.name) {
    case 'jal':
      return isLink(rd(word)) ? 'call' : 'other';
    case 'jalr':
      if (isLink(rd(word))) return 'call';
      return rd(word) === 0 && isLink(rs1(word)) ? 'return' : 'other';
    case 'c.jalr': // (RV64 has no c.jal: that encoding is c.addiw)
      return 'call';
    case 'c.jr':
      return isLink(cRs1(word)) ? 'return' : 'other';
    default:
      return 'other';
  }
}

/** The kind of the instruction at pc (other when it cannot be fetched: the fetch will trap). */
export function flowAtPc(m: Machine): Flow {
  const insn = m.peekInstruction();
  return insn === null ? 'other' : classify(insn.word);
}

/**
 * Follows call depth while the machine executes one instruction at a time; `done` turns true once the
 * function that was current at the start has returned (depth below zero), or for step over once a call made
 * by the first instruction has come back.
 */
export class DepthTracker {
  private depth = 0;
  private started = false;

  constructor(private readonly mode: 'over' | 'out') {}

  /** Call before executing the instruction at pc. */
  before(flow: Flow): void {
    if (flow === 'call') this.depth++;
    else if (flow === 'return') this.depth--;
    this.started = true;
  }

  get done(): boolean {
    if (!this.started) return false;
    return this.mode === 'over' ? this.depth <= 0 : this.depth < 0;
  }
}
