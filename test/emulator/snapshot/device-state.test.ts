/**
 * Each device's captureState/restoreState: a device restored from another's state behaves as that one from
 * then on (what its registers read, what it claims, the levels of its interrupt lines). The registers are
 * set up through the devices' own MMIO interface, at the offsets of the PLIC spec, the 16550 datasheet and
 * the SiFive CLINT layout.
 */
import { describe, expect, it } from 'vitest';
import { Clint } from '../../../emulator/devices/clint';
import type { InterruptLine } from '../../../emulator/devices/device';
import { Htif } from '../../../emulator/devices/htif';
import { Plic } from '../../../emulator/devices/plic';
import { Uart16550 } from '../../../emulator/devices/uart16550';

class Line implements InterruptLine {
  level = false;
  set(level: boolean): void {
    this.level = level;
  }
}

const out = new Int32Array(2);
const read32 = (d: { read(o: number, w: 4, out: Int32Array): boolean }, offset: number): number => {
  expect(d.read(offset, 4, out)).toBe(true);
  return out[0] >>> 0;
};

describe('PLIC state', () => {
  const make = () => {
    const m = new Line();
    const s = new Line();
    const uartLine = new Line();
    return { plic: new Plic({ sources: 96, contexts: [m, s] }), m, s, uartLine };
  };

  it('a restored PLIC claims the same sources in the same order, with the same output levels', () => {
    const a = make();
    // priorities 3 (source 10) and 5 (source 33), both enabled for context 1 (S-mode), threshold 2
    a.plic.write(4 * 10, 4, 3, 0);
    a.plic.write(4 * 33, 4, 5, 0);
    a.plic.write(0x2000 + 0x80 + 0, 4, 1 << 10, 0);
    a.plic.write(0x2000 + 0x80 + 4, 4, 1 << 1, 0);
    a.plic.write(0x20_1000, 4, 2, 0);
    a.plic.source(10).set(true);
    a.plic.source(33).set(true);
    expect(read32(a.plic, 0x20_1004)).toBe(33); // claimed: 33 is in service, 10 still pending
    expect(a.s.level).toBe(true);

    const b = make();
    b.plic.restoreState(a.plic.captureState());
    expect(b.s.level).toBe(true);
    expect(b.m.level).toBe(false);
    for (const p of [a.plic, b.plic]) {
      expect(read32(p, 0x1000)).toBe(1 << 10); // pending word 0
      expect(read32(p, 0x20_1004)).toBe(10);
      expect(read32(p, 0x20_1004)).toBe(0);
      p.write(0x20_1004, 4, 33, 0); // complete 33: its line is still high, so it is pending again
      expect(read32(p, 0x20_1004)).toBe(33);
    }
    expect(b.plic.captureState()).toEqual(a.plic.captureState());
  });
});

describe('UART state', () => {
  const make = () => {
    const irq = new Line();
    const sent: number[] = [];
    return { uart: new Uart16550({ irq, transmit: (b) => sent.push(b) }), irq, sent };
  };

  it('a restored UART holds the same FIFO, queued input and registers, and reads them out the same', () => {
    const a = make();
    a.uart.write(2, 1, 0x01, 0); // FCR: FIFOs on, trigger level 1
    a.uart.write(1, 1, 0x01, 0); // IER: received data available
    a.uart.write(3, 1, 0x80, 0); // LCR.DLAB: divisor latch
    a.uart.write(0, 1, 0x34, 0);
    a.uart.write(3, 1, 0x03, 0); // 8N1, DLAB off
    a.uart.write(7, 1, 0x5a, 0); // SCR
    a.uart.receive(new Uint8Array(Array.from({ length: 20 }, (_, i) => 65 + i))); // 16 in the FIFO, 4 queued
    expect(a.uart.read(0, 1, out)).toBe(true);
    expect(out[0]).toBe(65);

    const b = make();
    b.uart.restoreState(a.uart.captureState());
    expect(b.irq.level).toBe(false); // restoring does not drive the line (the PLIC keeps its own record)
    const drain = (u: Uart16550): number[] => {
      const bytes: number[] = [];
      while (u.read(5, 1, out) && out[0] & 1) {
        u.read(0, 1, out);
        bytes.push(out[0]);
      }
      return bytes;
    };
    expect(read8(b.uart, 7)).toBe(0x5a);
    expect(read8(b.uart, 2)).toBe(read8(a.uart, 2)); // IIR
    b.uart.write(3, 1, 0x83, 0);
    expect(read8(b.uart, 0)).toBe(0x34);
    b.uart.write(3, 1, 0x03, 0);
    const expected = Array.from({ length: 19 }, (_, i) => 66 + i);
    expect(drain(a.uart)).toEqual(expected);
    expect(drain(b.uart)).toEqual(expected);
  });
});

function read8(u: Uart16550, offset: number): number {
  expect(u.read(offset, 1, out)).toBe(true);
  return out[0];
}

describe('CLINT state', () => {
  it('a restored CLINT has the same mtime, mtimecmp and msip, and raises MTIP at the same step', () => {
    const clockA = { steps: 1000 };
    const a = { msip: new Line(), mtip: new Line() };
    const clintA = new Clint(clockA, a.msip, a.mtip);
    clintA.write(0xbff8, 8, 5000, 0); // mtime = 5000
    clintA.write(0x4000, 8, 5100, 0); // mtimecmp = 5100
    clintA.write(0, 4, 1, 0); // msip
    const clockB = { steps: 1000 };
    const b = { msip: new Line(), mtip: new Line() };
    const clintB = new Clint(clockB, b.msip, b.mtip);
    clintB.restoreState(clintA.captureState());
    expect(clintB.mtime).toBe(5000);
    expect(clintB.mtimecmp).toBe(5100);
    expect(b.msip.level).toBe(true);
    expect(b.mtip.level).toBe(false);
    expect(clintB.deadline).toBe(1100);
    clockB.steps = 1100;
    clintB.updateTimer();
    expect(b.mtip.level).toBe(true);
  });
});

describe('HTIF state', () => {
  it('a restored HTIF reads the same tohost and fromhost words', () => {
    const a = new Htif({ exit: () => {}, consoleByte: () => {}, fromhostOffset: 64 });
    a.write(64, 8, 0x1234, 0x5678);
    a.write(8, 4, 0xabcd, 0);
    const b = new Htif({ exit: () => {}, consoleByte: () => {}, fromhostOffset: 64 });
    b.restoreState(a.captureState());
    expect(read32(b, 64)).toBe(0x1234);
    expect(read32(b, 68)).toBe(0x5678);
    expect(read32(b, 8)).toBe(0xabcd);
  });
});
