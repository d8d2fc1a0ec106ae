/**
 * The two offline builds (issue 8), as one Vite plugin that vite.config.ts installs:
 *
 * - `vite build` (the folder build, dist/): a static site that works from any folder and installs as a PWA.
 *   The plugin adds the Content-Security-Policy, the web app manifest link and a small script that registers
 *   the service worker; it compiles service-worker.ts to sw.js with the list of every file of the build to
 *   precache, under a cache name derived from their bytes (a new build gets a new cache; the old one is
 *   deleted when the new worker activates).
 * - `vite build --mode single` (dist-single/hartscope.html): one HTML file with the script, the stylesheet,
 *   the worker and every asset (the example ELF, firmware) inlined, which works when opened from file://.
 *   The worker is started from a blob: URL (spawn-worker-inline.ts replaces spawn-worker.ts), as a classic
 *   script; assets become data: URLs; the inline script is allowed by its sha256 in the CSP, and nothing else.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';
import type { Plugin, UserConfig } from 'vite';
import { contentSecurityPolicy } from './csp.ts';

export const SINGLE_FILE_MODE = 'single';
export const SINGLE_FILE_NAME = 'hartscope.html';
export const SINGLE_FILE_OUT_DIR = 'dist-single';

const here = fileURLToPath(new URL('.', import.meta.url));
const SPAWN_WORKER_INLINE = join(here, 'spawn-worker-inline.ts');

type Bundle = Record<
  string,
  { type: 'asset'; source: string | Uint8Array } | { type: 'chunk'; code: string }
>;

export function offlineBuilds(): Plugin[] {
  let single = false;
  let building = false;
  let publicDir = '';
  // Before Vite's own resolver, which would otherwise resolve the import to spawn-worker.ts itself.
  const redirectWorker: Plugin = {
    name: 'hartscope:single-file-worker',
    enforce: 'pre',
    resolveId(source) {
      if (single && /(^|\/)offline\/spawn-worker(\.ts)?$/.test(source)) return SPAWN_WORKER_INLINE;
      return null;
    },
  };
  const builds: Plugin = {
    name: 'hartscope:offline',
    enforce: 'post',

    config(config, env): UserConfig | undefined {
      if (env.command !== 'build' || env.mode !== SINGLE_FILE_MODE) return undefined;
      return {
        publicDir: false, // the manifest and icons belong to the installable folder build
        build: {
          outDir: config.build?.outDir ?? SINGLE_FILE_OUT_DIR,
          assetsInlineLimit: () => true, // every asset a data: URL, however large
          cssCodeSplit: false,
          modulePreload: false,
          rolldownOptions: { output: { codeSplitting: false } },
        },
        // Firefox refuses module workers in a page opened from file://; a classic blob worker it runs.
        worker: { format: 'iife' },
      };
    },

    configResolved(config) {
      single = config.command === 'build' && config.mode === SINGLE_FILE_MODE;
      building = config.command === 'build';
      publicDir = config.publicDir;
    },

    transformIndexHtml: {
      order: 'post',
      handler() {
        // The dev server's page has inline scripts of its own (React refresh), and registers no worker.
        if (!building || single) return undefined;
        return [
          {
            tag: 'meta',
            attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy() },
            injectTo: 'head-prepend',
          },
          { tag: 'link', attrs: { rel: 'manifest', href: './manifest.webmanifest' }, injectTo: 'head' },
          {
            tag: 'link',
            attrs: { rel: 'icon', href: './icon.svg', type: 'image/svg+xml' },
            injectTo: 'head',
          },
          { tag: 'meta', attrs: { name: 'theme-color', content: '#1b2433' }, injectTo: 'head' },
          { tag: 'script', attrs: { src: './register-sw.js', defer: true }, injectTo: 'head' },
        ];
      },
    },

    async generateBundle(_options, bundle) {
      if (!building) return;
      if (single) {
        const html = inlineIntoSingleFile(bundle as unknown as Bundle);
        this.emitFile({ type: 'asset', fileName: SINGLE_FILE_NAME, source: html });
        return;
      }
      const register = await compile('register-service-worker.ts', {});
      this.emitFile({ type: 'asset', fileName: 'register-sw.js', source: register });
      const files = await buildFiles(bundle as unknown as Bundle, publicDir);
      files.set('register-sw.js', register);
      const precache = ['./', ...[...files.keys()].sort().map((f) => `./${f}`)];
      const sw = await compile('service-worker.ts', {
        PRECACHE: JSON.stringify(precache),
        CACHE_NAME: JSON.stringify(`hartscope-${versionOf(files)}`),
      });
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: sw });
    },
  };
  return [redirectWorker, builds];
}

/** A TypeScript file of this folder as a classic script, with `define` replacing its declared constants. */
async function compile(file: string, define: Record<string, string>): Promise<string> {
  const source = await readFile(join(here, file), 'utf8');
  const result = await transform(source, { loader: 'ts', format: 'iife', target: 'es2022', define });
  return result.code;
}

