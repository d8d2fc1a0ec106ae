/**
 * The pure logic behind the virtualization view: where a trap goes and why (privileged spec, "Machine Trap
 * Delegation Registers" and "Machine Interrupt Registers"), how long each trap's handler ran (from the
 * step counts of trap and return events), and Popek and Goldberg's classification of an instruction.
 */
import type { InstructionRow } from '../../emulator/isa/table';
import * as f from '../../emulator/isa/fields';
import { csrName } from '../../emulator/isa/csr-names';

export type Priv = 0 | 1 | 3;
export const MODE_LETTER: Record<Priv, string> = { 0: 'U', 1: 'S', 3: 'M' };

const EXCEPTION_NAMES: Record<number, string> = {
  0: 'instruction address misaligned',
  1: 'instruction access fault',
  2: 'illegal instruction',
  3: 'breakpoint',
  4: 'load address misaligned',
  5: 'load access fault',
  6: 'store address misaligned',
  7: 'store access fault',
  8: 'environment call from U-mode',
  9: 'environment call from S-mode',
  11: 'environment call from M-mode',
  12: 'instruction page fault',
  13: 'load page fault',
  15: 'store page fault',
};
const INTERRUPT_NAMES: Record<number, string> = {
  1: 'supervisor software interrupt',
  3: 'machine software interrupt',
  5: 'supervisor timer interrupt',
  7: 'machine timer interrupt',
  9: 'supervisor external interrupt',
  11: 'machine external interrupt',
};

export function causeName(cause: number, interrupt: boolean): string {
  return (
    (interrupt ? INTERRUPT_NAMES : EXCEPTION_NAMES)[cause] ??
    `${interrupt ? 'interrupt' : 'exception'} ${cause}`
  );
}

export interface TrapRoutingInput {
  cause: number;
  interrupt: boolean;
  /** The mode the hart was in when the trap was raised. */
  fromPriv: Priv;
  medeleg: bigint;
  mideleg: bigint;
  mstatus: bigint;
  /** mie; sie is the same register seen through mideleg, so it is not a separate input. */
  mie: bigint;
}

export interface TrapRouting {
  /** The mode that handles the trap, or null for an interrupt that stays pending (not taken now). */
  target: Priv | null;
  /** One or two sentences for a student, naming the bits that decided it. */
  text: string;
}

const bit = (v: bigint, i: number): boolean => ((v >> BigInt(i)) & 1n) === 1n;
const MSTATUS_SIE = 1;
const MSTATUS_MIE = 3;

/**
 * Where a trap is taken. Exceptions: from U or S with medeleg[cause] set, to S; otherwise to M (a trap never
 * goes to a less privileged mode, so delegation does not apply to traps from M). Interrupts: mideleg[cause]
 * clear means M handles it, taken when mie[cause] is set and the hart is below M or mstatus.MIE is set;
 * mideleg[cause] set means S handles it, taken when sie[cause] is set and the hart is in U, or in S with
 * sstatus.SIE set; a delegated interrupt is never taken while the hart is in M.
 */
export function explainTrapRouting(t: TrapRoutingInput): TrapRouting {
  const from = MODE_LETTER[t.fromPriv];
  const name = `${t.interrupt ? 'Interrupt' : 'Exception'} cause ${t.cause}`;
  if (!t.interrupt) {
    if (t.fromPriv === 3) {
      return {
        target: 3,
        text: `${name} in M-mode stays in M-mode: a trap never goes to a less privileged mode, so medeleg does not apply.`,
      };
    }
    if (bit(t.medeleg, t.cause)) {
      return {
        target: 1,
        text: `${name} from ${from}-mode goes to S-mode because medeleg bit ${t.cause} is set: the firmware delegated it to the kernel (stvec).`,
      };
    }
    return {
      target: 3,
      text: `${name} from ${from}-mode goes to M-mode because medeleg bit ${t.cause} is clear: the firmware (mtvec) handles it.`,
    };
  }
  const enabledName = (reg: string): string =>
    `${reg}.${MODE_LETTER[t.cause % 4 === 1 ? 1 : 3]}${['S', 'T', 'E'][Math.floor(t.cause / 4)] ?? ''}IE`;
  if (!bit(t.mideleg, t.cause)) {
    if (!bit(t.mie, t.cause)) {
      return {
        target: null,
        text: `${name} stays pending: mideleg bit ${t.cause} is clear (it is M-mode's), and mie bit ${t.cause} is clear, so it is disabled.`,
      };
    }
    if (t.fromPriv === 3 && !bit(t.mstatus, MSTATUS_MIE)) {
      return {
        target: null,
        text: `${name} stays pending: it is M-mode's (mideleg bit ${t.cause} clear) and the hart is in M-mode with mstatus.MIE clear.`,
      };
    }
    const why =
      t.fromPriv === 3
        ? 'mstatus.MIE is set'
        : `the hart is in ${from}-mode, below M, so mstatus.MIE does not matter`;
    return {
      target: 3,
      text: `${name} goes to M-mode: mideleg bit ${t.cause} is clear, mie bit ${t.cause} (${enabledName('mie')}) is set and ${why}.`,
    };
  }
  if (t.fromPriv === 3) {
    return {
      target: null,
      text: `${name} stays pending: mideleg bit ${t.cause} delegates it to S-mode, and a delegated interrupt is never taken while the hart is in M-mode.`,
    };
  }
  if (!bit(t.mie, t.cause)) {
    return {
      target: null,
      text: `${name} stays pending: delegated to S-mode (mideleg bit ${t.cause}), but sie bit ${t.cause} is clear.`,
    };
  }
  if (t.fromPriv === 1 && !bit(t.mstatus, MSTATUS_SIE)) {
    return {
      target: null,
      text: `${name} stays pending: delegated to S-mode, and the hart is in S-mode with sstatus.SIE clear.`,
    };
  }
  const why =
    t.fromPriv === 1
      ? 'sstatus.SIE is set'
      : 'the hart is in U-mode, below S, so sstatus.SIE does not matter';
  return {
    target: 1,
    text: `${name} goes to S-mode: mideleg bit ${t.cause} is set, sie bit ${t.cause} (${enabledName('sie')}) is set and ${why}.`,
  };
}

