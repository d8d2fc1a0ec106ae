import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Machine } from '../../../emulator/machine';
import { decodeSnapshot, encodeSnapshot } from '../../../emulator/snapshot/compress';
import { SnapshotError, writeContainer, writeSections } from '../../../emulator/snapshot/container';
import { restoreSnapshot, saveSnapshot } from '../../../emulator/snapshot/snapshot';
import { jsonBytes } from '../../../emulator/snapshot/json';
import { elf, probeImage } from './harness';

/**
 * A damaged, truncated or foreign snapshot is refused with a SnapshotError that says why, and the machine it
 * was to be restored into is left exactly as it was: its own snapshot (every register, CSR, device and RAM
 * byte) hashes the same before and after the refused restore.
 */
const RAM = 8 * 1024 * 1024;

function victim(): Machine {
  const m = new Machine({ ramSize: RAM });
  m.load(elf('firmware/examples/hello.elf')());
  m.run(300);
  return m;
}

/** A snapshot of a different program at a different point, to be restored (or refused) into the victim. */
function source(): Uint8Array {
  const m = new Machine({ ramSize: RAM });
  m.load(probeImage());
  m.uart.receive(new TextEncoder().encode('xy\n'));
  m.run(200);
  return saveSnapshot(m);
}

const hashOf = (m: Machine): string => createHash('sha256').update(saveSnapshot(m)).digest('hex');

