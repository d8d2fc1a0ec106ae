/**
 * Share-link fragments made by hand from the layout documented in src/share/share-link.ts, with Node's zlib
 * and Buffer rather than our encoder, so that tests of the decoder do not lean on the encoder.
 */
import { deflateRawSync, crc32 } from 'node:zlib';

export interface Fields {
  method?: number;
  packedLength?: number;
  unpackedLength?: number;
  crc?: number;
}

/** `#v1/` + base64url(header + packed); each header field can be overridden to make a damaged link. */
export function fragmentOf(body: Uint8Array, packed: Uint8Array, fields: Fields = {}): string {
  const header = Buffer.alloc(13);
  header[0] = fields.method ?? 1;
  header.writeUInt32LE(fields.packedLength ?? packed.length, 1);
  header.writeUInt32LE(fields.unpackedLength ?? body.length, 5);
  header.writeUInt32LE(fields.crc ?? crc32(body), 9);
  return '#v1/' + Buffer.concat([header, packed]).toString('base64url');
}

/** A well-formed v1 fragment carrying `json`, stored (method 0) or raw DEFLATE (method 1). */
export function handMadeFragment(json: string, method: 0 | 1 = 1): string {
  const body = Buffer.from(json, 'utf8');
  return fragmentOf(body, method === 1 ? deflateRawSync(body) : body, { method });
}
