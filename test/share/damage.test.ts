/**
 * Damaged share links (docs/hardening.md, "Share links"): each kind of damage gives its own message, never
 * an exception and never a hang; a link made to unpack to a gigabyte stops at the limit at once. Fragments
 * are made by hand with Node's zlib (./fragments.ts), so these tests do not lean on our encoder.
 */
import { createDeflateRaw, constants, crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeShareLink, encodeShareLink, type ShareDecodeResult } from '../../src/share/share-link';
import { fragmentOf, handMadeFragment } from './fragments';

const PROGRAM = { file: 'loop.S', firmware: 'monitor', text: '# a loop\nloop: j loop\n'.repeat(20) } as const;
const GOOD = handMadeFragment(JSON.stringify(PROGRAM));
const json = (v: unknown) => Buffer.from(JSON.stringify(v), 'utf8');
const stored = (body: Uint8Array, fields = {}) => fragmentOf(body, body, { method: 0, ...fields });

afterEach(() => vi.unstubAllGlobals());

/** Resolves to the result, or rejects if decoding takes longer than `ms` (a hang). */
function decodeWithin(fragment: string, ms = 2000): Promise<ShareDecodeResult> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`decoding took over ${ms} ms`)), ms);
  });
  return Promise.race([decodeShareLink(fragment), timeout]).finally(() => clearTimeout(timer));
}

/** The catalogue of docs/hardening.md: each damage with its exact message. */
const CATALOGUE: [what: string, fragment: string, message: string][] = [
  [
    'an ordinary page anchor',
    '#registers',
    'this is not a hartscope share link (its part after # should start with v1/)',
  ],
  [
    'a later format',
    '#v2/AAAA',
    'this share link is in format v2, and this version of hartscope reads only v1 links: open it with the hartscope that made it',
  ],
  [
    'a character base64url never uses',
    GOOD.slice(0, 20) + '.' + GOOD.slice(20),
    'this share link is damaged: character 20 after the # is ".", which a share link never contains (was it edited, or joined to other text?)',
  ],
  [
    'a space pasted into the middle',
    GOOD.slice(0, 10) + ' ' + GOOD.slice(10),
    'this share link is damaged: character 10 after the # is " ", which a share link never contains (was it edited, or joined to other text?)',
  ],
  [
    'cut inside the header',
    GOOD.slice(0, 12),
    'this share link is incomplete: it was probably cut short when it was copied; copy the whole link again',
  ],
  [
    'cut inside the program',
    GOOD.slice(0, 40),
    `this share link is incomplete (it holds 14 of its ${deflateRawSync(json(PROGRAM)).length} bytes): it was probably cut short when it was copied; copy the whole link again`,
  ],
  [
    'extra bytes after the end',
    fragmentOf(json(PROGRAM), json(PROGRAM), { method: 0, packedLength: 10 }),
    `this share link is damaged (${json(PROGRAM).length - 10} bytes more than it should have): ask for the link again`,
  ],
  [
    'an unknown packing',
    stored(json(PROGRAM), { method: 7 }),
    'this share link is damaged (unknown packing 7): ask for the link again',
  ],
  [
    'a wrong checksum',
    stored(json(PROGRAM), { crc: 1234 }),
    'this share link is damaged (it fails its checksum): ask for the link again',
  ],
  [
    'bytes that are not DEFLATE',
    fragmentOf(json(PROGRAM), Buffer.from([0xff, 0xff, 0xff, 0xff])),
    'this share link is damaged (it does not unpack: invalid block type): ask for the link again',
  ],
  [
    'contents that are not UTF-8 text',
    stored(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])),
    'this share link is damaged (its contents are not text): ask for the link again',
  ],
  [
    'text that is not JSON',
    stored(Buffer.from('hello, world')),
    'this share link is damaged (its contents are not a program description): ask for the link again',
  ],
  [
    'JSON without program text',
    stored(json({ file: 'a.S', firmware: 'bare' })),
    'this share link is damaged (it has no program text): ask for the link again',
  ],
  [
    'a file name with a folder',
    stored(json({ ...PROGRAM, file: '../../etc/passwd' })),
    'this share link is damaged (it has no valid file name): ask for the link again',
  ],
  [
    'a firmware file asked for',
    stored(json({ ...PROGRAM, firmware: 'file' })),
    'this share link is damaged (its firmware is not one of bare, monitor or host): ask for the link again',
  ],
  [
    'a stated size over 1 MiB',
    stored(json(PROGRAM), { unpackedLength: 200 << 20 }),
    "this share link's program would be 200.0 MiB, over the 1.0 MiB that hartscope unpacks from a link: a program that big should be sent as a file",
  ],
];

