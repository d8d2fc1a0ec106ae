/**
 * The catalogue of damaged snapshot files (docs/hardening.md, "Snapshots"), each made from a good snapshot
 * file by one edit, with the message the page shows after the file's name. The expected numbers are
 * computed here from the file format (emulator/snapshot/container.ts's header: magic 'HSNP', u16 version,
 * u16 flags (bit 0: DEFLATE), u32 length of the state, u32 bytes stored, u32 CRC-32 of the stored bytes,
 * then the stored bytes) and Node's own zlib.crc32, not read back from hartscope's answers.
 */
import { crc32 } from 'node:zlib';

export interface BadSnapshot {
  /** The row's first column in docs/hardening.md. */
  what: string;
  bytes: Uint8Array;
  /** The message as docs/hardening.md shows it: numbers that depend on the file as S, L, CRC... */
  shown: string;
  /** The message for this file: `shown` with those numbers filled in. */
  message: string;
}

const HEADER = 20;
const hex32 = (n: number) => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;

/** `good` must be a compressed snapshot file (what the page saves). */
export function badSnapshots(good: Uint8Array, elf: Uint8Array): BadSnapshot[] {
  const header = new DataView(good.buffer, good.byteOffset, HEADER);
  const flags = header.getUint16(6, true);
  const length = header.getUint32(8, true);
  const stored = header.getUint32(12, true);
  const crc = header.getUint32(16, true);
  if (flags !== 1 || stored !== good.length - HEADER) throw new Error('not a compressed snapshot');

  /** A copy of the good file with `edit` applied to it (and to its DataView). */
  const edited = (edit: (b: Uint8Array, v: DataView) => void, size = good.length) => {
    const b = new Uint8Array(size);
    b.set(good.subarray(0, Math.min(size, good.length)));
    edit(b, new DataView(b.buffer));
    return b;
  };
  const flipped = edited((b) => (b[good.length - 100] ^= 0x01));
  const notDeflate = edited((b, v) => {
    b.fill(0xff, HEADER); // first DEFLATE block header 0b111: final block of the reserved type 3
    v.setUint32(16, crc32(b.subarray(HEADER)), true);
  });

  // The file's own numbers, as the doc names them.
  const values: Record<string, string> = {
    S: String(stored),
    'S-100': String(stored - 100),
    L: String(length),
    'L+1': String(length + 1),
    CRC: hex32(crc),
    "CRC'": hex32(crc32(flipped.subarray(HEADER))),
  };
  const entries: Omit<BadSnapshot, 'message'>[] = [
    {
      what: 'an empty file',
      bytes: new Uint8Array(0),
      shown: "not a hartscope snapshot: it starts with nothing instead of 'HSNP'",
    },
    {
      what: 'an ELF file chosen by mistake',
      bytes: elf,
      shown: "not a hartscope snapshot: it starts with 7f 45 4c 46 instead of 'HSNP'",
    },
    {
      what: 'cut inside its 20-byte header',
      bytes: good.slice(0, 10),
      shown: 'truncated: the snapshot has 10 bytes, less than its 20-byte header',
    },
    {
      what: 'a later format version (2)',
      bytes: edited((_, v) => v.setUint16(4, 2, true)),
      shown:
        "the snapshot's format is version 2, newer than this hartscope reads (version 1): open it with a newer hartscope",
    },
    {
      what: 'format version 0',
      bytes: edited((_, v) => v.setUint16(4, 0, true)),
      shown: 'unknown snapshot format version 0',
    },
    {
      what: 'an unknown flag set',
      bytes: edited((_, v) => v.setUint16(6, flags | 0x8000, true)),
      shown: 'the snapshot uses unknown flags (0x8001)',
    },
    {
      what: 'cut short in its data (100 bytes missing)',
      bytes: good.slice(0, good.length - 100),
      shown: 'truncated: the header announces S bytes of data, the file holds S-100',
    },
    {
      what: 'bytes appended after its data',
      bytes: edited(() => {}, good.length + 3),
      shown: 'damaged: 3 unexpected bytes follow the S the header announces',
    },
    {
      what: 'one bit changed in its data',
      bytes: flipped,
      shown: "damaged: the data's checksum is CRC', the header says CRC",
    },
    {
      what: 'data that is not DEFLATE (checksum made to match)',
      bytes: notDeflate,
      shown: 'damaged: the compressed data does not decompress',
    },
    {
      what: 'a state length one more than the data holds',
      bytes: edited((_, v) => v.setUint32(8, length + 1, true)),
      shown: 'damaged: the data decompresses to L bytes, the header says L+1',
    },
    {
      what: 'a state length of 4 GiB announced',
      bytes: edited((_, v) => v.setUint32(8, 0xffff_ffff, true)),
      // The limit: the largest RAM (2048 MiB) and 256 MiB for everything else.
      shown: `damaged: the header announces 4294967295 bytes of state, which cannot be right (S stored, at most ${(2048 + 256) * 1024 * 1024} allowed)`,
    },
  ];
  // Longest names first, so that S-100 is not read as S followed by -100.
  const names = Object.keys(values).sort((a, b) => b.length - a.length);
  const fill = (text: string) =>
    names.reduce(
      (t, name) => t.replace(new RegExp(`(?<![\\w'])${escape(name)}(?![\\w'+-])`, 'g'), values[name]),
      text,
    );
  return entries.map((e) => ({ ...e, message: fill(e.shown) }));
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
