#!/usr/bin/env node
/**
 * Runs a TypeScript entry point (the headless runner, the benchmark) as one bundle built by esbuild, the way
 * Vite bundles the emulator for the page. Running the modules one by one through a TypeScript loader costs
 * the interpreter a factor of several in speed, which would misstate what hartscope does.
 *
 *   node src/cli/launch.mjs ENTRY.ts [ARGS...]
 */
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [entryArg, ...args] = process.argv.slice(2);
if (!entryArg) {
  console.error('usage: node src/cli/launch.mjs ENTRY.ts [ARGS...]');
  process.exit(2);
}
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const entry = resolve(entryArg);
const outDir = join(root, 'node_modules', '.cache', 'hartscope');
mkdirSync(outDir, { recursive: true });
const outfile = join(outDir, `${basename(entry, '.ts')}.mjs`);
await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
  // The bundle lives elsewhere; keep import.meta.url pointing at the source so its relative paths hold.
  define: { 'import.meta.url': JSON.stringify(pathToFileURL(entry).href) },
});
process.argv = [process.argv[0], entry, ...args];
await import(pathToFileURL(outfile).href);
