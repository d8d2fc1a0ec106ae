import { out } from '../int64';
import { csr, rd, rs1, zimm } from '../isa/fields';
import { Exception } from './causes';
import { readCsr, writeCsr } from './csr';
import { MSTATUS_TSR, MSTATUS_TVM, MSTATUS_TW } from './csr-state';
import type { Hart } from './hart';
import { Priv } from './privilege';
import type { Semantics } from './semantics-base';
import { returnFromMachineTrap, returnFromSupervisorTrap } from './trap';

/**
 * Zicsr, Zifencei and the privileged instructions. The CSR instructions follow the ISA manual's Zicsr
 * chapter to the letter about side effects: csrrw with rd=x0 does not read the CSR; csrrs/csrrc with rs1=x0
 * (and the immediate forms with uimm=0) do not write it, so they may read read-only CSRs.
 */

type CsrOp = 'write' | 'set' | 'clear';

function csrInstruction(op: CsrOp, immediate: boolean): Semantics {
  return (h: Hart, w: number) => {
    const num = csr(w);
    const dest = rd(w);
    const source = rs1(w);
    const srcLo = immediate ? zimm(w) : h.x[source];
    const srcHi = immediate ? 0 : h.x[source + 32];
    const writes = op === 'write' || source !== 0;
    const reads = op !== 'write' || dest !== 0;

    let oldLo = 0;
    let oldHi = 0;
    if (reads) {
      if (!readCsr(h, num, writes && op !== 'write')) h.illegal(w);
      oldLo = out[0];
      oldHi = out[1];
    }
    if (writes) {
      // A CSR write may enable an interrupt, stop a counter or change translation: leave any fast run.
      h.slowPath = true;
      const newLo = op === 'write' ? srcLo : op === 'set' ? oldLo | srcLo : oldLo & ~srcLo;
      const newHi = op === 'write' ? srcHi : op === 'set' ? oldHi | srcHi : oldHi & ~srcHi;
      if (!writeCsr(h, num, newLo, newHi)) h.illegal(w);
    }
    if (reads) h.setX(dest, oldLo, oldHi);
  };
}

/** Leave the xRET just executed for the machine's event log (Machine.onReturn): pc is still the xRET's. */
function noteReturn(h: Hart, kind: 'mret' | 'sret', fromPriv: number): void {
  h.lastReturn = {
    kind,
    fromPriv,
    toPriv: h.priv,
    pcLo: h.pcLo,
    pcHi: h.pcHi,
    targetLo: h.npcLo,
    targetHi: h.npcHi,
  };
}

export const systemSemantics: Record<string, Semantics> = {
  csrrw: csrInstruction('write', false),
  csrrs: csrInstruction('set', false),
  csrrc: csrInstruction('clear', false),
  csrrwi: csrInstruction('write', true),
  csrrsi: csrInstruction('set', true),
  csrrci: csrInstruction('clear', true),

  // The cause names the mode the call came from; tval is zero.
  ecall: (h) =>
    h.raise(
      h.priv === Priv.U
        ? Exception.EcallFromU
        : h.priv === Priv.S
          ? Exception.EcallFromS
          : Exception.EcallFromM,
      0,
    ),
  // The spec lets tval be zero or the ebreak's address; QEMU 7.2 writes zero, and so do we.
  ebreak: (h) => h.raise(Exception.Breakpoint, 0),

  mret: (h, w) => {
    if (h.priv !== Priv.M) h.illegal(w);
    const from = h.priv;
    returnFromMachineTrap(h);
    noteReturn(h, 'mret', from);
    h.slowPath = true; // a new mode may let a pending interrupt in
  },
  // sret is illegal in U-mode, and in S-mode when mstatus.TSR traps it to M-mode.
  sret: (h, w) => {
    if (h.priv === Priv.U && h.config.breakIsa === 'sret-in-u-is-nop') return; // "break the ISA": a no-op
    if (h.priv === Priv.U || (h.priv === Priv.S && h.csr.mstatus & MSTATUS_TSR)) h.illegal(w);
    const from = h.priv;
    returnFromSupervisorTrap(h);
    noteReturn(h, 'sret', from);
    h.slowPath = true;
  },
  // With S-mode present, wfi is illegal in U-mode; in S-mode mstatus.TW makes it trap (as QEMU does at once).
  wfi: (h, w) => {
    if (h.priv === Priv.U || (h.priv === Priv.S && h.csr.mstatus & MSTATUS_TW)) h.illegal(w);
    h.waitingForInterrupt = true;
    h.slowPath = true;
  },
  'sfence.vma': (h, w) => {
    if (h.priv === Priv.U || (h.priv === Priv.S && h.csr.mstatus & MSTATUS_TVM)) h.illegal(w);
    h.onAddressingChanged();
    h.onCodeFence();
  },
  // The decoded-instruction cache is keyed by instruction bits and never goes stale; translated blocks do
  // not either (stores to their pages drop them), but fence.i is the guest's promise to resynchronise, so
  // the translator starts afresh.
  'fence.i': (h) => h.onCodeFence(),
};