describe('damaged share links: each refused with its message', () => {
  it.each(CATALOGUE)('%s', async (_what, fragment, message) => {
    const r = await decodeWithin(fragment);
    expect(r).toMatchObject({ ok: false, error: message });
  });

  it('the good link of the catalogue does decode (so each row above is refused for its damage alone)', async () => {
    expect(await decodeWithin(GOOD)).toEqual({ ok: true, state: PROGRAM });
    expect(await decodeWithin(stored(json(PROGRAM)))).toEqual({ ok: true, state: PROGRAM });
  });

  it('a link cut at every length is refused as cut short', async () => {
    const link = await encodeShareLink(
      { ...PROGRAM, text: PROGRAM.text + 'x'.repeat(300) },
      'https://a.example/',
    );
    const fragment = new URL(link).hash;
    for (let n = '#v1/'.length; n < fragment.length; n++) {
      expect(await decodeWithin(fragment.slice(0, n))).toMatchObject({ ok: false, reason: 'truncated' });
    }
  });

  it('a stated size smaller than what the link unpacks to is refused at that size', async () => {
    const body = json(PROGRAM);
    const bytes = Buffer.from(GOOD.slice(4), 'base64url');
    bytes.writeUInt32LE(body.length - 1, 5);
    expect(await decodeWithin('#v1/' + bytes.toString('base64url'))).toMatchObject({
      ok: false,
      error: `this share link is damaged (it unpacks to more than the ${body.length - 1} bytes it states): ask for the link again`,
    });
  });

  it('any one byte changed gives a message, or the very same program (DEFLATE ignores its last padding bits)', async () => {
    const bytes = Buffer.from(GOOD.slice(4), 'base64url');
    for (let i = 0; i < bytes.length; i++) {
      for (const flip of [0x01, 0x80, 0xff]) {
        const damaged = Buffer.from(bytes);
        damaged[i] ^= flip;
        const r = await decodeWithin('#v1/' + damaged.toString('base64url'));
        if (r.ok) expect(r.state).toEqual(PROGRAM);
        else expect(r.reason).toMatch(/^(damaged|truncated|too-large)$/);
      }
    }
  });

  it('a browser without DecompressionStream says so, and still opens stored links', async () => {
    vi.stubGlobal('DecompressionStream', undefined);
    expect(await decodeWithin(GOOD)).toMatchObject({ ok: false, reason: 'unsupported' });
    expect(await decodeWithin(stored(json(PROGRAM)))).toEqual({ ok: true, state: PROGRAM });
  });
});

/**
 * Raw DEFLATE of `mib` MiB of zero bytes, about 1 KiB per MiB: the first MiB, then the same sync-flushed
 * block (which copies 1 MiB of zeros from the 32 KiB window) repeated, then an empty final stored block.
 */
async function zeroBomb(mib: number): Promise<Buffer> {
  const d = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  d.on('data', (b: Buffer) => out.push(b));
  const blocks: Buffer[] = [];
  for (let i = 0; i < 2; i++) {
    d.write(Buffer.alloc(1 << 20));
    await new Promise<void>((resolve) => d.flush(constants.Z_SYNC_FLUSH, () => resolve()));
    blocks.push(Buffer.concat(out.splice(0)));
  }
  d.close();
  const FINAL_EMPTY_STORED_BLOCK = Buffer.from([0x01, 0x00, 0x00, 0xff, 0xff]);
  return Buffer.concat([blocks[0], ...Array<Buffer>(mib - 1).fill(blocks[1]), FINAL_EMPTY_STORED_BLOCK]);
}

describe('zip bombs and huge links', () => {
  it('the bomb builder is right: 4 MiB of zeros by Node’s own inflater', async () => {
    const out = inflateRawSync(await zeroBomb(4));
    expect(out.length).toBe(4 << 20);
    expect(out.every((b) => b === 0)).toBe(true);
  });

  it('a 1 GiB bomb stops at the stated size (or at 1 MiB) within a second', async () => {
    const bomb = await zeroBomb(1024);
    const body = json(PROGRAM);
    for (const unpackedLength of [body.length, 1 << 20]) {
      const started = performance.now();
      const r = await decodeWithin(fragmentOf(body, bomb, { unpackedLength, crc: crc32(body) }));
      expect(performance.now() - started).toBeLessThan(1000);
      expect(r).toMatchObject({ ok: false, reason: 'damaged' });
      expect(r.ok || r.error).toMatch(/unpacks to more than the/);
    }
  });

  it('a fragment of more than 2 MiB characters is refused unread', async () => {
    expect(await decodeWithin('#v1/' + 'A'.repeat(3 << 20))).toMatchObject({
      ok: false,
      reason: 'too-large',
    });
  });
});

describe('random fragments never throw and never hang', () => {
  const BASE64URL = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'];
  const check = (arb: fc.Arbitrary<string>, numRuns = 300) =>
    fc.assert(
      fc.asyncProperty(arb, async (fragment) => {
        const r = await decodeWithin(fragment);
        expect(typeof r.ok).toBe('boolean');
        if (!r.ok) expect(r.error.length).toBeGreaterThan(20);
      }),
      { numRuns },
    );

  it('any text', () => check(fc.string({ unit: 'binary', maxLength: 200 })));
  it('v1/ and base64url characters', () =>
    check(fc.string({ unit: fc.constantFrom(...BASE64URL), maxLength: 400 }).map((s) => '#v1/' + s)));
  it('v1/ and random bytes, with a plausible header', () =>
    check(
      fc
        .tuple(fc.constantFrom(0, 1, 2), fc.uint8Array({ maxLength: 300 }))
        .map(([method, packed]) =>
          fragmentOf(packed, packed, { method, unpackedLength: packed.length * (method + 1) }),
        ),
    ));
  it('the good link with characters inserted, deleted or replaced', () =>
    check(
      fc
        .array(fc.tuple(fc.nat(GOOD.length), fc.nat(2), fc.string({ maxLength: 3 })), {
          minLength: 1,
          maxLength: 4,
        })
        .map((edits) =>
          edits.reduce(
            (s, [at, kind, insert]) =>
              kind === 0
                ? s.slice(0, at) + insert + s.slice(at)
                : kind === 1
                  ? s.slice(0, at) + s.slice(at + 1)
                  : s.slice(0, at) + insert + s.slice(at + insert.length),
            GOOD,
          ),
        ),
    ));
});
