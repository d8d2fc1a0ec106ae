/**
 * The PLIC against the RISC-V PLIC specification (1.0.0) and QEMU 7.2's virt board (hw/intc/sifive_plic.c,
 * hw/riscv/virt.h: 96 sources counting source 0, 3 priority bits, contexts 0 = hart 0 M-mode, 1 = S-mode).
 */
import { describe, expect, it } from 'vitest';
import type { AccessWidth, InterruptLine } from '../../../emulator/devices/device';
import { Plic } from '../../../emulator/devices/plic';

const PRIORITY = (id: number): number => 4 * id;
const PENDING = (word: number): number => 0x1000 + 4 * word;
const ENABLE = (ctx: number, word: number): number => 0x2000 + 0x80 * ctx + 4 * word;
const THRESHOLD = (ctx: number): number => 0x20_0000 + 0x1000 * ctx;
const CLAIM = (ctx: number): number => 0x20_0004 + 0x1000 * ctx;

class Line implements InterruptLine {
  level = false;
  set(level: boolean): void {
    this.level = level;
  }
}

function board() {
  const m = new Line();
  const s = new Line();
  const plic = new Plic({ sources: 96, contexts: [m, s] });
  const out = new Int32Array(2);
  const rd = (offset: number): number => {
    expect(plic.read(offset, 4, out)).toBe(true);
    return out[0] >>> 0;
  };
  const wr = (offset: number, value: number): void => {
    expect(plic.write(offset, 4, value, 0)).toBe(true);
  };
  return { plic, m, s, rd, wr };
}

describe('PLIC registers', () => {
  it('starts with every priority, pending bit, enable and threshold zero and nothing to claim', () => {
    const { rd, m, s } = board();
    for (const id of [1, 10, 95]) expect(rd(PRIORITY(id))).toBe(0);
    for (const w of [0, 1, 2]) {
      expect(rd(PENDING(w))).toBe(0);
      expect(rd(ENABLE(0, w))).toBe(0);
      expect(rd(ENABLE(1, w))).toBe(0);
    }
    expect(rd(THRESHOLD(0))).toBe(0);
    expect(rd(CLAIM(0))).toBe(0);
    expect(m.level).toBe(false);
    expect(s.level).toBe(false);
  });

  it('keeps 3 priority bits (WARL, QEMU virt: value % 8) in priorities and thresholds', () => {
    const { rd, wr } = board();
    wr(PRIORITY(0), 5);
    expect(rd(PRIORITY(0))).toBe(0); // source 0 does not exist
    wr(PRIORITY(10), 0xffffffff);
    expect(rd(PRIORITY(10))).toBe(7);
    wr(PRIORITY(10), 9);
    expect(rd(PRIORITY(10))).toBe(1);
    wr(THRESHOLD(1), 0x1f);
    expect(rd(THRESHOLD(1))).toBe(7);
  });

  it('shows a raised source in the read-only pending array, still pending after the line falls', () => {
    const { plic, rd, wr } = board();
    plic.source(10).set(true);
    plic.source(95).set(true);
    expect(rd(PENDING(0))).toBe(1 << 10);
    expect(rd(PENDING(2))).toBe(0x8000_0000); // source 95 = word 2, bit 31
    wr(PENDING(0), 0);
    expect(rd(PENDING(0))).toBe(1 << 10);
    // PLIC spec, "Interrupt Gateways": the request stays pending until claimed (QEMU 7.2.x does the same).
    plic.source(10).set(false);
    expect(rd(PENDING(0))).toBe(1 << 10);
  });

  it('enable words exist for 96 sources only (3 words per context); the rest read zero', () => {
    const { rd, wr } = board();
    wr(ENABLE(0, 2), 0xdeadbeef);
    wr(ENABLE(0, 3), 0xffffffff);
    expect(rd(ENABLE(0, 2))).toBe(0xdeadbeef);
    expect(rd(ENABLE(0, 3))).toBe(0);
    expect(rd(ENABLE(1, 2))).toBe(0);
  });

  it('accepts only aligned 32-bit accesses (QEMU: min = max access size 4)', () => {
    const { plic } = board();
    const out = new Int32Array(2);
    for (const width of [1, 2, 8] as AccessWidth[]) {
      expect(plic.read(PRIORITY(1), width, out)).toBe(false);
      expect(plic.write(PRIORITY(1), width, 1, 0)).toBe(false);
    }
    expect(plic.read(PRIORITY(1) + 2, 4, out)).toBe(false);
  });

  it('has sources 1..95 and no source 0', () => {
    const { plic } = board();
    expect(() => plic.source(0)).toThrow(RangeError);
    expect(() => plic.source(96)).toThrow(RangeError);
    expect(() => plic.source(95)).not.toThrow();
  });
});

