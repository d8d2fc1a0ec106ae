/**
 * The body of a share link once unpacked: UTF-8 JSON with exactly the fields a program needs. Everything is
 * checked, because a link is text anyone can write: the page receives a file name, a text and one of the
 * built-in firmware choices, or a message, never an object of unknown shape.
 */
import type { ShareFirmware, ShareState } from './share-link';

export const SHARE_FIRMWARES: readonly ShareFirmware[] = ['bare', 'monitor', 'host'];

/** A bare file name: 1..255 characters, no folder separators, no control characters. */
export function validFileName(name: string): boolean {
  // eslint-disable-next-line no-control-regex
  return name.length > 0 && name.length <= 255 && !/[/\\\u0000-\u001f\u007f]/.test(name);
}

export type BodyResult = { ok: true; state: ShareState } | { ok: false; error: string };

export function parseBody(body: Uint8Array): BodyResult {
  let json: string;
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return { ok: false, error: 'its contents are not text' };
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { ok: false, error: 'its contents are not a program description' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: 'its contents are not a program description' };
  }
  const { file, text, firmware } = value as Record<string, unknown>;
  if (typeof text !== 'string') return { ok: false, error: 'it has no program text' };
  if (typeof file !== 'string' || !validFileName(file))
    return { ok: false, error: 'it has no valid file name' };
  if (typeof firmware !== 'string' || !(SHARE_FIRMWARES as readonly string[]).includes(firmware)) {
    return { ok: false, error: 'its firmware is not one of bare, monitor or host' };
  }
  return { ok: true, state: { file, text, firmware: firmware as ShareFirmware } };
}