/** Every file the folder build writes (output and public/), by path relative to the output folder. */
async function buildFiles(bundle: Bundle, publicDir: string): Promise<Map<string, string | Uint8Array>> {
  const files = new Map<string, string | Uint8Array>();
  for (const [name, out] of Object.entries(bundle))
    files.set(name, out.type === 'chunk' ? out.code : out.source);
  if (publicDir) {
    for (const path of await listFiles(publicDir)) {
      files.set(relative(publicDir, path).split(sep).join('/'), await readFile(path));
    }
  }
  return files;
}

async function listFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return []; // no public/ folder
  }
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)])),
  );
  return nested.flat();
}

/** A short hash of every file's name and bytes: the service worker's cache version. */
function versionOf(files: Map<string, string | Uint8Array>): string {
  const hash = createHash('sha256');
  for (const name of [...files.keys()].sort())
    hash.update(name).update('\0').update(files.get(name)!).update('\0');
  return hash.digest('hex').slice(0, 16);
}

/**
 * Turn the built index.html into hartscope.html with its script and stylesheet inside, and drop the files
 * that are now inlined. The CSP allows exactly this script, by its sha256.
 */
function inlineIntoSingleFile(bundle: Bundle): string {
  const page = bundle['index.html'];
  if (page?.type !== 'asset') throw new Error('single-file build: index.html is missing from the bundle');
  let html = String(page.source);
  const inlined: string[] = [];
  const hashes: string[] = [];

  html = html.replace(
    /<script type="module"[^>]*\ssrc="\.\/([^"]+)"[^>]*><\/script>/g,
    (_tag, file: string) => {
      const chunk = bundle[file];
      if (chunk?.type !== 'chunk') throw new Error(`single-file build: script ${file} is not a chunk`);
      // "</script" inside the code would end the element early; "<\/script" means the same in JavaScript.
      const code = chunk.code.replace(/<\/script/gi, '<\\/script');
      hashes.push(createHash('sha256').update(code).digest('base64'));
      inlined.push(file);
      return `<script type="module">${code}</script>`;
    },
  );
  html = html.replace(/<link rel="stylesheet"[^>]*\shref="\.\/([^"]+)"[^>]*>/g, (_tag, file: string) => {
    const css = bundle[file];
    if (css?.type !== 'asset') throw new Error(`single-file build: stylesheet ${file} is not an asset`);
    inlined.push(file);
    return `<style>${String(css.source).replace(/<\/style/gi, '<\\/style')}</style>`;
  });
  if (hashes.length === 0) throw new Error('single-file build: no module script found in index.html');
  const leftover = /<(?:script|link)\b[^>]*\s(?:src|href)="\.\//.exec(html);
  if (leftover) throw new Error(`single-file build: a reference to a file is left: ${leftover[0]}`);

  const csp = contentSecurityPolicy({ inlineScriptHashes: hashes });
  html = html.replace(/<head>/, `<head>\n    <meta http-equiv="Content-Security-Policy" content="${csp}" />`);
  for (const file of inlined) delete bundle[file];
  delete bundle['index.html'];
  for (const [name, out] of Object.entries(bundle)) {
    throw new Error(`single-file build: ${name} (${out.type}) was not inlined`);
  }
  return html;
}
