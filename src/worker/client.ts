/** The page's side of the worker boundary: start the emulator worker and wrap it as an EmulatorApi. */
import * as Comlink from 'comlink';
import { spawnWorker } from '../offline/spawn-worker';
import type { EmulatorApi } from './emulator-api';

export interface EmulatorConnection {
  api: Comlink.Remote<EmulatorApi>;
  /** Stop the worker (the machine with it). */
  terminate(): void;
  /** Called once if the worker fails (an uncaught error or a message it cannot read). */
  onFailure(listener: (reason: string) => void): void;
}

export function connectEmulator(): EmulatorConnection {
  // From its own file, or (the single-file build) from code inlined in the page: src/offline/spawn-worker.ts.
  const worker = spawnWorker();
  const listeners: ((reason: string) => void)[] = [];
  let failed = false;
  const fail = (reason: string) => {
    if (failed) return;
    failed = true;
    for (const l of listeners) l(reason);
  };
  worker.addEventListener('error', (e) => fail(e.message || 'the worker failed to start or crashed'));
  worker.addEventListener('messageerror', () => fail('a message from the worker could not be read'));
  return {
    api: Comlink.wrap<EmulatorApi>(worker),
    terminate: () => worker.terminate(),
    onFailure: (listener) => listeners.push(listener),
  };
}
