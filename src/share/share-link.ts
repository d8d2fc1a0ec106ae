/**
 * Share links: the program in the editor (its text and file name) and the firmware choice, carried in the
 * URL fragment, so a student can send a program as a link and nothing reaches a server (a browser never
 * sends the fragment in a request). Opening a link only fills the editor; nothing runs until Run is pressed.
 *
 * The fragment is `#v1/` and then base64url of:
 *
 *   offset  size  field
 *   0       1     packing: 0 = stored, 1 = raw DEFLATE (CompressionStream 'deflate-raw')
 *   1       4     length of the packed body, bytes, little-endian
 *   5       4     length of the unpacked body, bytes, little-endian (at most MAX_UNPACKED_BYTES)
 *   9       4     CRC-32 of the unpacked body
 *   13      ...   the body: UTF-8 JSON {"file": string, "firmware": "bare"|"monitor"|"host", "text": string}
 *
 * The two lengths tell a link that was cut short from one that was altered; the CRC catches the rest (raw
 * DEFLATE has no checksum). A later format gets a new `vN/` prefix; this version reads only v1.
 */
import type { FirmwareChoice } from '../worker/emulator-api';
import { decodeBase64Url, encodeBase64Url } from './base64url';
import { crc32, deflateRaw, hasDeflateRaw, inflateRawLimited } from './packing';
import { parseBody, validFileName } from './share-body';

/** The firmware choices a link can carry: a firmware *file* lives on the sender's disk, not in the link. */
export type ShareFirmware = Exclude<FirmwareChoice['kind'], 'file'>;
export { SHARE_FIRMWARES } from './share-body';

export interface ShareState {
  /** The editor's file name, e.g. `hello.S` (no folders). */
  file: string;
  /** The editor's text. */
  text: string;
  firmware: ShareFirmware;
}

/** What the page has when the user asks for a link: its firmware may be a file, which is refused. */
export interface ShareRequest {
  file: string;
  text: string;
  firmware: FirmwareChoice['kind'];
}

export type ShareDecodeResult =
  { ok: true; state: ShareState } | { ok: false; reason: ShareErrorReason; error: string };

export type ShareErrorReason =
  | 'not-a-link' // no `vN/` at the start: not one of ours
  | 'version' // a `vN/` this version does not read
  | 'characters' // a character that base64url does not use
  | 'truncated' // cut short when copied
  | 'damaged' // altered: fails its checksum, does not unpack, or unpacks to something else than a program
  | 'too-large' // unpacks to more than MAX_UNPACKED_BYTES, or the fragment itself is absurdly long
  | 'unsupported'; // this browser cannot unpack DEFLATE

/** The version this code writes and reads. */
export const SHARE_VERSION = 1;
/** A link whose program unpacks to more than this is refused unread (a link is for a page of assembly). */
export const MAX_UNPACKED_BYTES = 1 << 20;
/** Links longer than this are not made: some mail and chat programs cut or refuse longer URLs. */
export const MAX_LINK_CHARS = 64 * 1024;
/** Fragments longer than this are refused before decoding (Chromium's own URL limit is 2 MiB). */
export const MAX_FRAGMENT_CHARS = 2 * 1024 * 1024;

const HEADER_BYTES = 13;
const STORED = 0;
const DEFLATE_RAW = 1;
const PREFIX = `v${SHARE_VERSION}/`;

/** Why a link could not be made; `message` is meant for the user. */
export class ShareLinkError extends Error {
  override name = 'ShareLinkError';
}

/** The reason a link cannot be made for this request without encoding anything, or null if it can be tried. */
export function shareRefusal(request: ShareRequest): string | null {
  if (request.firmware === 'file') {
    return (
      'a share link cannot carry a firmware file (it is on your disk, not in the page): choose bare, ' +
      'the hartscope monitor or host SBI, or send the firmware file along with the link'
    );
  }
  if (!validFileName(request.file)) {
    return `the file name ${JSON.stringify(request.file.slice(0, 80))} cannot go in a link (1..255 characters, no folders or control characters)`;
  }
  return null;
}

