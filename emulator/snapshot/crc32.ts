/**
 * CRC-32 as zlib, gzip and PNG compute it (IEEE 802.3 polynomial, reflected, 0xEDB88320; initial value and
 * final XOR 0xFFFFFFFF): the check value of "123456789" is 0xCBF43926. Table-driven, one byte at a time.
 */
const TABLE = new Int32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  TABLE[n] = c;
}

/** The CRC-32 of `bytes`, as an unsigned 32-bit number. */
export function crc32(bytes: Uint8Array): number {
  let c = -1;
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
