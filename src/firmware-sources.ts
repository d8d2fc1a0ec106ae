/**
 * Every firmware source file, as text, for the page: the SBI-like monitor (firmware/monitor/), the example
 * guests (firmware/examples/, with their linker script) and the test payloads (firmware/payloads/). Vite
 * bundles them as strings (`?raw`), so the browser assembles the firmware with hartscope's own assembler and
 * needs no toolchain and no fetch. Keys are paths relative to firmware/: 'monitor/monitor.S',
 * 'examples/hello.S', 'examples/link.ld'.
 *
 * How each file is built (its text base, linker script and include path) is decided here, once, for the page,
 * the worker and the tests that compare the result with GNU as + ld (test/emulator/asm/firmware-gnu.test.ts).
 */
import { assemble, type AssembleResult } from '../emulator/asm/assembler';
import { PAYLOAD_BASE, RAM_BASE } from '../emulator/board/memory-map';
import { assembleMonitor } from '../emulator/firmware-boot';
import type { ProgramImage } from '../emulator/image';

/** Firmware files by path relative to firmware/. */
export type FirmwareSources = Readonly<Record<string, string>>;

const PREFIX = /^(\.\.\/)+firmware\//;

function byRelativePath(glob: Record<string, string>): FirmwareSources {
  const out: Record<string, string> = {};
  for (const [path, text] of Object.entries(glob)) out[path.replace(PREFIX, '')] = text;
  return out;
}

/** Every *.S and *.ld under firmware/, bundled into the page. */
export const FIRMWARE_SOURCES: FirmwareSources = byRelativePath({
  ...import.meta.glob<string>('../firmware/**/*.S', { query: '?raw', import: 'default', eager: true }),
  ...import.meta.glob<string>('../firmware/**/*.ld', { query: '?raw', import: 'default', eager: true }),
});

const dirOf = (path: string): string => path.replace(/[^/]*$/, '');
const baseName = (path: string): string => path.replace(/^.*\//, '');

/** The files a source `.include`s, by the name it writes. */
function includedNames(text: string): string[] {
  return [...text.matchAll(/^\s*\.include\s+"([^"]+)"/gm)].map((m) => m[1]);
}

/**
 * Where `.include "NAME"` is looked for when assembling `main`, in order: main's own directory, then the
 * shared directories (as GNU as is given `-I` for each; see includeDirs).
 */
export function includeDirs(main: string): string[] {
  const dirs = [dirOf(main), 'examples/lib/', 'examples/', 'payloads/', 'monitor/'];
  return [...new Set(dirs)];
}

/** The include callback for the assembler: a name resolved against includeDirs(main). */
export function includeResolver(
  main: string,
  sources: FirmwareSources = FIRMWARE_SOURCES,
): (name: string) => string | undefined {
  return (name) => {
    const path = resolveInclude(main, name, sources);
    return path === undefined ? undefined : sources[path];
  };
}

function resolveInclude(main: string, name: string, sources: FirmwareSources): string | undefined {
  if (name.startsWith('/')) return undefined;
  return includeDirs(main)
    .map((d) => normalize(d + name))
    .find((p) => p in sources);
}

/** `a/../b/c.S` to `b/c.S`. */
function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '..') out.pop();
    else if (part !== '.' && part !== '') out.push(part);
  }
  return out.join('/');
}

/**
 * The files that are programs of their own: every *.S that no other firmware file `.include`s (monitor.S,
 * each example, each payload), sorted.
 */
export function programFiles(sources: FirmwareSources = FIRMWARE_SOURCES): string[] {
  const included = new Set<string>();
  for (const [path, text] of Object.entries(sources)) {
    if (!path.endsWith('.S')) continue;
    for (const name of includedNames(text)) {
      const p = resolveInclude(path, name, sources);
      if (p !== undefined) included.add(p);
    }
  }
  return Object.keys(sources)
    .filter((p) => p.endsWith('.S') && !included.has(p))
    .sort();
}

/** How one program file is linked: at a text base (the default layout) or by a linker script. */
export interface BuildPlan {
  textBase: number;
  /** Path (relative to firmware/) of the linker script, when one places the sections. */
  linkerScript?: string;
}

/** A `# Linker script: NAME.ld` line at the top of a source names the script it is linked with. */
const SCRIPT_LINE = /^#\s*Linker script:\s*(\S+\.ld)\b/im;

/**
 * The monitor sits at the start of RAM, where the hart starts; payloads at 0x8020_0000, where firmware
 * enters them. A file is linked by the script its header names (`# Linker script: payload.ld`, in the first
 * lines), else by its own NAME.ld, else by its directory's link.ld, else at 0x8020_0000 as a payload.
 */
export function buildPlan(path: string, sources: FirmwareSources = FIRMWARE_SOURCES): BuildPlan {
  if (path.startsWith('monitor/')) return { textBase: RAM_BASE };
  const header = SCRIPT_LINE.exec((sources[path] ?? '').split('\n').slice(0, 10).join('\n'));
  const candidates = [
    header && normalize(dirOf(path) + header[1]),
    path.replace(/\.S$/, '.ld'),
    `${dirOf(path)}link.ld`,
  ];
  const script = candidates.find((c): c is string => typeof c === 'string' && c in sources);
  return script ? { textBase: PAYLOAD_BASE, linkerScript: script } : { textBase: PAYLOAD_BASE };
}

/** Assemble one firmware program by its path, as buildPlan says. */
export function assembleFirmwareFile(
  path: string,
  sources: FirmwareSources = FIRMWARE_SOURCES,
): AssembleResult {
  const text = sources[path];
  if (text === undefined) {
    return {
      errors: [{ file: path, line: 1, column: 1, message: `no firmware file '${path}'` }],
      sections: [],
      symbols: [],
    };
  }
  const plan = buildPlan(path, sources);
  const script = plan.linkerScript;
  return assemble(text, {
    file: path,
    textBase: plan.textBase,
    include: includeResolver(path, sources),
    ...(script ? { linkerScript: { text: sources[script], file: script } } : {}),
  });
}

/** The example programs' names ('hello' for examples/hello.S). */
export function exampleNames(sources: FirmwareSources = FIRMWARE_SOURCES): string[] {
  return programFiles(sources)
    .filter((p) => /^examples\/[^/]+\.S$/.test(p))
    .map((p) => baseName(p).replace(/\.S$/, ''));
}

/** Assemble examples/NAME.S (errors in the result, never thrown: the page shows them). */
export function assembleExample(name: string, sources: FirmwareSources = FIRMWARE_SOURCES): AssembleResult {
  return assembleFirmwareFile(`examples/${name}.S`, sources);
}

/** The monitor's files, keyed as emulator/firmware-boot.ts wants them (by file name). */
export function monitorSources(sources: FirmwareSources = FIRMWARE_SOURCES): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, text] of Object.entries(sources)) {
    if (path.startsWith('monitor/') && path.endsWith('.S')) out[baseName(path)] = text;
  }
  return out;
}

/** The SBI-like monitor assembled in the page, at 0x8000_0000. Throws with every error listed. */
export function assembleMonitorInBrowser(sources: FirmwareSources = FIRMWARE_SOURCES): ProgramImage {
  return assembleMonitor(monitorSources(sources));
}
