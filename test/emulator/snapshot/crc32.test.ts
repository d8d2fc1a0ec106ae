import { crc32 as zlibCrc32 } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../../../emulator/snapshot/crc32';

describe('crc32', () => {
  it('gives the standard check value for "123456789" (0xCBF43926) and 0 for no bytes', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
  });

  it("equals Node's zlib.crc32 on random data", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), (b) => crc32(b) === zlibCrc32(b) >>> 0));
  });
});
