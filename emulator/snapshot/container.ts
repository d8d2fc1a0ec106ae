import { MAX_RAM_SIZE } from '../board/memory-map';
import { crc32 } from './crc32';

/**
 * The snapshot file's container: a fixed header, then a body made of tagged sections.
 *
 *   header (20 bytes, little-endian)
 *     0  'HSNP'        magic
 *     4  u16 version   SNAPSHOT_VERSION; a reader refuses a newer one
 *     6  u16 flags     bit 0: the body is compressed (deflate-raw, RFC 1951)
 *     8  u32 length    of the body once decompressed
 *    12  u32 stored    bytes of body that follow the header (equal to length when not compressed)
 *    16  u32 crc32     of those stored bytes
 *   body: sections, each
 *     0  4 ASCII bytes tag ('CONF', 'HART', 'RAM ', ...)
 *     4  u32 length
 *     8  u32 crc32     of the section's data
 *    12  data
 *
 * The whole-body checksum catches damage before anything is decompressed or parsed; the per-section ones
 * say which part of a decompressed body is wrong (which only a bug in a writer can cause).
 */
export const SNAPSHOT_MAGIC = 'HSNP';
export const SNAPSHOT_VERSION = 1;
export const HEADER_SIZE = 20;
export const FLAG_DEFLATE = 1;
const KNOWN_FLAGS = FLAG_DEFLATE;
const SECTION_HEADER_SIZE = 12;

/**
 * The most body a snapshot may announce: all of the largest RAM plus generous room for the rest (the image's
 * segments and source map, device state). Anything larger is not a snapshot this program wrote.
 */
export const MAX_BODY_LENGTH = MAX_RAM_SIZE + 256 * 1024 * 1024;

/** Why a snapshot was refused, in a few words a program can test and a sentence a user can read. */
export type SnapshotErrorKind =
  | 'not-a-snapshot'
  | 'version'
  | 'truncated'
  | 'damaged'
  | 'out-of-range'
  | 'machine-mismatch'
  | 'unsupported';

