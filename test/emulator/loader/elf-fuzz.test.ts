import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ProgramImage } from '../../../emulator/image';
import { ElfError, loadElf } from '../../../emulator/loader/elf';

/**
 * Property tests: whatever bytes it is given, loadElf returns an image or throws an ElfError, never any
 * other exception, never hangs, and never allocates more segment data than the file holds.
 */

const fixture = readFileSync(join(__dirname, '../../fixtures/elf/hello.elf'));

function loadOrElfError(bytes: Uint8Array): ProgramImage | ElfError {
  try {
    return loadElf(bytes);
  } catch (e) {
    if (e instanceof ElfError) return e;
    throw new Error(`loadElf threw ${String(e)} instead of an ElfError`, { cause: e });
  }
}

function checkImage(bytes: Uint8Array, result: ProgramImage | ElfError): void {
  if (result instanceof ElfError) {
    expect(result.message.length).toBeGreaterThan(0);
    return;
  }
  const loaded = result.segments.reduce((n, s) => n + s.data.length, 0);
  expect(loaded).toBeLessThanOrEqual(bytes.length);
  for (const s of result.segments) expect(s.data.length).toBeLessThanOrEqual(s.memSize);
  expect(result.symbols.length).toBeLessThanOrEqual(bytes.length / 24);
}

/** A header that passes the identification checks, so that random bytes reach the deeper parsing. */
const plausibleHeader = fc.uint8Array({ minLength: 0, maxLength: 600 }).map((tail) => {
  const b = new Uint8Array(64 + tail.length);
  b.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
  b.set(tail.subarray(0, 57), 7);
  b.set(tail.subarray(57), 64);
  b[18] = 243;
  b[19] = 0;
  b[16] = 2;
  return b;
});

/** Edits of a valid file: random bytes, and 16/32/64-bit fields set to extreme values. */
const mutation = fc.oneof(
  fc.record({ at: fc.nat(fixture.length - 1), width: fc.constant(1), value: fc.bigInt(0n, 0xffn) }),
  fc.record({
    at: fc.nat(Math.min(fixture.length, 0x300) - 8), // headers and program headers: where the counts are
    width: fc.constantFrom(2, 4, 8),
    value: fc.constantFrom(0n, 1n, 0x7fn, 0xffffn, 0xffffffffn, 0x80000000n, 0xffffffff_ffffffffn, 1n << 63n),
  }),
  fc.record({
    at: fc.integer({ min: fixture.length - 0x240, max: fixture.length - 8 }), // section headers
    width: fc.constantFrom(2, 4, 8),
    value: fc.constantFrom(0n, 1n, 0xffffn, 0xffffffffn, 0xffffffff_ffffffffn),
  }),
);

function applyMutations(muts: { at: number; width: number; value: bigint }[]): Uint8Array {
  const b = new Uint8Array(fixture);
  const v = new DataView(b.buffer);
  for (const { at, width, value } of muts) {
    if (width === 1) v.setUint8(at, Number(value));
    else if (width === 2) v.setUint16(at, Number(value & 0xffffn), true);
    else if (width === 4) v.setUint32(at, Number(value & 0xffffffffn), true);
    else v.setBigUint64(at, value, true);
  }
  return b;
}

describe('loadElf never fails except with an ElfError', () => {
  it('on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => checkImage(bytes, loadOrElfError(bytes))),
      { numRuns: 500 },
    );
  });

  it('on random bytes behind a valid RV64 identification', () => {
    fc.assert(
      fc.property(plausibleHeader, (bytes) => checkImage(bytes, loadOrElfError(bytes))),
      { numRuns: 1000 },
    );
  });

  it('on random edits of a valid executable', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (muts) => {
        const bytes = applyMutations(muts);
        checkImage(bytes, loadOrElfError(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it('on random truncations of random edits', () => {
    fc.assert(
      fc.property(fc.array(mutation, { maxLength: 3 }), fc.nat(fixture.length), (muts, length) => {
        const bytes = applyMutations(muts).subarray(0, length);
        checkImage(bytes, loadOrElfError(bytes));
      }),
      { numRuns: 1000 },
    );
  });
});
