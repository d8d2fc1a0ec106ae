/**
 * Small pieces of the worker's session (emulator-session.ts) that need none of its state: the yield between
 * slices, the trap-log record of a VM exit, what a load tells the page, and which errors are the user's.
 */
import { Interrupt } from '../../emulator/hart/causes';
import type { ProgramImage } from '../../emulator/image';
import { LoadError, type Machine } from '../../emulator/machine';
import type { VmExitRecord } from '../../emulator/sbi/host-sbi';
import type { LoadResult } from './emulator-api';
import { ECALL_FROM_S, type TrapBuffer } from './event-buffers';
import { ProgramError } from './program';

const MACHINE_TIMER = Interrupt.MachineTimer;

/** Lets other messages be handled between slices. */
export type Yield = () => Promise<void>;

/**
 * A message to ourselves: queued behind the messages already waiting (pause, getState), and unlike
 * setTimeout(0) not clamped to 4 ms when nested, which would idle the machine between slices.
 */
export const yieldToEventLoop: Yield = () =>
  new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });

/**
 * A VM exit goes into the trap log as a trap that left the machine: from S-mode to the host and back.
 * SIMPLIFICATION: only the cause and the SBI call are kept (not the arguments or the result).
 */
export function recordVmExit(traps: TrapBuffer, m: Machine, e: VmExitRecord): void {
  const priv = m.hart.priv;
  const pcLo = Number(e.pc & 0xffff_ffffn) | 0;
  const pcHi = Number(e.pc >> 32n) | 0;
  const interrupt = e.kind === 'timer' || (e.kind === 'stop' && e.interrupt);
  const cause = e.kind === 'sbi-call' ? ECALL_FROM_S : e.kind === 'timer' ? MACHINE_TIMER : e.cause;
  const record = { interrupt, cause, fromPriv: priv, toPriv: priv, epcLo: pcLo, epcHi: pcHi };
  const sbi = e.kind === 'sbi-call' ? { eid: e.eid, fid: e.fid } : undefined;
  const trap = { ...record, tvalLo: 0, tvalHi: 0, delegated: false };
  traps.push(trap, m.hart.getPc(), m.hart.instret, true, sbi);
}

/** What the page learns about a loaded program: its entry, symbols and line table. */
export function loadResult(image: ProgramImage | null): Extract<LoadResult, { ok: true }> {
  return {
    ok: true,
    entry: BigInt((image?.entry ?? 0) >>> 0),
    segments: image?.segments.length ?? 0,
    symbols: (image?.symbols ?? []).map((s) => ({
      name: s.name,
      address: BigInt(s.address >>> 0),
      size: s.size,
    })),
    sourceLines: [...(image?.sourceMap ?? [])]
      .map(([address, loc]) => ({ address: BigInt(address >>> 0), file: loc.file, line: loc.line }))
      .sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0)),
  };
}

/** The message for a problem with what the user loaded; anything else is a hartscope bug and propagates. */
export function userError(e: unknown): string {
  if (e instanceof ProgramError || e instanceof LoadError) return e.message;
  throw e;
}