function refused(m: Machine, bytes: Uint8Array): SnapshotError {
  const before = hashOf(m);
  let error: unknown = null;
  try {
    restoreSnapshot(m, bytes);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(SnapshotError);
  expect(hashOf(m)).toBe(before);
  return error as SnapshotError;
}

async function refusedFile(m: Machine, file: Uint8Array): Promise<SnapshotError> {
  const before = hashOf(m);
  let error: unknown = null;
  try {
    restoreSnapshot(m, await decodeSnapshot(file));
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(SnapshotError);
  expect(hashOf(m)).toBe(before);
  return error as SnapshotError;
}

/** The snapshot's sections, re-assembled with `edit` applied (checksums recomputed: only the content is bad). */
function forged(snapshot: Uint8Array, edit: (tag: string, data: Uint8Array) => Uint8Array): Uint8Array {
  const sections: [string, Uint8Array][] = [];
  const v = new DataView(snapshot.buffer, snapshot.byteOffset);
  for (let at = 20; at < snapshot.length;) {
    const tag = String.fromCharCode(...snapshot.subarray(at, at + 4));
    const length = v.getUint32(at + 4, true);
    sections.push([tag, edit(tag, snapshot.slice(at + 12, at + 12 + length))]);
    at += 12 + length;
  }
  const body = writeSections(sections);
  return writeContainer(0, body.length, body);
}

const editJson =
  (target: string, change: (v: Record<string, unknown>) => void) =>
  (tag: string, data: Uint8Array): Uint8Array => {
    if (tag !== target) return data;
    const v = JSON.parse(new TextDecoder().decode(data)) as Record<string, unknown>;
    change(v);
    return jsonBytes(v);
  };

describe('damaged and foreign snapshots are refused, and the machine is left as it was', () => {
  const snapshot = source();

  it('the undamaged snapshot is accepted (so the refusals below are about the damage)', async () => {
    const m = victim();
    restoreSnapshot(m, snapshot);
    expect(hashOf(m)).toBe(createHash('sha256').update(snapshot).digest('hex'));
    const m2 = victim();
    restoreSnapshot(m2, await decodeSnapshot(await encodeSnapshot(snapshot)));
    expect(hashOf(m2)).toBe(hashOf(m));
  });

  it('wrong magic: not a hartscope snapshot', () => {
    const bad = snapshot.slice();
    bad.set([0x7f, 0x45, 0x4c, 0x46]); // an ELF file's first bytes
    const e = refused(victim(), bad);
    expect(e.kind).toBe('not-a-snapshot');
    expect(e.message).toMatch(/not a hartscope snapshot: it starts with 7f 45 4c 46/);
    expect(refused(victim(), new Uint8Array()).kind).toBe('not-a-snapshot');
  });

  it('a newer format version: refused, naming both versions', () => {
    const bad = snapshot.slice();
    bad[4] += 1;
    const e = refused(victim(), bad);
    expect(e.kind).toBe('version');
    expect(e.message).toMatch(/version 2, newer than this hartscope reads \(version 1\)/);
  });

  it('a machine with another RAM size: refused, naming both sizes', () => {
    const m = new Machine({ ramSize: 2 * RAM });
    m.load(probeImage());
    const e = refused(m, snapshot);
    expect(e.kind).toBe('machine-mismatch');
    expect(e.message).toBe('the snapshot is of a machine with 8 MiB of RAM; this one has 16 MiB');
  });

  it('a machine with other options: refused', () => {
    const m = new Machine({ ramSize: RAM, misalignedAccess: 'trap' });
    m.load(probeImage());
    const e = refused(m, snapshot);
    expect(e.kind).toBe('machine-mismatch');
    expect(e.message).toMatch(/misalignedAccess/);
  });

  it('truncated anywhere: refused as truncated', () => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: snapshot.length - 1 }), (cut) => {
        const e = refused(victim(), snapshot.subarray(0, cut));
        expect(e.kind).toBe('truncated');
      }),
      { numRuns: 40 },
    );
  });

  it('truncated compressed file: refused as truncated', async () => {
    const file = await encodeSnapshot(snapshot);
    expect(file.length).toBeLessThan(snapshot.length);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 4, max: file.length - 1 }), async (cut) => {
        const e = await refusedFile(victim(), file.subarray(0, cut));
        expect(e.kind).toBe('truncated');
      }),
      { numRuns: 25 },
    );
  });

  it('random bytes flipped: refused (whichever field they land in)', async () => {
    const file = await encodeSnapshot(snapshot);
    for (const bytes of [snapshot, file]) {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 0, max: bytes.length - 1 }),
          fc.integer({ min: 1, max: 255 }),
          async (at, xor) => {
            const bad = bytes.slice();
            bad[at] ^= xor;
            const e = await refusedFile(victim(), bad);
            expect(e.message.length).toBeGreaterThan(10);
          },
        ),
        { numRuns: 30 },
      );
    }
  });

  it('a flip inside the data (not the header): refused as damaged by its checksum', () => {
    const bad = snapshot.slice();
    bad[snapshot.length - 100] ^= 1;
    const e = refused(victim(), bad);
    expect(e.kind).toBe('damaged');
    expect(e.message).toMatch(/checksum/);
  });

  it('bytes appended: refused', () => {
    const bad = new Uint8Array(snapshot.length + 3);
    bad.set(snapshot);
    expect(refused(victim(), bad).kind).toBe('damaged');
  });

  it('well-formed but impossible contents: refused before anything is changed', () => {
    const cases: [string, (tag: string, data: Uint8Array) => Uint8Array, RegExp][] = [
      ['63 x registers', editJson('HART', (v) => (v.x as number[]).pop()), /x registers is not a list of 64/],
      ['privilege mode 2', editJson('HART', (v) => (v.priv = 2)), /privilege mode 2 does not exist/],
      ['an odd pc', editJson('HART', (v) => (v.pcLo = (v.pcLo as number) + 1)), /pc is odd/],
      ['a missing CSR', editJson('HART', (v) => delete (v.csr as Record<string, number>).mepcLo), /mepcLo/],
      [
        'PLIC priority 9',
        editJson('DEVS', (v) => ((v.plic as { priority: number[] }).priority[10] = 9)),
        /PLIC priorities/,
      ],
      [
        '17 bytes in the UART FIFO',
        editJson('DEVS', (v) => ((v.uart as { fifo: number[] }).fifo = Array(17).fill(1))),
        /UART FIFO/,
      ],
      [
        'a segment beyond RAM',
        editJson('IMAG', (v) => ((v.segments as { address: number }[])[0].address = 0x80000000 + RAM)),
        /outside this machine's RAM/,
      ],
      [
        'a RAM page beyond RAM',
        (tag, d) => {
          if (tag !== 'RAM ') return d;
          new DataView(d.buffer).setUint32(8, RAM / 4096, true);
          return d;
        },
        /beyond the end of RAM/,
      ],
      ['not JSON', (tag, d) => (tag === 'DEVS' ? d.subarray(1) : d), /'DEVS' is not valid JSON/],
    ];
    for (const [what, edit, message] of cases) {
      const e = refused(victim(), forged(snapshot, edit));
      expect(e.message, what).toMatch(message);
    }
  });
});
