/**
 * What the ELF loader throws, and the bounds-checked little-endian reader it reads through. Every read of the
 * file goes through `ElfReader`, so a malformed file can only ever produce an `ElfError` that names the
 * field and the offsets involved: never a RangeError, a hang, or an allocation larger than the file.
 */

export class ElfError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ElfError';
  }
}

export const hex = (n: number | bigint): string => '0x' + n.toString(16);

export class ElfReader {
  private readonly view: DataView;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get size(): number {
    return this.bytes.length;
  }

  /** Throws unless [offset, offset + length) lies inside the file; `what` names the structure for the message. */
  require(offset: number, length: number, what: string): void {
    if (offset + length > this.size) {
      throw new ElfError(
        `${what} extends past the end of the file (offset ${hex(offset)} + ${hex(length)} > file size ${hex(this.size)})`,
      );
    }
  }

  u8(offset: number): number {
    return this.view.getUint8(offset);
  }

  u16(offset: number): number {
    return this.view.getUint16(offset, true);
  }

  u32(offset: number): number {
    return this.view.getUint32(offset, true);
  }

  /** A 64-bit field as a bigint (the loader turns it into a number only after checking its range). */
  u64(offset: number): bigint {
    return this.view.getBigUint64(offset, true);
  }

  /**
   * A 64-bit file offset or size, which can only be meaningful if it is inside the file: anything larger is
   * reported here, before it can become an allocation or a loop bound.
   */
  fileRange(offsetField: number, sizeField: number, what: string): { offset: number; size: number } {
    const offset = this.u64(offsetField);
    const size = this.u64(sizeField);
    if (offset + size > BigInt(this.size)) {
      throw new ElfError(
        `${what} extends past the end of the file (offset ${hex(offset)} + ${hex(size)} > file size ${hex(this.size)})`,
      );
    }
    return { offset: Number(offset), size: Number(size) };
  }

  /** A NUL-terminated UTF-8 string starting at `offset`, which must end before `limit`. */
  cString(offset: number, limit: number, what: string): string {
    let end = offset;
    while (end < limit && this.bytes[end] !== 0) end++;
    if (end >= limit) throw new ElfError(`${what} is not NUL-terminated inside its string table`);
    return decodeUtf8(this.bytes.subarray(offset, end));
  }
}

/**
 * UTF-8 to string without TextDecoder (the emulator core compiles against ES2022 only, which lacks it).
 * Invalid sequences become U+FFFD, as TextDecoder does by default.
 */
function decodeUtf8(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length;) {
    const c = b[i];
    const n = c < 0x80 ? 0 : c >= 0xf0 && c < 0xf8 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : -1;
    let cp = n === 0 ? c : n === 1 ? c & 0x1f : n === 2 ? c & 0x0f : c & 0x07;
    let ok = n >= 0 && i + n < b.length;
    for (let k = 1; ok && k <= n; k++) {
      const cc = b[i + k];
      if (cc === undefined || (cc & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (cc & 0x3f);
    }
    if (!ok || cp > 0x10ffff) {
      s += '\ufffd';
      i += 1;
    } else {
      s += String.fromCodePoint(cp);
      i += n + 1;
    }
  }
  return s;
}
