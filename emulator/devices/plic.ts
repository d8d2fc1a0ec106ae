import { PLIC_SIZE } from '../board/memory-map';
import type { AccessWidth, Device, InterruptLine } from './device';

/**
 * The platform-level interrupt controller of QEMU's virt board (RISC-V PLIC specification 1.0.0; QEMU 7.2
 * hw/intc/sifive_plic.c with the virt board's parameters). It gathers the devices' interrupt lines (sources)
 * and drives one external-interrupt line per context: context 0 is hart 0's M-mode (mip.MEIP), context 1 its
 * S-mode (mip.SEIP).
 *
 * Register map (offsets from the PLIC base, every register 32 bits wide):
 *   0x000000 + 4*id            priority of source id (3 bits on virt: 0 = never interrupts, 1..7);
 *                              offset 0 (source 0) reads as zero
 *   0x001000 + 4*w             pending bits of sources 32w..32w+31 (read-only)
 *   0x002000 + 0x80*ctx + 4*w  enable bits of sources 32w..32w+31 for context ctx
 *   0x200000 + 0x1000*ctx      priority threshold of context ctx
 *   0x200004 + 0x1000*ctx      claim (read) / complete (write) of context ctx
 */
const PRIORITY_BASE = 0x0;
const PENDING_BASE = 0x1000;
const ENABLE_BASE = 0x2000;
const ENABLE_STRIDE = 0x80;
const CONTEXT_BASE = 0x20_0000;
const CONTEXT_STRIDE = 0x1000;
const THRESHOLD = 0x0;
const CLAIM_COMPLETE = 0x4;

/** QEMU virt has 3 priority bits (VIRT_IRQCHIP_NUM_PRIO_BITS), so priorities and thresholds are 0..7. */
const PRIORITY_MASK = 0x7;

export interface PlicConfig {
  /** Number of interrupt sources counting the non-existent source 0 (QEMU virt: 96, so ids 1..95). */
  sources: number;
  /** One output line per context, in context order (virt: [hart 0 M-mode, hart 0 S-mode]). */
  contexts: InterruptLine[];
}

/** What a snapshot keeps of the PLIC: every register and the gateway's view of each source line. */
export interface PlicState {
  priority: number[];
  pending: number[];
  claimed: number[];
  asserted: number[];
  enable: number[];
  threshold: number[];
}

export class Plic implements Device {
  readonly name = 'plic';
  readonly size = PLIC_SIZE;

  private readonly numSources: number;
  private readonly words: number;
  private readonly outputs: InterruptLine[];
  private readonly lines: InterruptLine[];
  private readonly priority: Uint8Array;
  private readonly pending: Uint32Array;
  /** Sources claimed by some context and not yet completed (the gateway holds further requests back). */
  private readonly claimed: Uint32Array;
  /** The current level of each source's input line. */
  private readonly asserted: Uint32Array;
  /** Enable bits, `words` words per context. */
  private readonly enable: Uint32Array;
  private readonly threshold: Uint8Array;
  private readonly outputLevel: boolean[];

  constructor(config: PlicConfig) {
    if (!Number.isInteger(config.sources) || config.sources < 2 || config.sources > 1024) {
      throw new RangeError(`a PLIC has 2..1024 sources (counting source 0), not ${config.sources}`);
    }
    this.numSources = config.sources;
    this.words = (config.sources + 31) >>> 5;
    this.outputs = config.contexts;
    this.priority = new Uint8Array(config.sources);
    this.pending = new Uint32Array(this.words);
    this.claimed = new Uint32Array(this.words);
    this.asserted = new Uint32Array(this.words);
    this.enable = new Uint32Array(this.words * config.contexts.length);
    this.threshold = new Uint8Array(config.contexts.length);
    this.outputLevel = config.contexts.map(() => false);
    this.lines = Array.from({ length: config.sources }, (_, id) => ({
      set: (level: boolean): void => this.setSource(id, level),
    }));
    this.reset();
  }

  /** The input line of source `id` (1..sources-1), for a device to drive. */
  source(id: number): InterruptLine {
    if (!Number.isInteger(id) || id < 1 || id >= this.numSources) {
      throw new RangeError(`PLIC source ${id} does not exist (ids are 1..${this.numSources - 1})`);
    }
    return this.lines[id];
  }

