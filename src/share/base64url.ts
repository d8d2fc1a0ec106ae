/**
 * base64url (RFC 4648 section 5: `-` and `_` in place of `+` and `/`, no `=` padding), the alphabet that a
 * URL fragment carries unescaped through browsers, chat programs and mail clients. Written out here rather
 * than through atob/btoa so that a damaged link is reported with the position of the first bad character,
 * and so that no binary string as long as the link is built.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The 6-bit value of each character code, or -1 for a character outside the alphabet. */
const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i;

export function encodeBase64Url(bytes: Uint8Array): string {
  const parts: string[] = [];
  let i = 0;
  for (; i + 3 <= bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    parts.push(ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63] + ALPHABET[n & 63]);
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    parts.push(ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63]);
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    parts.push(ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63]);
  }
  return parts.join('');
}

export type Base64Result =
  | { ok: true; bytes: Uint8Array }
  /** A character outside the alphabet, at this index of the text. */
  | { ok: false; kind: 'character'; index: number; char: string }
  /** One character left over after the last whole byte: no encoder makes this, so the text was cut. */
  | { ok: false; kind: 'length' };

/** Decodes base64url text; `=` padding at the end is accepted (some tools add it), nothing else is. */
export function decodeBase64Url(text: string): Base64Result {
  let end = text.length;
  while (end > 0 && text.length - end < 2 && text.charCodeAt(end - 1) === 0x3d) end--;
  if (end % 4 === 1) {
    // Check the characters first: a stray character is the more useful report.
    const bad = firstBadCharacter(text, end);
    return bad ?? { ok: false, kind: 'length' };
  }
  const bytes = new Uint8Array(Math.floor((end * 3) / 4));
  let acc = 0;
  let bits = 0;
  let out = 0;
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    const v = code < 128 ? VALUE[code] : -1;
    if (v < 0) return badCharacter(text, i);
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[out++] = (acc >> bits) & 0xff;
    }
  }
  return { ok: true, bytes };
}

function firstBadCharacter(text: string, end: number): Base64Result | undefined {
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code >= 128 || VALUE[code] < 0) return badCharacter(text, i);
  }
  return undefined;
}

function badCharacter(text: string, index: number): Base64Result {
  // A whole code point, so a report never shows half of a surrogate pair.
  const char = String.fromCodePoint(text.codePointAt(index) ?? 0xfffd);
  return { ok: false, kind: 'character', index, char };
}
