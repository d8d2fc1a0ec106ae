/**
 * The example programs (firmware/examples/*.S), bundled as text by src/firmware-sources.ts: the page
 * assembles them itself, with no toolchain and no fetch. Each example says in its header which linker script
 * places it (`# Linker script: payload.ld` for the S-mode payloads that need firmware below them); the
 * firmware and the hart options an example needs are derived here, so that picking it just works.
 */
import { buildPlan, exampleNames, FIRMWARE_SOURCES, programFiles } from '../../src/firmware-sources';
import type { AssembleRequest, FirmwareChoice, MachineOptions } from '../../src/worker/emulator-api';

/** The bare-metal layout: code at the start of RAM, then data, bss and a 16 KiB stack (stack_top). */
export const EXAMPLE_LINK_SCRIPT = { file: 'link.ld', text: FIRMWARE_SOURCES['examples/link.ld'] };
/** The S-mode payloads' layout: code at 0x8020_0000, where firmware enters S-mode. */
export const PAYLOAD_LINK_SCRIPT = { file: 'payload.ld', text: FIRMWARE_SOURCES['examples/payload.ld'] };

export const DEFAULT_MACHINE_OPTIONS: MachineOptions = { misalignedAccess: 'perform', timeCsr: 'provided' };

/**
 * Hart options an example is about: emulate.S shows the monitor emulating what the hart does not do, so it
 * runs with misaligned accesses trapped and without the time CSR (its header says so).
 */
const MACHINE_OPTIONS: Record<string, MachineOptions> = {
  'emulate.S': { misalignedAccess: 'trap', timeCsr: 'absent' },
};

export interface Example {
  /** File name, e.g. hello.S. */
  file: string;
  text: string;
  /** True for an S-mode payload: it needs firmware (the monitor, unless the user chose other firmware). */
  payload: boolean;
  machine: MachineOptions;
}

/**
 * Every file an example or the user's program may `.include` (firmware/examples/lib/*.S and the examples
 * themselves), under the names `.include` uses: `lib/sbi.S` and `sbi.S` alike.
 */
export const EXAMPLE_INCLUDES: Record<string, string> = (() => {
  const out: Record<string, string> = {};
  for (const [path, text] of Object.entries(FIRMWARE_SOURCES)) {
    if (!path.startsWith('examples/') || !path.endsWith('.S')) continue;
    const name = path.slice('examples/'.length);
    out[name] = text;
    out[name.replace(/^.*\//, '')] ??= text;
  }
  return out;
})();

const programs = new Set(programFiles());
export const EXAMPLES: readonly Example[] = exampleNames()
  .map((name) => `examples/${name}.S`)
  .filter((path) => programs.has(path))
  .map((path) => {
    const file = path.replace(/^.*\//, '');
    return {
      file,
      text: FIRMWARE_SOURCES[path],
      payload: buildPlan(path).linkerScript === 'examples/payload.ld',
      machine: MACHINE_OPTIONS[file] ?? DEFAULT_MACHINE_OPTIONS,
    };
  })
  .sort((a, b) => (a.file === 'hello.S' ? -1 : b.file === 'hello.S' ? 1 : a.file.localeCompare(b.file)));

/** Whether a program's header asks for the payload layout (`# Linker script: payload.ld`). */
export const wantsPayloadLayout = (text: string): boolean =>
  /^#\s*Linker script:\s*payload\.ld/m.test(text.split('\n').slice(0, 10).join('\n'));

/**
 * What to ask the worker to assemble: the text with the examples' includes, placed by the layout its header
 * names, else by the firmware choice (bare metal at the start of RAM, a payload where firmware enters it).
 */
export function assembleRequest(
  file: string,
  text: string,
  firmware: FirmwareChoice['kind'],
): AssembleRequest {
  const payload = wantsPayloadLayout(text) || firmware !== 'bare';
  return {
    text,
    file,
    includes: EXAMPLE_INCLUDES,
    linkerScript: payload ? PAYLOAD_LINK_SCRIPT : EXAMPLE_LINK_SCRIPT,
  };
}