  /** Power-on state: every register zero, so no source can interrupt. */
  reset(): void {
    this.priority.fill(0);
    this.pending.fill(0);
    this.claimed.fill(0);
    this.asserted.fill(0);
    this.enable.fill(0);
    this.threshold.fill(0);
    for (let ctx = 0; ctx < this.outputs.length; ctx++) {
      this.outputLevel[ctx] = false;
      this.outputs[ctx].set(false);
    }
  }

  read(offset: number, width: AccessWidth, out: Int32Array): boolean {
    // Only aligned 32-bit accesses exist (QEMU: .valid min = max = 4); anything else is an access fault.
    if (width !== 4 || (offset & 3) !== 0) return false;
    out[0] = this.readRegister(offset);
    out[1] = 0;
    return true;
  }

  write(offset: number, width: AccessWidth, lo: number, _hi: number): boolean {
    if (width !== 4 || (offset & 3) !== 0) return false;
    this.writeRegister(offset, lo >>> 0);
    return true;
  }

  private readRegister(offset: number): number {
    const ctxCount = this.outputs.length;
    if (offset - PRIORITY_BASE < this.numSources * 4) return this.priority[(offset - PRIORITY_BASE) >>> 2];
    if (offset >= PENDING_BASE && offset - PENDING_BASE < this.words * 4) {
      return this.pending[(offset - PENDING_BASE) >>> 2] | 0;
    }
    if (offset >= ENABLE_BASE && offset - ENABLE_BASE < ctxCount * ENABLE_STRIDE) {
      const ctx = ((offset - ENABLE_BASE) / ENABLE_STRIDE) | 0;
      const word = ((offset - ENABLE_BASE) % ENABLE_STRIDE) >>> 2;
      return word < this.words ? this.enable[ctx * this.words + word] | 0 : 0;
    }
    if (offset >= CONTEXT_BASE && offset - CONTEXT_BASE < ctxCount * CONTEXT_STRIDE) {
      const ctx = ((offset - CONTEXT_BASE) / CONTEXT_STRIDE) | 0;
      const reg = (offset - CONTEXT_BASE) % CONTEXT_STRIDE;
      if (reg === THRESHOLD) return this.threshold[ctx];
      if (reg === CLAIM_COMPLETE) return this.claim(ctx);
    }
    // Holes in the register map read as zero, as in QEMU (which only logs a guest error).
    return 0;
  }

  private writeRegister(offset: number, value: number): void {
    const ctxCount = this.outputs.length;
    if (offset - PRIORITY_BASE < this.numSources * 4) {
      // WARL: bits above the 3 implemented ones are dropped (QEMU: value % (num_priorities + 1)). Source 0
      // does not exist, so its slot stays zero (as in QEMU).
      const id = (offset - PRIORITY_BASE) >>> 2;
      if (id !== 0) this.priority[id] = value & PRIORITY_MASK;
    } else if (offset >= ENABLE_BASE && offset - ENABLE_BASE < ctxCount * ENABLE_STRIDE) {
      const ctx = ((offset - ENABLE_BASE) / ENABLE_STRIDE) | 0;
      const word = ((offset - ENABLE_BASE) % ENABLE_STRIDE) >>> 2;
      if (word < this.words) this.enable[ctx * this.words + word] = value;
    } else if (offset >= CONTEXT_BASE && offset - CONTEXT_BASE < ctxCount * CONTEXT_STRIDE) {
      const ctx = ((offset - CONTEXT_BASE) / CONTEXT_STRIDE) | 0;
      const reg = (offset - CONTEXT_BASE) % CONTEXT_STRIDE;
      if (reg === THRESHOLD) this.threshold[ctx] = value & PRIORITY_MASK;
      else if (reg === CLAIM_COMPLETE) this.complete(value);
    }
    // Pending bits are read-only and holes ignore writes (QEMU logs them as guest errors).
    this.update();
  }

