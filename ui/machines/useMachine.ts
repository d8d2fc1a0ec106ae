/**
 * One machine of the Machines view: its own worker (connectEmulator), polled a few times a second for its
 * status, pc, mode and console, with its speed (MIPS, from the retired-instruction count between polls)
 * and, about once a second, its RAM use. Each machine is a separate worker, so a guest that spins or floods
 * in one cannot slow the others' emulation (they run on other threads); only the page's drawing is shared.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { EmulatorConnection } from '../../src/worker/client';
import type { EmulatorApi } from '../../src/worker/emulator-api';
import type { Remote } from 'comlink';
import { droppedNotice } from '../console-notice';
import type {
  AssembleRequest,
  MachineStatus,
  MemoryUsage,
  PrivilegeLevel,
} from '../../src/worker/emulator-api';

export const POLL_MS = 250;
const USAGE_EVERY = 4;

export interface MachineSnapshot {
  status: MachineStatus | { kind: 'killed' } | { kind: 'loading' };
  pc: bigint;
  priv: PrivilegeLevel;
  instret: number;
  /** Millions of instructions per second over the last poll (0 when not running). */
  mips: number;
  usage: MemoryUsage | null;
  error: string | null;
}

const initial: MachineSnapshot = {
  status: { kind: 'loading' },
  pc: 0n,
  priv: 3,
  instret: 0,
  mips: 0,
  usage: null,
  error: null,
};

export interface MachineHandle {
  view: MachineSnapshot;
  registerConsole(sink: (bytes: Uint8Array) => void): () => void;
  consoleInput(bytes: Uint8Array): void;
  start(): void;
  pause(): void;
  kill(): void;
  /** The worker's API (null once killed), for a migration between machines. */
  api(): Remote<EmulatorApi> | null;
}

/** `request` null: the machine loads nothing (it is a migration's target, filled by the source). */
export function useMachine(
  connect: () => EmulatorConnection,
  request: AssembleRequest | null,
): MachineHandle {
  const [view, setView] = useState<MachineSnapshot>(initial);
  const connection = useRef<EmulatorConnection | null>(null);
  const sinks = useRef(new Set<(bytes: Uint8Array) => void>());
  const requestRef = useRef(request);

  useEffect(() => {
    const c = connect();
    connection.current = c;
    let live = true;
    let polls = 0;
    let last = { instret: 0, at: performance.now() };
    c.onFailure((reason) => live && setView((v) => ({ ...v, status: { kind: 'killed' }, error: reason })));
    const req = requestRef.current;
    if (req !== null)
      void c.api.assembleAndLoad(req).then((r) => {
        if (live && !r.ok) setView((v) => ({ ...v, error: r.error }));
      });
    let inFlight = false;
    const poll = async () => {
      if (connection.current !== c || inFlight) return; // killed, or the last answer is still coming
      inFlight = true;
      const s = await c.api.getState().finally(() => (inFlight = false));
      const usage = polls++ % USAGE_EVERY === 0 ? await c.api.memoryUsage() : null;
      if (!live) return;
      if (s.consoleDropped > 0) {
        // The worker keeps only the newest bytes of a flood: say so in the console rather than hide the gap.
        const notice = droppedNotice(s.consoleDropped);
        for (const sink of sinks.current) sink(notice);
      }
      if (s.consoleBytes.length > 0) for (const sink of sinks.current) sink(s.consoleBytes);
      const now = performance.now();
      const instret = Number(s.instructionsRetired);
      const mips = (instret - last.instret) / Math.max(1, now - last.at) / 1000;
      last = { instret, at: now };
      setView((v) => ({
        ...v,
        status: v.status.kind === 'killed' ? v.status : s.status,
        pc: s.pc,
        priv: s.priv,
        instret,
        mips: s.status.kind === 'running' ? mips : 0,
        usage: usage ?? v.usage,
      }));
    };
    const timer = setInterval(() => void poll().catch(() => undefined), POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
      c.terminate();
      connection.current = null;
    };
  }, [connect]);

  const start = useCallback(() => void connection.current?.api.run(), []);
  const pause = useCallback(() => void connection.current?.api.pause(), []);
  const kill = useCallback(() => {
    connection.current?.terminate();
    connection.current = null;
    setView((v) => ({ ...v, status: { kind: 'killed' }, mips: 0 }));
  }, []);
  const registerConsole = useCallback((sink: (bytes: Uint8Array) => void) => {
    sinks.current.add(sink);
    return () => void sinks.current.delete(sink);
  }, []);
  const consoleInput = useCallback(
    (bytes: Uint8Array) => void connection.current?.api.consoleInput(bytes),
    [],
  );
  const api = useCallback(() => connection.current?.api ?? null, []);
  return { view, registerConsole, consoleInput, start, pause, kill, api };
}