describe('PLIC notification, claim and completion', () => {
  it('raises a context only for a pending, enabled source whose priority exceeds the threshold', () => {
    const { plic, m, s, wr } = board();
    plic.source(10).set(true);
    expect(m.level).toBe(false); // priority 0 means "never interrupt"
    wr(PRIORITY(10), 1);
    expect(m.level).toBe(false); // not enabled
    wr(ENABLE(0, 0), 1 << 10);
    expect(m.level).toBe(true);
    expect(s.level).toBe(false);
    wr(THRESHOLD(0), 1);
    expect(m.level).toBe(false); // priority must be strictly greater than the threshold
    wr(THRESHOLD(0), 0);
    expect(m.level).toBe(true);
    wr(ENABLE(0, 0), 0);
    expect(m.level).toBe(false);
  });

  it('claims the highest priority first, the lowest id among equals, then 0', () => {
    const { plic, rd, wr } = board();
    for (const [id, prio] of [
      [5, 2],
      [9, 3],
      [7, 3],
      [40, 1],
    ]) {
      wr(PRIORITY(id), prio);
      plic.source(id).set(true);
    }
    wr(ENABLE(0, 0), 0xffffffff);
    wr(ENABLE(0, 1), 0xffffffff);
    expect([rd(CLAIM(0)), rd(CLAIM(0)), rd(CLAIM(0)), rd(CLAIM(0)), rd(CLAIM(0))]).toEqual([7, 9, 5, 40, 0]);
  });

  it('a claim clears the pending bit and holds the source until completion; a still-high level re-pends', () => {
    const { plic, m, rd, wr } = board();
    wr(PRIORITY(10), 1);
    wr(ENABLE(0, 0), 1 << 10);
    plic.source(10).set(true);
    expect(rd(CLAIM(0))).toBe(10);
    expect(rd(PENDING(0))).toBe(0);
    expect(m.level).toBe(false);
    expect(rd(CLAIM(0))).toBe(0);
    wr(CLAIM(0), 10); // complete while the device still asserts its line
    expect(rd(PENDING(0))).toBe(1 << 10);
    expect(m.level).toBe(true);
    expect(rd(CLAIM(0))).toBe(10);
    plic.source(10).set(false);
    wr(CLAIM(0), 10);
    expect(rd(PENDING(0))).toBe(0);
    expect(m.level).toBe(false);
  });

  it('a source raised again while in service waits for completion', () => {
    const { plic, m, rd, wr } = board();
    wr(PRIORITY(3), 2);
    wr(ENABLE(0, 0), 1 << 3);
    plic.source(3).set(true);
    expect(rd(CLAIM(0))).toBe(3);
    plic.source(3).set(false);
    plic.source(3).set(true);
    expect(rd(PENDING(0))).toBe(1 << 3);
    expect(m.level).toBe(false);
    expect(rd(CLAIM(0))).toBe(0);
    wr(CLAIM(0), 3);
    expect(m.level).toBe(true);
  });

  it('gives the S-mode context its own enables, threshold and claim register', () => {
    const { plic, m, s, rd, wr } = board();
    wr(PRIORITY(1), 4);
    wr(PRIORITY(2), 5);
    wr(ENABLE(1, 0), 1 << 1);
    wr(ENABLE(0, 0), 1 << 2);
    plic.source(1).set(true);
    expect(s.level).toBe(true);
    expect(m.level).toBe(false);
    wr(THRESHOLD(1), 4);
    expect(s.level).toBe(false);
    expect(rd(CLAIM(1))).toBe(0); // QEMU: a claim also respects the threshold
    wr(THRESHOLD(1), 3);
    plic.source(2).set(true);
    expect(m.level).toBe(true);
    expect(rd(CLAIM(1))).toBe(1);
    expect(rd(CLAIM(0))).toBe(2);
  });

  it('reset() drops every register and lowers the outputs', () => {
    const { plic, m, rd, wr } = board();
    wr(PRIORITY(10), 1);
    wr(ENABLE(0, 0), 1 << 10);
    plic.source(10).set(true);
    expect(m.level).toBe(true);
    plic.reset();
    expect(m.level).toBe(false);
    expect(rd(PRIORITY(10))).toBe(0);
    expect(rd(ENABLE(0, 0))).toBe(0);
  });
});
