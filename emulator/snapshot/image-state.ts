import { RAM_BASE } from '../board/memory-map';
import type { ImageSymbol, ProgramImage, Segment, SourceLocation } from '../image';
import { SnapshotError } from './container';
import { array, boolean, count, integer, record, string } from './json';

/**
 * The loaded program image (the 'IMAG' section, JSON, and 'SEGD', the segments' bytes one after another).
 * A snapshot carries it so that a fresh machine can be restored from the file alone: reset then reloads the
 * same program, HTIF is mapped at the same `tohost`, and the UI shows the same symbols and source lines.
 */
interface ImageMeta {
  entry: number;
  segments: { address: number; memSize: number; length: number; flags: Segment['flags'] }[];
  symbols: ImageSymbol[];
  /** Source file names, once each; sourceMap entries refer to them by index. */
  files: string[];
  /** [address, file index, line, column] */
  sourceMap: [number, number, number, number][];
}

const EMPTY_IMAGE: ProgramImage = { entry: 0, segments: [], symbols: [], sourceMap: new Map() };

export function captureImage(image: ProgramImage | null): { meta: ImageMeta; data: Uint8Array } {
  const img = image ?? EMPTY_IMAGE;
  const files: string[] = [];
  const fileIndex = new Map<string, number>();
  const sourceMap: ImageMeta['sourceMap'] = [];
  for (const [address, loc] of img.sourceMap) {
    let i = fileIndex.get(loc.file);
    if (i === undefined) {
      i = files.push(loc.file) - 1;
      fileIndex.set(loc.file, i);
    }
    sourceMap.push([address, i, loc.line, loc.column]);
  }
  const data = new Uint8Array(img.segments.reduce((n, s) => n + s.data.length, 0));
  let at = 0;
  for (const s of img.segments) {
    data.set(s.data, at);
    at += s.data.length;
  }
  const meta: ImageMeta = {
    entry: img.entry,
    segments: img.segments.map((s) => ({
      address: s.address,
      memSize: s.memSize,
      length: s.data.length,
      flags: { ...s.flags },
    })),
    symbols: img.symbols.map((s) => ({ ...s })),
    files,
    sourceMap,
  };
  return { meta, data };
}

const KINDS: readonly ImageSymbol['kind'][] = ['function', 'object', 'label'];
const ADDRESS_MAX = 2 ** 32 - 1;

/** Rebuild the image, checking that every segment lies in this RAM (as Machine.load would, but first). */
export function checkImage(value: unknown, data: Uint8Array, ramSize: number): ProgramImage {
  const v = record(value, 'the program image');
  const entry = integer(v.entry, 'the entry point', 0, ADDRESS_MAX);
  let at = 0;
  const segments = array(v.segments, 'the segments').map((x, i): Segment => {
    const s = record(x, `segment ${i}`);
    const flags = record(s.flags, `segment ${i}'s flags`);
    const address = integer(s.address, `segment ${i}'s address`, RAM_BASE, ADDRESS_MAX);
    const length = integer(s.length, `segment ${i}'s length`, 0, data.length - at);
    const memSize = count(s.memSize, `segment ${i}'s size`);
    if (address + Math.max(memSize, length) > RAM_BASE + ramSize) {
      throw new SnapshotError('out-of-range', `damaged: segment ${i} lies outside this machine's RAM`);
    }
    const segment: Segment = {
      address,
      data: data.slice(at, at + length),
      memSize,
      flags: {
        read: boolean(flags.read, 'a segment flag'),
        write: boolean(flags.write, 'a segment flag'),
        execute: boolean(flags.execute, 'a segment flag'),
      },
    };
    at += length;
    return segment;
  });
  if (at !== data.length) {
    throw new SnapshotError(
      'damaged',
      `damaged: ${data.length - at} bytes of segment data belong to no segment`,
    );
  }
  const symbols = array(v.symbols, 'the symbols').map((x, i): ImageSymbol => {
    const s = record(x, `symbol ${i}`);
    const kind = string(s.kind, `symbol ${i}'s kind`) as ImageSymbol['kind'];
    if (!KINDS.includes(kind)) throw new SnapshotError('damaged', `damaged: symbol ${i} has kind '${kind}'`);
    return {
      name: string(s.name, `symbol ${i}'s name`),
      address: integer(s.address, `symbol ${i}'s address`, 0, Number.MAX_SAFE_INTEGER),
      size: count(s.size, `symbol ${i}'s size`),
      kind,
    };
  });
  const files = array(v.files, 'the source files').map((f, i) => string(f, `source file ${i}`));
  const sourceMap = new Map<number, SourceLocation>();
  for (const [i, x] of array(v.sourceMap, 'the source map').entries()) {
    const e = array(x, `source map entry ${i}`, 4);
    const file = files[integer(e[1], `source map entry ${i}`, 0, files.length - 1)];
    sourceMap.set(integer(e[0], `source map entry ${i}`, 0, Number.MAX_SAFE_INTEGER), {
      file,
      line: count(e[2], `source map entry ${i}`),
      column: count(e[3], `source map entry ${i}`),
    });
  }
  return { entry, segments, symbols, sourceMap };
}