/** One event of the privilege timeline: a trap (exception or interrupt), a return (mret/sret), a VM exit. */
export interface PrivEvent {
  kind: 'trap' | 'return' | 'vmexit';
  /** Instructions retired when the event happened. */
  step: number;
  from: Priv;
  /** For a vmexit: the mode the guest resumes in. */
  to: Priv;
  cause?: number;
  interrupt?: boolean;
  /** What the event was about, e.g. an SBI call's name for a vmexit. */
  detail?: string;
}

export interface TrapSpan {
  /** Index of the trap in the event list. */
  index: number;
  /** Instructions the handler ran until the return that left its mode, or null if it has not returned. */
  handlerInstructions: number | null;
}

/**
 * How many instructions each trap's handler ran: from the trap to the return that leaves the handler's mode.
 * Traps nest (a trap inside a handler, e.g. an S-mode handler's ecall into M), so open traps are a stack and
 * a return closes the innermost one.
 */
export function trapSpans(events: readonly PrivEvent[]): TrapSpan[] {
  const spans: TrapSpan[] = [];
  const open: TrapSpan[] = [];
  events.forEach((e, index) => {
    if (e.kind === 'trap') {
      const span = { index, handlerInstructions: null };
      spans.push(span);
      open.push(span);
    } else if (e.kind === 'return') {
      const span = open.pop();
      if (span) span.handlerInstructions = e.step - events[span.index].step;
    }
  });
  return spans;
}

export type PopekGoldbergClass = 'innocuous' | 'privileged' | 'sensitive';

export interface Classification {
  kind: PopekGoldbergClass;
  why: string;
}

/**
 * Popek and Goldberg's classes: a sensitive instruction reads or changes the machine's privileged state or
 * behaves differently by mode; a privileged one traps when run below the mode that owns it. Their theorem:
 * a machine can be virtualized by trap and emulate when every sensitive instruction is privileged. RISC-V
 * was designed so: every sensitive instruction is privileged, so 'sensitive' (sensitive but NOT privileged:
 * x86's POPF, SGDT before VT-x) is returned for no instruction of this table. `breakIsa` names the one the
 * "break the ISA" switch makes stop trapping, which then is sensitive and unprivileged.
 */
export function classifyInstruction(row: InstructionRow, word: number, breakIsa?: string): Classification {
  if (breakIsa !== undefined && row.name === breakIsa) {
    return {
      kind: 'sensitive',
      why: `${row.name} no longer traps below its mode (the "break the ISA" switch): the monitor never sees it, so it cannot emulate it.`,
    };
  }
  if (row.name === 'sret' || row.name === 'mret') {
    return {
      kind: 'privileged',
      why: `${row.name} changes the mode and interrupt enables; below ${row.name === 'sret' ? 'S' : 'M'}-mode it traps (illegal instruction).`,
    };
  }
  if (row.name === 'wfi' || row.name === 'sfence.vma') {
    return {
      kind: 'privileged',
      why: `${row.name} affects the whole hart; in U-mode it traps, and the monitor can make it trap in S-mode too (mstatus.TW/TVM).`,
    };
  }
  if (row.name.startsWith('csrr')) {
    const num = f.csr(word);
    const owner = (num >>> 8) & 3;
    if (owner !== 0) {
      return {
        kind: 'privileged',
        why: `${csrName(num)} belongs to ${owner === 3 ? 'M' : owner === 1 ? 'S' : 'H'}-mode (CSR number bits 9:8): a less privileged access traps.`,
      };
    }
    if (num >= 0xc00 && num <= 0xc1f) {
      return {
        kind: 'privileged',
        why: `${csrName(num)} is a counter: it traps unless the more privileged mode allows it in mcounteren/scounteren, so a monitor can virtualize time.`,
      };
    }
    return {
      kind: 'innocuous',
      why: `${csrName(num)} is a user CSR: it holds only the program's own state.`,
    };
  }
  if (row.name === 'ecall' || row.name === 'c.ebreak' || row.name === 'ebreak') {
    return {
      kind: 'innocuous',
      why: `${row.name} always traps, in every mode: it is how a guest asks its monitor, not a way to escape it.`,
    };
  }
  return {
    kind: 'innocuous',
    why: 'touches only registers and memory the guest owns; it runs directly, at full speed.',
  };
}
