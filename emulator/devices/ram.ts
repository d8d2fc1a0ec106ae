import type { AccessWidth, Device } from './device';

/**
 * Main memory. The hart reads and writes RAM through the typed-array views directly (the fast path); the
 * Device methods are the slow path used by the bus for everything else (loaders, the UI, misaligned bytes).
 *
 * SIMPLIFICATION: the views assume a little-endian host, as every browser platform in use is; the constructor
 * refuses a big-endian one instead of silently computing wrong values.
 */
export class Ram implements Device {
  readonly name = 'ram';
  readonly bytes: Uint8Array;
  readonly halves: Uint16Array;
  readonly words: Int32Array;

  constructor(readonly size: number) {
    if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
      throw new Error('hartscope needs a little-endian host');
    }
    if (size <= 0 || size % 8 !== 0)
      throw new Error(`RAM size must be a positive multiple of 8 bytes, not ${size}`);
    const buffer = new ArrayBuffer(size);
    this.bytes = new Uint8Array(buffer);
    this.halves = new Uint16Array(buffer);
    this.words = new Int32Array(buffer);
  }

  read(offset: number, width: AccessWidth, out: Int32Array): boolean {
    if (offset < 0 || offset + width > this.size) return false;
    const b = this.bytes;
    if (width === 1) {
      out[0] = b[offset];
      out[1] = 0;
    } else if (width === 2) {
      out[0] = b[offset] | (b[offset + 1] << 8);
      out[1] = 0;
    } else {
      out[0] = b[offset] | (b[offset + 1] << 8) | (b[offset + 2] << 16) | (b[offset + 3] << 24);
      out[1] =
        width === 8
          ? b[offset + 4] | (b[offset + 5] << 8) | (b[offset + 6] << 16) | (b[offset + 7] << 24)
          : 0;
    }
    return true;
  }

  write(offset: number, width: AccessWidth, lo: number, hi: number): boolean {
    if (offset < 0 || offset + width > this.size) return false;
    const b = this.bytes;
    b[offset] = lo;
    if (width >= 2) b[offset + 1] = lo >>> 8;
    if (width >= 4) {
      b[offset + 2] = lo >>> 16;
      b[offset + 3] = lo >>> 24;
    }
    if (width === 8) {
      b[offset + 4] = hi;
      b[offset + 5] = hi >>> 8;
      b[offset + 6] = hi >>> 16;
      b[offset + 7] = hi >>> 24;
    }
    return true;
  }
}
