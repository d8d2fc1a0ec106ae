/**
 * Packing a share link's bytes: raw DEFLATE (RFC 1951) through the browser's CompressionStream
 * ('deflate-raw': no zlib or gzip header, the smallest output), a CRC-32 to tell a damaged link from a good
 * one (raw DEFLATE has no checksum of its own), and an inflater that stops at a byte limit, so that a link
 * made to unpack to gigabytes (a "zip bomb") costs a fraction of a second and about one limit of memory.
 */

/** CRC-32 as in zlib, gzip and PNG (reflected polynomial 0xEDB88320, initial and final XOR 0xFFFFFFFF). */
const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Whether this browser can make or read raw DEFLATE streams (Chromium 103+, Firefox 113+, Safari 16.4+, Node 20). */
export function hasDeflateRaw(kind: 'compress' | 'decompress'): boolean {
  try {
    if (kind === 'compress') new CompressionStream('deflate-raw');
    else new DecompressionStream('deflate-raw');
    return true;
  } catch {
    return false; // no such class (ReferenceError), or no such format (TypeError)
  }
}

export async function deflateRaw(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export type InflateResult =
  | { ok: true; bytes: Uint8Array }
  /** The stream unpacked to more than the limit; unpacking stopped there. */
  | { ok: false; kind: 'limit' }
  /** The stream is not valid DEFLATE, or ends before its last block (the engine's words in `message`). */
  | { ok: false; kind: 'invalid'; message: string };

/**
 * The compressed bytes go in this many at a time. An engine inflates a whole input chunk before it looks at
 * its reader again, and DEFLATE expands at most 1032:1, so each chunk adds at most about 1 MiB past the limit.
 */
const INPUT_CHUNK = 1024;

/** Inflates raw DEFLATE, giving up as soon as the output passes `limit` bytes. */
export async function inflateRawLimited(packed: Uint8Array, limit: number): Promise<InflateResult> {
  const stream = new DecompressionStream('deflate-raw');
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  // Feeding and reading run together: the stream holds back a write until its output is read.
  const feeding = (async () => {
    for (let i = 0; i < packed.length; i += INPUT_CHUNK) await writer.write(packed.slice(i, i + INPUT_CHUNK));
    await writer.close();
  })();
  feeding.catch(() => {}); // its failure is the reader's failure too, and is reported from there
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > limit) {
        await reader.cancel().catch(() => {});
        return { ok: false, kind: 'limit' };
      }
      chunks.push(value);
    }
  } catch (e) {
    return { ok: false, kind: 'invalid', message: e instanceof Error ? e.message : String(e) };
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return { ok: true, bytes: out };
}