/**
 * Makes a link to `baseUrl` (its own fragment, if any, replaced) that opens `request` in the editor.
 * Throws ShareLinkError, with a message for the user, for a firmware file, a bad file name, or a link that
 * would be longer than MAX_LINK_CHARS. `compress: false` makes a stored link (what a browser without
 * CompressionStream makes; tests use it).
 */
export async function encodeShareLink(
  request: ShareRequest,
  baseUrl: string,
  options: { compress?: boolean } = {},
): Promise<string> {
  const refusal = shareRefusal(request);
  if (refusal) throw new ShareLinkError(refusal);
  const body = new TextEncoder().encode(
    JSON.stringify({ file: request.file, firmware: request.firmware, text: request.text }),
  );
  if (body.length > MAX_UNPACKED_BYTES) {
    throw new ShareLinkError(
      `the program is ${formatBytes(body.length)}, too big for a share link (at most ${formatBytes(MAX_UNPACKED_BYTES)}): save it as a file and send the file instead`,
    );
  }
  let method = STORED;
  let packed: Uint8Array = body;
  if (options.compress !== false && hasDeflateRaw('compress')) {
    const deflated = await deflateRaw(body);
    if (deflated.length < body.length) [method, packed] = [DEFLATE_RAW, deflated];
  }
  const bytes = new Uint8Array(HEADER_BYTES + packed.length);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, method);
  view.setUint32(1, packed.length, true);
  view.setUint32(5, body.length, true);
  view.setUint32(9, crc32(body), true);
  bytes.set(packed, HEADER_BYTES);
  const url = new URL(baseUrl);
  url.hash = '';
  const link = `${url.href.replace(/#$/, '')}#${PREFIX}${encodeBase64Url(bytes)}`;
  if (link.length > MAX_LINK_CHARS) {
    throw new ShareLinkError(
      `the link would be ${link.length.toLocaleString('en')} characters, over the ${MAX_LINK_CHARS.toLocaleString('en')} ` +
        'that mail and chat programs carry reliably: save the program as a file and send the file instead',
    );
  }
  return link;
}

/**
 * Reads a link's fragment (with or without its `#`) back into the program it carries. Never throws, and
 * never unpacks more than MAX_UNPACKED_BYTES however the link was made.
 */
export async function decodeShareLink(fragment: string): Promise<ShareDecodeResult> {
  try {
    return await decode(fragment.startsWith('#') ? fragment.slice(1) : fragment);
  } catch (e) {
    // Not expected (every failure above is a result); kept so that a link can never break the page.
    return fail(
      'damaged',
      `this share link could not be read (${e instanceof Error ? e.message : String(e)})`,
    );
  }
}

/**
 * The share link in the page's own address, if it has one: null when the fragment is not meant as a share
 * link (empty, or not `#v` and a digit), else what decodeShareLink makes of it. It only reads: the caller
 * puts the program in the editor and runs nothing.
 */
export async function readShareFromLocation(
  location: Pick<Location, 'hash'> = globalThis.location,
): Promise<ShareDecodeResult | null> {
  if (!isShareFragment(location.hash)) return null;
  return decodeShareLink(location.hash);
}

/**
 * Removes the share link from the address bar without reloading or adding a history entry, once the page
 * has put its program in the editor: a reload then keeps the user's edits (saved by the editor) instead of
 * opening the link again over them.
 */
export function forgetShareInLocation(): void {
  if (!isShareFragment(location.hash)) return;
  history.replaceState(history.state, '', location.pathname + location.search);
}

/** Whether a fragment is meant as a share link (`#v` and a digit), damaged or not. */
export function isShareFragment(hash: string): boolean {
  return /^#?v[0-9]/.test(hash);
}

