/**
 * Start the emulator worker. This is the folder build's (and the dev server's) way: a module worker from
 * its own file. The single-file build replaces this module with spawn-worker-inline.ts (the vite plugin
 * redirects the import), because a page opened from file:// may not load a worker from a file.
 */
export function spawnWorker(): Worker {
  // This exact `new Worker(new URL(..., import.meta.url))` form is what Vite bundles as a worker.
  return new Worker(new URL('../worker/emulator.worker.ts', import.meta.url), {
    type: 'module',
    name: 'hartscope',
  });
}