  /**
   * A source's line changed (or was driven again at the same level). A high level makes the source pending
   * (PLIC spec, "Interrupt Gateways"); the request stays pending if the line falls before it is claimed,
   * and the handler then finds nothing to do. QEMU 7.2.x behaves the same (sifive_plic_irq_request only
   * ever sets the pending bit).
   */
  private setSource(id: number, level: boolean): void {
    const w = id >>> 5;
    const bit = 1 << (id & 31);
    if (level) {
      this.asserted[w] |= bit;
      this.pending[w] |= bit;
    } else this.asserted[w] &= ~bit;
    this.update();
  }

  /**
   * Claim (PLIC spec, "Interrupt Claim Process"): the pending, enabled, unclaimed source of highest priority
   * above the context's threshold, lowest id on ties; 0 when there is none. The claimed source stops being
   * pending and is held in service until completed.
   */
  private claim(ctx: number): number {
    const id = this.best(ctx);
    if (id !== 0) {
      const w = id >>> 5;
      const bit = 1 << (id & 31);
      this.pending[w] &= ~bit;
      this.claimed[w] |= bit;
    }
    this.update();
    return id;
  }

  /**
   * Completion (PLIC spec, "Interrupt Completion"): the gateway may forward the source again, so a level
   * source whose line is still high becomes pending at once. QEMU 7.2 differs here: it waits until the
   * device drives its line again (which the UART does on most register accesses).
   * SIMPLIFICATION: as in QEMU, a completion is not checked against the context's enable bits.
   */
  private complete(id: number): void {
    if (id === 0 || id >= this.numSources) return;
    const w = id >>> 5;
    const bit = 1 << (id & 31);
    this.claimed[w] &= ~bit;
    if (this.asserted[w] & bit) this.pending[w] |= bit;
  }

  /** The id a claim by `ctx` would return now (0 = none). Priority 0 never exceeds a threshold. */
  private best(ctx: number): number {
    let bestId = 0;
    let bestPriority = this.threshold[ctx];
    const enableBase = ctx * this.words;
    for (let w = 0; w < this.words; w++) {
      let candidates = this.pending[w] & ~this.claimed[w] & this.enable[enableBase + w];
      while (candidates !== 0) {
        const b = 31 - Math.clz32(candidates & -candidates);
        candidates &= candidates - 1;
        const id = (w << 5) | b;
        if (id < this.numSources && this.priority[id] > bestPriority) {
          bestId = id;
          bestPriority = this.priority[id];
        }
      }
    }
    return bestId;
  }

  /** Drive each context's output: high while it has something to claim (PLIC spec, "Interrupt Notifications"). */
  private update(): void {
    for (let ctx = 0; ctx < this.outputs.length; ctx++) {
      const level = this.best(ctx) !== 0;
      if (level !== this.outputLevel[ctx]) {
        this.outputLevel[ctx] = level;
        this.outputs[ctx].set(level);
      }
    }
  }

  captureState(): PlicState {
    return {
      priority: Array.from(this.priority),
      pending: Array.from(this.pending),
      claimed: Array.from(this.claimed),
      asserted: Array.from(this.asserted),
      enable: Array.from(this.enable),
      threshold: Array.from(this.threshold),
    };
  }

  /** The array lengths a state for this PLIC must have (for the snapshot's checks). */
  stateShape(): { [K in keyof PlicState]: number } {
    const s = this.captureState();
    return {
      priority: s.priority.length,
      pending: s.pending.length,
      claimed: s.claimed.length,
      asserted: s.asserted.length,
      enable: s.enable.length,
      threshold: s.threshold.length,
    };
  }

  /**
   * Take a state from captureState (checked by the caller: lengths as stateShape says). The sources' lines
   * are not driven (the devices' levels are in `asserted`); each context's output is driven to the level
   * the registers imply.
   */
  restoreState(s: PlicState): void {
    this.priority.set(s.priority.map((p) => p & PRIORITY_MASK));
    this.pending.set(s.pending);
    this.claimed.set(s.claimed);
    this.asserted.set(s.asserted);
    this.enable.set(s.enable);
    this.threshold.set(s.threshold.map((t) => t & PRIORITY_MASK));
    for (let ctx = 0; ctx < this.outputs.length; ctx++) {
      this.outputLevel[ctx] = this.best(ctx) !== 0;
      this.outputs[ctx].set(this.outputLevel[ctx]);
    }
  }
}
