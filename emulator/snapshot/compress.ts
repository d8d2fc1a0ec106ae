import { FLAG_DEFLATE, readContainer, SnapshotError, writeContainer } from './container';
import type { Machine } from '../machine';
import { restoreSnapshot, saveSnapshot } from './snapshot';

/**
 * The snapshot file: the container with its body compressed (deflate-raw) where the platform offers
 * CompressionStream (browsers; Node 18 and later as a global), stored uncompressed with the flag clear where
 * it does not. emulator/ compiles against ES2022 alone, which does not declare the streams API, so the few
 * members used are declared here and looked up on globalThis.
 */
interface ByteTransform {
  readonly writable: { getWriter(): { write(chunk: Uint8Array): Promise<void>; close(): Promise<void> } };
  readonly readable: {
    getReader(): {
      read(): Promise<{ done: boolean; value?: Uint8Array }>;
      cancel(): Promise<void>;
    };
  };
}
type TransformConstructor = new (format: 'deflate-raw') => ByteTransform;

const streams = globalThis as unknown as {
  CompressionStream?: TransformConstructor;
  DecompressionStream?: TransformConstructor;
};

/** Push `input` through a transform and collect at most `limit` bytes of output (more is an error). */
async function pump(transform: ByteTransform, input: Uint8Array, limit: number): Promise<Uint8Array> {
  const writer = transform.writable.getWriter();
  // Written while the output is read: a transform holds only a little, and a large input would stall.
  const written = writer.write(input).then(() => writer.close());
  written.catch(() => undefined); // a failure surfaces through the reader as well
  const reader = transform.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!value) continue;
    total += value.length;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw new RangeError(`more than ${limit} bytes`);
    }
    chunks.push(value);
  }
  await written;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Whether encodeSnapshot compresses here. */
export const canCompress = (): boolean => typeof streams.CompressionStream === 'function';

/** Turn saveSnapshot's bytes into the file's bytes (compressed when the platform can). */
export async function encodeSnapshot(snapshot: Uint8Array): Promise<Uint8Array> {
  const { header, stored } = readContainer(snapshot);
  const Compression = streams.CompressionStream;
  if (header.flags & FLAG_DEFLATE || Compression === undefined) return snapshot;
  const compressed = await pump(new Compression('deflate-raw'), stored, Number.MAX_SAFE_INTEGER);
  return writeContainer(header.flags | FLAG_DEFLATE, stored.length, compressed);
}

/**
 * Turn a file's bytes into the bytes restoreSnapshot takes: checked (magic, version, length, checksum),
 * decompressed if need be. Throws a SnapshotError that says what is wrong with the file.
 */
export async function decodeSnapshot(file: Uint8Array): Promise<Uint8Array> {
  const { header, stored } = readContainer(file);
  if (!(header.flags & FLAG_DEFLATE)) return file;
  const Decompression = streams.DecompressionStream;
  if (Decompression === undefined) {
    throw new SnapshotError(
      'unsupported',
      'the snapshot is compressed, and this platform has no DecompressionStream to decompress it',
    );
  }
  let body: Uint8Array;
  try {
    body = await pump(new Decompression('deflate-raw'), stored, header.length);
  } catch {
    throw new SnapshotError('damaged', 'damaged: the compressed data does not decompress');
  }
  if (body.length !== header.length) {
    throw new SnapshotError(
      'damaged',
      `damaged: the data decompresses to ${body.length} bytes, the header says ${header.length}`,
    );
  }
  return writeContainer(header.flags & ~FLAG_DEFLATE, body.length, body);
}

/** saveSnapshot, encoded as a file. */
export async function saveSnapshotFile(m: Machine): Promise<Uint8Array> {
  return encodeSnapshot(saveSnapshot(m));
}

/** restoreSnapshot from a file's bytes; the machine is untouched when the file is refused. */
export async function restoreSnapshotFile(m: Machine, file: Uint8Array): Promise<void> {
  restoreSnapshot(m, await decodeSnapshot(file));
}
