/** The page's side of the worker boundary: start the emulator worker and wrap it as an EmulatorApi. */
import * as Comlink from 'comlink';
import type { EmulatorApi } from './emulator-api';

export interface EmulatorConnection {
  api: Comlink.Remote<EmulatorApi>;
  /** Stop the worker (the machine with it). */
  terminate(): void;
}

export function connectEmulator(): EmulatorConnection {
  // This exact `new Worker(new URL(..., import.meta.url))` form is what Vite bundles as a worker.
  const worker = new Worker(new URL('./emulator.worker.ts', import.meta.url), {
    type: 'module',
    name: 'hartscope',
  });
  return { api: Comlink.wrap<EmulatorApi>(worker), terminate: () => worker.terminate() };
}
