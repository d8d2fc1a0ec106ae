/**
 * Share links, the good path: the format documented in src/share/share-link.ts is checked against Node's own
 * zlib and base64url (independent oracles), links made by hand from that description decode, and every
 * example program goes through a link and back unchanged. The refusals (a firmware file, a link too long)
 * say what to do instead.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { inflateRawSync, crc32 as zlibCrc32 } from 'node:zlib';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeBase64Url, encodeBase64Url } from '../../src/share/base64url';
import { crc32 } from '../../src/share/packing';
import {
  decodeShareLink,
  encodeShareLink,
  MAX_LINK_CHARS,
  readShareFromLocation,
  ShareLinkError,
  type ShareState,
} from '../../src/share/share-link';
import { handMadeFragment } from './fragments';

const BASE = 'https://example.org/hartscope/index.html';
const EXAMPLES_DIR = new URL('../../firmware/examples/', import.meta.url);
const EXAMPLES: ShareState[] = readdirSync(EXAMPLES_DIR)
  .filter((f) => f.endsWith('.S'))
  .map((file) => ({ file, text: readFileSync(new URL(file, EXAMPLES_DIR), 'utf8'), firmware: 'bare' }));
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const HELLO: ShareState = EXAMPLES.find((e) => e.file === 'hello.S')!;

/** The fragment's bytes, split by the layout in share-link.ts's header comment, read with Node's Buffer. */
function parseLink(link: string) {
  const [, fragment] = link.split('#');
  expect(fragment.startsWith('v1/')).toBe(true);
  const bytes = Buffer.from(fragment.slice(3), 'base64url');
  return {
    method: bytes[0],
    packedLength: bytes.readUInt32LE(1),
    unpackedLength: bytes.readUInt32LE(5),
    crc: bytes.readUInt32LE(9),
    packed: bytes.subarray(13),
  };
}

afterEach(() => vi.unstubAllGlobals());

describe('the building blocks against Node', () => {
  it('base64url encodes as Buffer does, and decodes back', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = encodeBase64Url(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64url'));
        const back = decodeBase64Url(text);
        expect(back.ok && Array.from(back.bytes)).toEqual(Array.from(bytes));
      }),
    );
  });

  it('base64url names the first bad character, and calls a lone leftover character a cut', () => {
    expect(decodeBase64Url('abc+def')).toEqual({ ok: false, kind: 'character', index: 3, char: '+' });
    expect(decodeBase64Url('abcd😀')).toEqual({ ok: false, kind: 'character', index: 4, char: '😀' });
    expect(decodeBase64Url('abcde')).toEqual({ ok: false, kind: 'length' });
    const padded = decodeBase64Url('aGk=');
    expect(padded.ok && new TextDecoder().decode(padded.bytes)).toBe('hi');
  });

  it('CRC-32 is zlib’s (check value 0xCBF43926 for "123456789")', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    fc.assert(fc.property(fc.uint8Array({ maxLength: 500 }), (b) => crc32(b) === zlibCrc32(b)));
  });

  it('Node 20 has CompressionStream with deflate-raw (so these tests exercise the compressed path)', () => {
    expect(() => new CompressionStream('deflate-raw')).not.toThrow();
    expect(() => new DecompressionStream('deflate-raw')).not.toThrow();
  });
});

