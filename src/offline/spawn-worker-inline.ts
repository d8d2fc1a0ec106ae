/**
 * Start the emulator worker from code inlined in the page (the single-file build; see spawn-worker.ts).
 * Vite's `?worker&inline` bundles the worker into a string and starts it from a blob: URL; the plugin
 * builds it as a classic script, since Firefox starts no module worker from a page opened from file://.
 */
import EmulatorWorker from '../worker/emulator.worker.ts?worker&inline';

export function spawnWorker(): Worker {
  return new EmulatorWorker({ name: 'hartscope' });
}
