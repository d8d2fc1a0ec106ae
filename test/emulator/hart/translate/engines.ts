import type { Engine, Machine, StopReason } from '../../../../emulator/machine';
import type { TrapRecord } from '../../../../emulator/hart/trap';

/**
 * Helpers for comparing the two engines: everything a guest or the UI could observe after a run, as one
 * plain object that toEqual can diff.
 */
export interface Observed {
  stops: StopReason[];
  pc: bigint;
  priv: number;
  x: bigint[];
  steps: number;
  cycle: number;
  instret: number;
  csrs: Record<string, bigint | undefined>;
  ramHash: string;
  console: string;
  traps: TrapRecord[];
}

const CSRS: Record<string, number> = {
  mstatus: 0x300,
  mepc: 0x341,
  mcause: 0x342,
  mtval: 0x343,
  mie: 0x304,
  mip: 0x344,
  sepc: 0x141,
  scause: 0x142,
  stval: 0x143,
  satp: 0x180,
  mcycle: 0xb00,
  minstret: 0xb02,
  time: 0xc01,
};

/** FNV-1a over RAM, 32 bits at a time. */
function ramHash(m: Machine): string {
  const words = m.ram.words;
  let h = 0x811c9dc5;
  for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i], 0x01000193);
  return (h >>> 0).toString(16);
}

/** Attach console and trap recorders; call before running. */
export function record(m: Machine): { console: number[]; traps: TrapRecord[]; stops: StopReason[] } {
  const log = { console: [] as number[], traps: [] as TrapRecord[], stops: [] as StopReason[] };
  m.onConsoleOutput = (b) => log.console.push(b);
  m.onTrap = (t) => log.traps.push({ ...t });
  return log;
}

export function observe(m: Machine, log: ReturnType<typeof record>): Observed {
  const savedPriv = m.hart.priv;
  m.hart.priv = 3; // read every CSR as M-mode would
  const csrs: Record<string, bigint | undefined> = {};
  for (const [name, num] of Object.entries(CSRS)) csrs[name] = m.hart.getCsr(num);
  m.hart.priv = savedPriv;
  return {
    stops: log.stops,
    pc: m.hart.getPc(),
    priv: m.hart.priv,
    x: Array.from({ length: 32 }, (_, i) => m.hart.getReg(i)),
    steps: m.hart.steps,
    cycle: m.hart.cycle,
    instret: m.hart.instret,
    csrs,
    ramHash: ramHash(m),
    console: String.fromCharCode(...log.console),
    traps: log.traps,
  };
}

/**
 * Make a machine with `make(engine)`, run it in slices (each slice's budget from `slices`, cycling) until
 * it stops for another reason than the budget or `total` steps have run, and observe it.
 */
export function runObserved(
  make: (engine: Engine) => Machine,
  engine: Engine,
  total: number,
  slices: number[] = [total],
): Observed {
  const m = make(engine);
  const log = record(m);
  let done = 0;
  for (let i = 0; done < total; i++) {
    const n = Math.min(slices[i % slices.length], total - done);
    const stop = m.run(n);
    log.stops.push(stop);
    if (stop.kind !== 'budget') break;
    done += n;
  }
  return observe(m, log);
}
