/**
 * Share links in Chromium, whose CompressionStream and DecompressionStream are the browser's own (not
 * Node's zlib): a link made here opens here, and a 1 GiB zip bomb stops at its stated size at once.
 */
import { describe, expect, it } from 'vitest';
import helloSource from '../../firmware/examples/hello.S?raw';
import { crc32 } from '../../src/share/packing';
import {
  decodeShareLink,
  encodeShareLink,
  forgetShareInLocation,
  readShareFromLocation,
} from '../../src/share/share-link';

/** Raw DEFLATE of `mib` MiB of zeros, made by the browser's CompressionStream from a stream of chunks. */
async function zeroBomb(mib: number): Promise<Uint8Array> {
  const zeros = new Uint8Array(1 << 20);
  let left = mib;
  const source = new ReadableStream<Uint8Array<ArrayBuffer>>({
    pull(controller) {
      if (left-- > 0) controller.enqueue(zeros);
      else controller.close();
    },
  });
  const packed = source.pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(packed).arrayBuffer());
}

function fragment(method: number, packed: Uint8Array, unpackedLength: number, crc: number): string {
  const bytes = new Uint8Array(13 + packed.length);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, method);
  view.setUint32(1, packed.length, true);
  view.setUint32(5, unpackedLength, true);
  view.setUint32(9, crc, true);
  bytes.set(packed, 13);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return '#v1/' + btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

describe('share links in Chromium', () => {
  it('a link to the hello example opens back to the same program', async () => {
    const link = await encodeShareLink(
      { file: 'hello.S', text: helloSource, firmware: 'host' },
      location.href,
    );
    expect(link.startsWith(location.href.split('#')[0] + '#v1/')).toBe(true);
    expect(await readShareFromLocation({ hash: new URL(link).hash })).toEqual({
      ok: true,
      state: { file: 'hello.S', text: helloSource, firmware: 'host' },
    });
  });

  it('reads the page’s own address, and forgets the link without a reload or a new history entry', async () => {
    const before = location.href;
    const entries = history.length;
    const link = await encodeShareLink({ file: 'a.S', text: 'nop\n', firmware: 'monitor' }, location.href);
    history.replaceState(history.state, '', new URL(link).hash);
    expect(await readShareFromLocation()).toEqual({
      ok: true,
      state: { file: 'a.S', text: 'nop\n', firmware: 'monitor' },
    });
    forgetShareInLocation();
    expect(location.hash).toBe('');
    expect(await readShareFromLocation()).toBeNull();
    expect(history.length).toBe(entries);
    history.replaceState(history.state, '', before);
  });

  it('a 1 GiB zip bomb is refused within a second', async () => {
    const bomb = await zeroBomb(1024);
    expect(bomb.length).toBeLessThan(2 << 20); // about 1 KiB per MiB
    const body = new TextEncoder().encode('{"file":"a.S","firmware":"bare","text":""}');
    const started = performance.now();
    const r = await decodeShareLink(fragment(1, bomb, body.length, crc32(body)));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(r).toMatchObject({ ok: false, reason: 'damaged' });
    expect(r.ok || r.error).toMatch(/unpacks to more than the 42 bytes it states/);
  });
});
