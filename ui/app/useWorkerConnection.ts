/**
 * Holds the connection to the emulator worker and watches it: a worker that reports an error, or that does
 * not answer a ping within PING_TIMEOUT_MS, is reported, terminated and replaced by a fresh one. The page's
 * own state (the editor's text) lives outside the worker and is unaffected.
 */
import { useEffect, useRef, useState } from 'react';
import type { EmulatorConnection } from '../../src/worker/client';

export const PING_INTERVAL_MS = 2000;
/**
 * A worker busy this long without answering is taken for hung. Loading a program builds a fresh machine
 * (128 MiB of RAM cleared, the time-travel history's first checkpoint), which on a busy two-core machine took
 * over 4 s: the old 4 s limit replaced healthy workers in a loop (each restart loading the program again).
 */
export const PING_TIMEOUT_MS = 15_000;

export interface WorkerConnection {
  /** Null until the worker has been started. */
  connection: EmulatorConnection | null;
  /** Bumped on every restart: state tied to the old worker must be dropped. */
  generation: number;
  /** Why the previous worker was replaced, until dismissed. */
  failure: string | null;
  dismissFailure(): void;
}

export function useWorkerConnection(connect: () => EmulatorConnection): WorkerConnection {
  const [generation, setGeneration] = useState(0);
  const [connection, setConnection] = useState<EmulatorConnection | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const connectRef = useRef(connect);
  useEffect(() => {
    connectRef.current = connect;
  });

  useEffect(() => {
    const c = connectRef.current();
    let closed = false;
    const replace = (reason: string) => {
      if (closed) return;
      setFailure(`The machine's worker stopped (${reason}) and was restarted.`);
      setGeneration((g) => g + 1);
    };
    c.onFailure(replace);
    let waiting = false;
    let timeout: ReturnType<typeof setTimeout> | undefined;
    const timer = setInterval(() => {
      if (waiting) return;
      waiting = true;
      timeout = setTimeout(() => replace(`no answer for ${PING_TIMEOUT_MS / 1000} s`), PING_TIMEOUT_MS);
      void c.api.ping().then(() => {
        clearTimeout(timeout);
        waiting = false;
      });
    }, PING_INTERVAL_MS);
    setConnection(c);
    return () => {
      closed = true;
      clearInterval(timer);
      clearTimeout(timeout);
      c.terminate();
    };
  }, [generation]);

  return { connection, generation, failure, dismissFailure: () => setFailure(null) };
}