export class SnapshotError extends Error {
  override name = 'SnapshotError';
  constructor(
    readonly kind: SnapshotErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export interface SnapshotHeader {
  version: number;
  flags: number;
  length: number;
  stored: number;
  crc: number;
}

const hex32 = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;
const view = (b: Uint8Array): DataView => new DataView(b.buffer, b.byteOffset, b.byteLength);

/** Header + body: a whole file. `length` is the body's decompressed length. */
export function writeContainer(flags: number, length: number, stored: Uint8Array): Uint8Array {
  const file = new Uint8Array(HEADER_SIZE + stored.length);
  for (let i = 0; i < 4; i++) file[i] = SNAPSHOT_MAGIC.charCodeAt(i);
  const v = view(file);
  v.setUint16(4, SNAPSHOT_VERSION, true);
  v.setUint16(6, flags, true);
  v.setUint32(8, length, true);
  v.setUint32(12, stored.length, true);
  v.setUint32(16, crc32(stored), true);
  file.set(stored, HEADER_SIZE);
  return file;
}

/** Check the header and the body's checksum; returns the header and the stored body (a view, not a copy). */
export function readContainer(file: Uint8Array): { header: SnapshotHeader; stored: Uint8Array } {
  if (file.length < 4 || String.fromCharCode(...file.subarray(0, 4)) !== SNAPSHOT_MAGIC) {
    const start = Array.from(file.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new SnapshotError(
      'not-a-snapshot',
      `not a hartscope snapshot: it starts with ${start || 'nothing'} instead of '${SNAPSHOT_MAGIC}'`,
    );
  }
  if (file.length < HEADER_SIZE) {
    throw new SnapshotError(
      'truncated',
      `truncated: the snapshot has ${file.length} bytes, less than its ${HEADER_SIZE}-byte header`,
    );
  }
  const v = view(file);
  const header: SnapshotHeader = {
    version: v.getUint16(4, true),
    flags: v.getUint16(6, true),
    length: v.getUint32(8, true),
    stored: v.getUint32(12, true),
    crc: v.getUint32(16, true),
  };
  if (header.version > SNAPSHOT_VERSION) {
    throw new SnapshotError(
      'version',
      `the snapshot's format is version ${header.version}, newer than this hartscope reads ` +
        `(version ${SNAPSHOT_VERSION}): open it with a newer hartscope`,
    );
  }
  if (header.version < 1)
    throw new SnapshotError('version', `unknown snapshot format version ${header.version}`);
  if (header.flags & ~KNOWN_FLAGS) {
    throw new SnapshotError(
      'unsupported',
      `the snapshot uses unknown flags (0x${header.flags.toString(16)})`,
    );
  }
  const present = file.length - HEADER_SIZE;
  if (header.stored > present) {
    throw new SnapshotError(
      'truncated',
      `truncated: the header announces ${header.stored} bytes of data, the file holds ${present}`,
    );
  }
  if (header.stored < present) {
    throw new SnapshotError(
      'damaged',
      `damaged: ${present - header.stored} unexpected bytes follow the ${header.stored} the header announces`,
    );
  }
  if (
    header.length > MAX_BODY_LENGTH ||
    (!(header.flags & FLAG_DEFLATE) && header.length !== header.stored)
  ) {
    throw new SnapshotError(
      'out-of-range',
      `damaged: the header announces ${header.length} bytes of state, which cannot be right ` +
        `(${header.stored} stored, at most ${MAX_BODY_LENGTH} allowed)`,
    );
  }
  const stored = file.subarray(HEADER_SIZE);
  const crc = crc32(stored);
  if (crc !== header.crc) {
    throw new SnapshotError(
      'damaged',
      `damaged: the data's checksum is ${hex32(crc)}, the header says ${hex32(header.crc)}`,
    );
  }
  return { header, stored };
}

/** Sections in order, each a 4-character tag and its bytes. */
export function writeSections(sections: readonly (readonly [string, Uint8Array])[]): Uint8Array {
  const total = sections.reduce((n, [, data]) => n + SECTION_HEADER_SIZE + data.length, 0);
  const body = new Uint8Array(total);
  const v = view(body);
  let at = 0;
  for (const [tag, data] of sections) {
    if (tag.length !== 4) throw new Error(`section tag '${tag}' is not 4 characters`);
    for (let i = 0; i < 4; i++) body[at + i] = tag.charCodeAt(i);
    v.setUint32(at + 4, data.length, true);
    v.setUint32(at + 8, crc32(data), true);
    body.set(data, at + SECTION_HEADER_SIZE);
    at += SECTION_HEADER_SIZE + data.length;
  }
  return body;
}

/** The sections of a body, by tag; each must be known, present once and intact. */
export function readSections(body: Uint8Array, known: readonly string[]): Map<string, Uint8Array> {
  const sections = new Map<string, Uint8Array>();
  const v = view(body);
  let at = 0;
  while (at < body.length) {
    if (body.length - at < SECTION_HEADER_SIZE) {
      throw new SnapshotError('truncated', `truncated: a section header at byte ${at} is cut short`);
    }
    const tag = String.fromCharCode(...body.subarray(at, at + 4));
    const length = v.getUint32(at + 4, true);
    const crc = v.getUint32(at + 8, true);
    const start = at + SECTION_HEADER_SIZE;
    if (length > body.length - start) {
      throw new SnapshotError(
        'truncated',
        `truncated: section '${tag}' announces ${length} bytes, only ${body.length - start} follow`,
      );
    }
    if (!known.includes(tag))
      throw new SnapshotError('unsupported', `unknown section '${tag}' in the snapshot`);
    if (sections.has(tag)) throw new SnapshotError('damaged', `damaged: section '${tag}' appears twice`);
    const data = body.subarray(start, start + length);
    if (crc32(data) !== crc)
      throw new SnapshotError('damaged', `damaged: section '${tag}' fails its checksum`);
    sections.set(tag, data);
    at = start + length;
  }
  for (const tag of known) {
    if (!sections.has(tag))
      throw new SnapshotError('damaged', `damaged: the snapshot has no '${tag}' section`);
  }
  return sections;
}