describe('making a link', () => {
  it('puts #v1/ and the documented header and raw DEFLATE body on the base URL, replacing its fragment', async () => {
    const link = await encodeShareLink({ ...HELLO, firmware: 'monitor' }, BASE + '#old');
    expect(link.startsWith(BASE + '#v1/')).toBe(true);
    const p = parseLink(link);
    expect(p.method).toBe(1);
    expect(p.packedLength).toBe(p.packed.length);
    const body = inflateRawSync(p.packed);
    expect(body.length).toBe(p.unpackedLength);
    expect(p.crc).toBe(zlibCrc32(body));
    expect(JSON.parse(body.toString('utf8'))).toEqual({
      file: 'hello.S',
      firmware: 'monitor',
      text: HELLO.text,
    });
  });

  it('stores the body uncompressed when asked, or when the browser has no CompressionStream', async () => {
    for (const make of [
      () => encodeShareLink(HELLO, BASE, { compress: false }),
      () => {
        vi.stubGlobal('CompressionStream', undefined);
        return encodeShareLink(HELLO, BASE);
      },
    ]) {
      const p = parseLink(await make());
      expect(p.method).toBe(0);
      expect(JSON.parse(p.packed.toString('utf8')).text).toBe(HELLO.text);
      expect(p.crc).toBe(zlibCrc32(p.packed));
    }
  });

  it('refuses a firmware file, saying that the link cannot carry it', async () => {
    const err = await encodeShareLink({ ...HELLO, firmware: 'file' }, BASE).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ShareLinkError);
    expect((err as Error).message).toMatch(/cannot carry a firmware file.*choose bare/);
  });

  it('refuses a file name with a folder in it', async () => {
    await expect(encodeShareLink({ ...HELLO, file: '../hello.S' }, BASE)).rejects.toThrow(/file name/);
  });

  it('refuses a link over 64 KiB and suggests a file instead', async () => {
    // 100,000 pseudo-random letters and digits compress to about 6 bits each: about 100,000 characters of
    // base64url, far over 65,536.
    let seed = 1;
    const random = Array.from({ length: 100_000 }, () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return ALNUM[(seed >>> 16) % ALNUM.length];
    }).join('');
    const err = await encodeShareLink({ ...HELLO, text: random }, BASE).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ShareLinkError);
    expect((err as Error).message).toMatch(/over the 65,536 .*send the file instead/);
  });
});

describe('opening a link', () => {
  it('decodes a link made by hand from the documented format with Node’s zlib, stored and compressed', async () => {
    const json = JSON.stringify({ file: 'mine.S', firmware: 'host', text: 'li a0, 1\n' });
    for (const method of [0, 1] as const) {
      expect(await decodeShareLink(handMadeFragment(json, method))).toEqual({
        ok: true,
        state: { file: 'mine.S', firmware: 'host', text: 'li a0, 1\n' },
      });
    }
  });

  it('every example goes through a link and back unchanged, with each firmware, compressed or stored', async () => {
    const lengths: string[] = [];
    for (const example of EXAMPLES) {
      for (const firmware of ['bare', 'monitor', 'host'] as const) {
        for (const compress of [true, false]) {
          const link = await encodeShareLink({ ...example, firmware }, BASE, { compress });
          expect(link.length).toBeLessThanOrEqual(MAX_LINK_CHARS);
          expect(await decodeShareLink(new URL(link).hash)).toEqual({
            ok: true,
            state: { ...example, firmware },
          });
          if (firmware === 'bare')
            lengths.push(`${example.file} ${compress ? 'deflate' : 'stored'} ${link.length}`);
        }
      }
    }
    // The brief asks for the biggest example's link length: printed for the report.
    console.log(`share link lengths (base URL ${BASE.length} chars):\n  ${lengths.join('\n  ')}`);
  });

  it('keeps any Unicode text, CRs and NULs exactly', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 400 }), async (text) => {
        // UTF-8 cannot carry a lone surrogate: TextEncoder writes U+FFFD for it, as this does.
        const wellFormed = new TextDecoder().decode(new TextEncoder().encode(text));
        const link = await encodeShareLink({ file: 'x.S', text: wellFormed, firmware: 'bare' }, BASE);
        const r = await decodeShareLink(new URL(link).hash);
        expect(r.ok && r.state.text).toBe(wellFormed);
      }),
      { numRuns: 50 },
    );
  });

  it('readShareFromLocation reads only fragments meant as share links', async () => {
    expect(await readShareFromLocation({ hash: '' })).toBeNull();
    expect(await readShareFromLocation({ hash: '#registers' })).toBeNull();
    const link = await encodeShareLink(HELLO, BASE);
    expect(await readShareFromLocation({ hash: new URL(link).hash })).toEqual({ ok: true, state: HELLO });
    expect(await readShareFromLocation({ hash: '#v2/AAAA' })).toMatchObject({ ok: false, reason: 'version' });
  });
});
