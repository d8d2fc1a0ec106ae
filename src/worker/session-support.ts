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

interface PostTask {
  postTask(
    task: () => void,
    options: { priority: 'user-blocking' | 'user-visible' | 'background' },
  ): Promise<void>;
}

/** One channel for every yield (not a new MessageChannel per slice: an allocation and two ports each). */
let channel: { send: MessagePort; waiting: (() => void)[] } | null = null;

function openChannel(): { send: MessagePort; waiting: (() => void)[] } {
  const { port1, port2 } = new MessageChannel();
  const waiting: (() => void)[] = [];
  port1.onmessage = () => waiting.shift()?.();
  // Node: an open port would keep the process alive after the last test.
  for (const p of [port1, port2] as (MessagePort & { unref?: () => void })[]) p.unref?.();
  return { send: port2, waiting };
}

function viaMessage(): Promise<void> {
  const c = (channel ??= openChannel());
  return new Promise((resolve) => {
    c.waiting.push(resolve);
    c.send.postMessage(null);
  });
}

/**
 * A task queued behind the messages already waiting (pause, getState), so they are answered between two
 * slices. Where the host has the Prioritized Task Scheduling API (Chromium's workers), a scheduler task: it
 * stays on the worker's own thread. A MessageChannel message otherwise (Node, older browsers): in Chromium
 * it goes through the browser's IPC and comes back only when another thread has been scheduled, which on a
 * busy two-core machine left the worker idle for a third of a run (bench/ui, CPU profile of the worker).
 * Not setTimeout(0): nested timeouts are clamped to 4 ms, which would idle the machine between slices.
 */
export const yieldToEventLoop: Yield = () => {
  const scheduler = (globalThis as { scheduler?: Partial<PostTask> }).scheduler;
  if (typeof scheduler?.postTask === 'function')
    return scheduler.postTask(() => {}, { priority: 'user-visible' });
  return viaMessage();
};

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
