/**
 * What the guest produces between two state views, kept in bounded buffers: a guest that floods its console
 * or traps in a loop fills them, the oldest entries go, and the page gets the newest plus a count of what
 * was dropped (it never has to swallow megabytes in one frame).
 */
import type { ReturnRecord, TrapRecord } from '../../emulator/hart/trap';
import { TRAP_WORDS } from './emulator-api';

/** A byte ring that keeps the newest `capacity` bytes. */
export class ConsoleBuffer {
  private readonly bytes: Uint8Array;
  private start = 0;
  private length = 0;
  private dropped = 0;

  constructor(readonly capacity: number) {
    this.bytes = new Uint8Array(capacity);
  }

  push(byte: number): void {
    if (this.length === this.capacity) {
      this.bytes[this.start] = byte;
      this.start = (this.start + 1) % this.capacity;
      this.dropped++;
      return;
    }
    this.bytes[(this.start + this.length++) % this.capacity] = byte;
  }

  /** The buffered bytes, oldest first, and how many older ones were dropped; empties the buffer. */
  drain(): { bytes: Uint8Array; dropped: number } {
    const out = new Uint8Array(this.length);
    const first = Math.min(this.length, this.capacity - this.start);
    out.set(this.bytes.subarray(this.start, this.start + first));
    out.set(this.bytes.subarray(0, this.length - first), first);
    const dropped = this.dropped;
    this.clear();
    return { bytes: out, dropped };
  }

  clear(): void {
    this.start = 0;
    this.length = 0;
    this.dropped = 0;
  }
}

/**
 * Word layout of one packed trap (TRAP_WORDS words): flags (bit 0 interrupt, bit 1 delegated to S, bit 2 a VM
 * exit served by the host, bit 3 a trap return, bit 4 that return was an sret), cause, from-mode, to-mode,
 * epc lo/hi, tval lo/hi, handler (pc after the trap) lo/hi, instructions retired when it was taken lo/hi,
 * and for a VM exit that was an SBI call its EID and FID (low 32 bits).
 *
 * A trap return (mret or sret, flag bit 3) travels in the same stream, in order with the traps, so the page
 * can pair each trap with the return that ends its handler: from-mode is the mode the xRET ran in, to-mode
 * the one it returned to, epc the xRET's own pc, handler where it returned to (mepc or sepc), instret the
 * count with the xRET retired; cause and tval are 0.
 */
export const TRAP_INTERRUPT = 1;
export const TRAP_DELEGATED = 2;
export const TRAP_VM_EXIT = 4;
export const TRAP_RETURN = 8;
export const TRAP_SRET = 16;

/** One trap as the UI reads it. */
export interface TrapEvent {
  interrupt: boolean;
  delegated: boolean;
  vmExit: boolean;
  cause: number;
  fromPriv: number;
  toPriv: number;
  epc: bigint;
  tval: bigint;
  handler: bigint;
  instret: bigint;
  /** The SBI call a VM exit served. */
  sbi?: { eid: number; fid: number };
  /**
   * Present on a trap return, not a trap: which instruction it was. Then epc is the xRET's pc, handler the
   * pc it returned to, and instret counts the xRET itself (see the layout above).
   */
  xret?: 'mret' | 'sret';
}

/** Exception code 9, environment call from S-mode: what an SBI call is. */
export const ECALL_FROM_S = 9;

const join = (lo: number, hi: number): bigint => (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);

export function unpackTraps(words: Uint32Array): TrapEvent[] {
  const out: TrapEvent[] = [];
  for (let i = 0; i + TRAP_WORDS <= words.length; i += TRAP_WORDS) {
    const w = words.subarray(i, i + TRAP_WORDS);
    out.push({
      interrupt: (w[0] & TRAP_INTERRUPT) !== 0,
      delegated: (w[0] & TRAP_DELEGATED) !== 0,
      vmExit: (w[0] & TRAP_VM_EXIT) !== 0,
      cause: w[1],
      fromPriv: w[2],
      toPriv: w[3],
      epc: join(w[4], w[5]),
      tval: join(w[6], w[7]),
      handler: join(w[8], w[9]),
      instret: join(w[10], w[11]),
      ...(w[0] & TRAP_VM_EXIT && w[1] === ECALL_FROM_S ? { sbi: { eid: w[12], fid: w[13] } } : {}),
      ...(w[0] & TRAP_RETURN ? { xret: w[0] & TRAP_SRET ? ('sret' as const) : ('mret' as const) } : {}),
    });
  }
  return out;
}

/** The newest `capacity` traps, packed as TRAP_WORDS words each. */
export class TrapBuffer {
  private readonly words: Uint32Array;
  private start = 0;
  private count = 0;
  private dropped = 0;

  constructor(readonly capacity: number) {
    this.words = new Uint32Array(capacity * TRAP_WORDS);
  }

  /** `handler` is the pc after the trap was taken, `instret` the count of retired instructions then. */
  push(
    t: TrapRecord,
    handler: bigint,
    instret: number,
    vmExit = false,
    sbi?: { eid: bigint; fid: bigint },
  ): void {
    const w = this.nextSlot();
    w[0] =
      (t.interrupt ? TRAP_INTERRUPT : 0) | (t.delegated ? TRAP_DELEGATED : 0) | (vmExit ? TRAP_VM_EXIT : 0);
    w[1] = t.cause;
    w[2] = t.fromPriv;
    w[3] = t.toPriv;
    w[4] = t.epcLo;
    w[5] = t.epcHi;
    w[6] = t.tvalLo;
    w[7] = t.tvalHi;
    w[8] = Number(handler & 0xffff_ffffn);
    w[9] = Number(handler >> 32n);
    w[10] = instret % 2 ** 32;
    w[11] = Math.floor(instret / 2 ** 32);
    w[12] = sbi ? Number(sbi.eid & 0xffff_ffffn) : 0;
    w[13] = sbi ? Number(sbi.fid & 0xffff_ffffn) : 0;
  }

  /** A trap return (mret, sret); `instret` is the count of retired instructions with the xRET retired. */
  pushReturn(r: ReturnRecord, instret: number): void {
    const w = this.nextSlot();
    w.fill(0);
    w[0] = TRAP_RETURN | (r.kind === 'sret' ? TRAP_SRET : 0);
    w[2] = r.fromPriv;
    w[3] = r.toPriv;
    w[4] = r.pcLo;
    w[5] = r.pcHi;
    w[8] = r.targetLo;
    w[9] = r.targetHi;
    w[10] = instret % 2 ** 32;
    w[11] = Math.floor(instret / 2 ** 32);
  }

  /** The words of the slot for the next event (the oldest one's, counted as dropped, when full). */
  private nextSlot(): Uint32Array {
    let slot: number;
    if (this.count === this.capacity) {
      slot = this.start;
      this.start = (this.start + 1) % this.capacity;
      this.dropped++;
    } else slot = (this.start + this.count++) % this.capacity;
    return this.words.subarray(slot * TRAP_WORDS, (slot + 1) * TRAP_WORDS);
  }

  drain(): { words: Uint32Array; dropped: number } {
    const out = new Uint32Array(this.count * TRAP_WORDS);
    for (let i = 0; i < this.count; i++) {
      const slot = (this.start + i) % this.capacity;
      out.set(this.words.subarray(slot * TRAP_WORDS, (slot + 1) * TRAP_WORDS), i * TRAP_WORDS);
    }
    const dropped = this.dropped;
    this.clear();
    return { words: out, dropped };
  }

  clear(): void {
    this.start = 0;
    this.count = 0;
    this.dropped = 0;
  }
}
