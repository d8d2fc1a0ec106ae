import { Machine, type MachineConfig } from '../machine';
import {
  FLAG_DEFLATE,
  readContainer,
  readSections,
  SnapshotError,
  writeContainer,
  writeSections,
} from './container';
import { checkImage, captureImage } from './image-state';
import { count, jsonBytes, parseJson, record } from './json';
import { loadedImage } from './machine-access';
import {
  applyDevices,
  applyHart,
  captureDevices,
  captureHart,
  checkDevices,
  checkHart,
} from './machine-state';
import { applyRam, captureRam, checkRam, PAGE_SIZE } from './ram-state';

/**
 * Snapshots of a whole machine: hart, CSRs, devices, RAM, and the program it was loaded with, in the
 * container of container.ts. saveSnapshot/restoreSnapshot work on uncompressed bytes and are synchronous;
 * compress.ts turns those into the (compressed) file and back.
 *
 * Sections, in this order:
 *   CONF  JSON: RAM size and the hart's options (a snapshot restores only into a machine configured alike)
 *   HART  JSON: machine-state.ts HartState
 *   DEVS  JSON: machine-state.ts DevicesState
 *   IMAG  JSON: the program image without its bytes (image-state.ts)
 *   SEGD  the image's segment bytes
 *   RAM   the non-zero RAM pages (ram-state.ts)
 */
const SECTIONS = ['CONF', 'HART', 'DEVS', 'IMAG', 'SEGD', 'RAM '] as const;

interface ConfigState {
  ramSize: number;
  /** The hart's options (HartConfig without the hart id): every one changes how the guest runs. */
  options: Record<string, unknown>;
}

/**
 * The options that change how the guest runs, named as in MachineConfig: the hart's (HartConfig without the
 * hart id) and who serves SBI calls. The engine is left out: both engines give the same results.
 */
function machineOptions(m: Machine): Record<string, unknown> {
  const { hartId: _hartId, ...options } = m.hart.config;
  return { ...options, sbi: m.hostSbi !== null ? 'host' : 'none' };
}

export function saveSnapshot(m: Machine): Uint8Array {
  const config: ConfigState = { ramSize: m.ramSize, options: machineOptions(m) };
  const image = captureImage(loadedImage(m));
  const body = writeSections([
    ['CONF', jsonBytes(config)],
    ['HART', jsonBytes(captureHart(m.hart))],
    ['DEVS', jsonBytes(captureDevices(m))],
    ['IMAG', jsonBytes(image.meta)],
    ['SEGD', image.data],
    ['RAM ', captureRam(m.ram)],
  ]);
  return writeContainer(0, body.length, body);
}

/** The sections of an uncompressed snapshot, checked as far as they can be without a machine. */
function openSnapshot(bytes: Uint8Array): { sections: Map<string, Uint8Array>; config: ConfigState } {
  const { header, stored } = readContainer(bytes);
  if (header.flags & FLAG_DEFLATE) {
    throw new SnapshotError('unsupported', 'the snapshot is compressed: decode it with decodeSnapshot first');
  }
  const sections = readSections(stored, SECTIONS);
  const c = record(parseJson(sections.get('CONF') as Uint8Array, 'CONF'), 'the configuration');
  const config: ConfigState = {
    ramSize: count(c.ramSize, 'the RAM size'),
    options: record(c.options, 'the machine options'),
  };
  return { sections, config };
}

const mib = (bytes: number): string => `${bytes / 1048576} MiB`;
const sameOptions = (a: Record<string, unknown>, b: Record<string, unknown>): boolean => {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]));
};

/**
 * Put the machine in the state a snapshot holds. Everything in the snapshot is checked first; a damaged,
 * truncated or foreign snapshot, or one from a machine configured otherwise, is refused with a
 * SnapshotError saying why, and the machine is left exactly as it was.
 */
export function restoreSnapshot(m: Machine, bytes: Uint8Array): void {
  const { sections, config } = openSnapshot(bytes);
  if (config.ramSize !== m.ramSize) {
    throw new SnapshotError(
      'machine-mismatch',
      `the snapshot is of a machine with ${mib(config.ramSize)} of RAM; this one has ${mib(m.ramSize)}`,
    );
  }
  const options = machineOptions(m);
  if (!sameOptions(config.options, options)) {
    throw new SnapshotError(
      'machine-mismatch',
      `the snapshot is of a machine with options ${JSON.stringify(config.options)}; ` +
        `this one has ${JSON.stringify(options)}`,
    );
  }
  const get = (tag: (typeof SECTIONS)[number]): Uint8Array => sections.get(tag) as Uint8Array;
  const image = checkImage(parseJson(get('IMAG'), 'IMAG'), get('SEGD'), m.ramSize);
  const hart = checkHart(parseJson(get('HART'), 'HART'));
  const ram = checkRam(get('RAM '), m.ramSize);
  const htifSize = htifSizeFor(image);
  const devices = checkDevices(parseJson(get('DEVS'), 'DEVS'), m, htifSize);

  // Everything is checked: from here on nothing can fail. Loading the image maps HTIF as the snapshot's
  // program needs it (and makes a later reset reload that program); then every piece of state is replaced.
  m.load(image);
  applyRam(m.ram, ram);
  applyHart(m.hart, hart);
  applyDevices(m, devices, hart.mipHardware);
  // RAM changed behind the translator's back, and the next run should start with the exact checks.
  m.invalidateCode();
  m.hart.slowPath = true;
}

/**
 * The size of the HTIF device Machine.load maps for an image (null: none). It mirrors Machine.mapHtif,
 * so that the HTIF state can be checked before load is called.
 */
function htifSizeFor(image: { symbols: { name: string; address: number }[] }): number | null {
  const tohost = image.symbols.find((s) => s.name === 'tohost');
  if (!tohost) return null;
  const fromhost = image.symbols.find((s) => s.name === 'fromhost');
  const gap = fromhost ? fromhost.address - tohost.address : null;
  return gap !== null && gap >= 8 && gap % 8 === 0 && gap <= 4096 ? gap + 8 : 8;
}

/** A new machine configured as the snapshot's was, in the snapshot's state. */
export function machineFromSnapshot(bytes: Uint8Array): Machine {
  const { config } = openSnapshot(bytes);
  let m: Machine;
  try {
    m = new Machine({ ...config.options, ramSize: config.ramSize } as MachineConfig);
  } catch (e) {
    throw new SnapshotError(
      'out-of-range',
      `the snapshot's machine cannot be built: ${(e as Error).message}`,
    );
  }
  restoreSnapshot(m, bytes);
  return m;
}

export interface SnapshotInfo {
  ramSize: number;
  steps: number;
  instret: number;
  /** RAM pages stored (the others are all zero). */
  pages: number;
  /** Bytes of state, uncompressed. */
  length: number;
}

/** What a (decoded) snapshot holds, for the page to show next to the RAM size. */
export function snapshotInfo(bytes: Uint8Array): SnapshotInfo {
  const { sections, config } = openSnapshot(bytes);
  const hart = checkHart(parseJson(sections.get('HART') as Uint8Array, 'HART'));
  const ram = checkRam(sections.get('RAM ') as Uint8Array, config.ramSize);
  return {
    ramSize: config.ramSize,
    steps: hart.steps,
    instret: hart.instret,
    pages: ram.indices.length,
    length: bytes.length,
  };
}

export { PAGE_SIZE, SnapshotError };