async function decode(fragment: string): Promise<ShareDecodeResult> {
  const version = /^v([0-9]+)\//.exec(fragment);
  if (!version) {
    return fail(
      'not-a-link',
      `this is not a hartscope share link (its part after # should start with ${PREFIX})`,
    );
  }
  if (version[1] !== String(SHARE_VERSION)) {
    return fail(
      'version',
      `this share link is in format v${version[1].slice(0, 12)}, and this version of hartscope reads only ` +
        `v${SHARE_VERSION} links: open it with the hartscope that made it`,
    );
  }
  const text = fragment.slice(version[0].length);
  if (text.length > MAX_FRAGMENT_CHARS) {
    return fail(
      'too-large',
      `this share link is ${text.length.toLocaleString('en')} characters long, far longer than any link hartscope makes`,
    );
  }
  const decoded = decodeBase64Url(text);
  if (!decoded.ok) {
    if (decoded.kind === 'length') return fail('truncated', cutShort());
    return fail(
      'characters',
      `this share link is damaged: character ${decoded.index + 1 + version[0].length} after the # is ` +
        `${JSON.stringify(decoded.char)}, which a share link never contains (was it edited, or joined to other text?)`,
    );
  }
  const bytes = decoded.bytes;
  if (bytes.length < HEADER_BYTES) return fail('truncated', cutShort());
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const method = view.getUint8(0);
  const packedLength = view.getUint32(1, true);
  const unpackedLength = view.getUint32(5, true);
  const packed = bytes.subarray(HEADER_BYTES);
  if (method !== STORED && method !== DEFLATE_RAW)
    return fail('damaged', damaged(`unknown packing ${method}`));
  if (unpackedLength > MAX_UNPACKED_BYTES) return fail('too-large', tooLarge(formatBytes(unpackedLength)));
  if (packed.length < packedLength) {
    return fail('truncated', cutShort(` (it holds ${packed.length} of its ${packedLength} bytes)`));
  }
  if (packed.length > packedLength) {
    return fail('damaged', damaged(`${packed.length - packedLength} bytes more than it should have`));
  }
  let body = packed;
  if (method === DEFLATE_RAW) {
    if (!hasDeflateRaw('decompress')) {
      return fail(
        'unsupported',
        'this browser cannot unpack share links (it has no DecompressionStream for deflate-raw): open the link in a current Chromium, Firefox or Safari',
      );
    }
    // Stop one byte past the stated length: enough to know it lied, never more than the cap.
    const inflated = await inflateRawLimited(packed, unpackedLength);
    if (!inflated.ok) {
      if (inflated.kind === 'limit') {
        return fail(
          'damaged',
          damaged(`it unpacks to more than the ${formatBytes(unpackedLength)} it states`),
        );
      }
      return fail('damaged', damaged(`it does not unpack: ${inflated.message}`));
    }
    body = inflated.bytes;
  }
  if (body.length !== unpackedLength) {
    return fail(
      'damaged',
      damaged(`it unpacks to ${body.length} bytes, not the ${unpackedLength} it states`),
    );
  }
  if (crc32(body) !== view.getUint32(9, true)) return fail('damaged', damaged('it fails its checksum'));
  const parsed = parseBody(body);
  if (!parsed.ok) return fail('damaged', damaged(parsed.error));
  return { ok: true, state: parsed.state };
}

const cutShort = (detail = '') =>
  `this share link is incomplete${detail}: it was probably cut short when it was copied; copy the whole link again`;

const damaged = (why: string) => `this share link is damaged (${why}): ask for the link again`;

const tooLarge = (size: string) =>
  `this share link's program would be ${size}, over the ${formatBytes(MAX_UNPACKED_BYTES)} that hartscope ` +
  'unpacks from a link: a program that big should be sent as a file';

function fail(reason: ShareErrorReason, error: string): ShareDecodeResult {
  return { ok: false, reason, error };
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1 << 20) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / (1 << 20)).toFixed(1)} MiB`;
}
