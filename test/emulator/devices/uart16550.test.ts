/**
 * The NS16550A against the PC16550D datasheet (register map, IIR priorities, FCR trigger levels) and the
 * reset state QEMU 7.2 gives it (hw/char/serial.c serial_reset: divisor 0x0C, MCR = OUT2, MSR = DCD|DSR|CTS),
 * plus what Linux's 8250 driver checks when it probes the port (8250_port.c autoconfig).
 */
import { describe, expect, it } from 'vitest';
import type { AccessWidth, InterruptLine } from '../../../emulator/devices/device';
import { Uart16550 } from '../../../emulator/devices/uart16550';

const RBR = 0;
const THR = 0;
const IER = 1;
const IIR = 2;
const FCR = 2;
const LCR = 3;
const MCR = 4;
const LSR = 5;
const MSR = 6;
const SCR = 7;

class Line implements InterruptLine {
  level = false;
  set(level: boolean): void {
    this.level = level;
  }
}

function uart() {
  const irq = new Line();
  const sent: number[] = [];
  const dev = new Uart16550({ irq, transmit: (b) => sent.push(b) });
  const out = new Int32Array(2);
  const rd = (offset: number): number => {
    expect(dev.read(offset, 1, out)).toBe(true);
    return out[0];
  };
  const wr = (offset: number, value: number): void => {
    expect(dev.write(offset, 1, value, 0)).toBe(true);
  };
  const feed = (text: string): void => dev.receive(new TextEncoder().encode(text));
  return { dev, irq, sent, rd, wr, feed };
}

describe('UART registers', () => {
  it('comes out of reset as QEMU virt has it', () => {
    const { rd, wr, irq } = uart();
    expect([rd(IER), rd(IIR), rd(LCR), rd(MCR), rd(LSR), rd(MSR), rd(SCR)]).toEqual([
      0x00, 0x01, 0x00, 0x08, 0x60, 0xb0, 0x00,
    ]);
    wr(LCR, 0x80);
    expect([rd(0), rd(1)]).toEqual([0x0c, 0x00]);
    expect(irq.level).toBe(false);
  });

  it('transmits a THR write at once and keeps THRE and TEMT set', () => {
    const { rd, wr, sent } = uart();
    wr(THR, 0x48);
    wr(THR, 0x69);
    expect(sent).toEqual([0x48, 0x69]);
    expect(rd(LSR) & 0x60).toBe(0x60);
  });

  it('switches offsets 0 and 1 to the divisor latch while LCR.DLAB is set', () => {
    const { rd, wr, sent } = uart();
    wr(IER, 0x05);
    wr(LCR, 0x83);
    wr(0, 0x01);
    wr(1, 0x02);
    expect(sent).toEqual([]);
    expect([rd(0), rd(1), rd(LCR)]).toEqual([0x01, 0x02, 0x83]);
    wr(LCR, 0x03);
    expect(rd(IER)).toBe(0x05);
  });

  it('keeps only the 4 defined IER bits and 5 MCR bits, and stores SCR', () => {
    const { rd, wr } = uart();
    wr(IER, 0xff);
    wr(MCR, 0xff);
    wr(SCR, 0xa5);
    expect([rd(IER), rd(MCR), rd(SCR)]).toEqual([0x0f, 0x1f, 0xa5]);
  });

  it('reports FIFOs enabled in IIR bits 7:6 (how Linux tells a 16550A)', () => {
    const { rd, wr } = uart();
    wr(FCR, 0x01);
    expect(rd(IIR)).toBe(0xc1);
    wr(FCR, 0x00);
    expect(rd(IIR)).toBe(0x01);
  });

  it('in loopback routes MCR outputs to MSR inputs: MCR 0x1A reads MSR 0x90 (8250 autoconfig test)', () => {
    const { rd, wr } = uart();
    wr(MCR, 0x1a);
    expect(rd(MSR) & 0xf0).toBe(0x90);
    wr(MCR, 0x1f);
    expect(rd(MSR)).toBe(0xf0);
    wr(MCR, 0x08);
    expect(rd(MSR)).toBe(0xb0);
  });

  it('takes wider aligned accesses as byte accesses (QEMU 7.2 serial-mm) and faults past offset 7', () => {
    const { dev, sent } = uart();
    const out = new Int32Array(2);
    expect(dev.write(THR, 4, 0x1234_5641, 0)).toBe(true);
    expect(sent).toEqual([0x41]);
    expect(dev.read(4, 4, out)).toBe(true);
    expect(out[0]).toBe(0x08); // MCR
    for (const width of [1, 2, 4, 8] as AccessWidth[]) expect(dev.read(8, width, out)).toBe(false);
    expect(dev.read(1, 2, out)).toBe(false);
    expect(dev.write(0x10, 1, 0, 0)).toBe(false);
  });
});

describe('UART receiving', () => {
  it('sets LSR.DR while input waits and hands bytes over in order', () => {
    const { dev, rd, feed } = uart();
    expect(dev.hasPendingInput()).toBe(false);
    feed('ab');
    expect(dev.hasPendingInput()).toBe(true);
    expect(rd(LSR)).toBe(0x61);
    expect(rd(RBR)).toBe(0x61);
    expect(rd(RBR)).toBe(0x62);
    expect(rd(LSR)).toBe(0x60);
    expect(dev.hasPendingInput()).toBe(false);
  });

  it('loses no pasted byte and reports no overrun, with or without FIFOs', () => {
    for (const fcr of [0x00, 0x01, 0xc1]) {
      const { rd, wr, feed } = uart();
      wr(FCR, fcr);
      const text = 'The quick brown fox jumps over the lazy dog, '.repeat(5);
      feed(text);
      let got = '';
      while (rd(LSR) & 0x01) got += String.fromCharCode(rd(RBR));
      expect(got).toBe(text);
      expect(rd(LSR) & 0x02).toBe(0);
    }
  });

  it('FCR receiver reset empties the 16-byte FIFO; queued host input then moves in', () => {
    const { rd, wr, feed } = uart();
    wr(FCR, 0x01);
    feed('0123456789abcdefXYZ');
    wr(FCR, 0x03);
    expect(String.fromCharCode(rd(RBR), rd(RBR), rd(RBR))).toBe('XYZ');
    expect(rd(LSR) & 1).toBe(0);
  });
});

describe('UART interrupts', () => {
  it('received data available: IIR 0x04 and IRQ high while data waits and IER.RDI is set', () => {
    const { irq, rd, wr, feed } = uart();
    feed('x');
    expect(irq.level).toBe(false);
    wr(IER, 0x01);
    expect(irq.level).toBe(true);
    expect(rd(IIR)).toBe(0x04);
    rd(RBR);
    expect(irq.level).toBe(false);
    expect(rd(IIR)).toBe(0x01);
  });

  it('with FIFOs: data at the trigger level is 0xC4, fewer bytes a character timeout 0xCC', () => {
    const { rd, wr, feed } = uart();
    wr(FCR, 0x81); // trigger level 8
    wr(IER, 0x01);
    feed('1234567');
    expect(rd(IIR)).toBe(0xcc);
    feed('8');
    expect(rd(IIR)).toBe(0xc4);
    rd(RBR);
    expect(rd(IIR)).toBe(0xcc);
  });

  it('THR empty: raised by enabling IER.THRI, cleared by reading IIR, raised again by each THR write', () => {
    const { irq, rd, wr } = uart();
    wr(IER, 0x02);
    expect(irq.level).toBe(true);
    expect(rd(IIR)).toBe(0x02);
    expect(irq.level).toBe(false);
    expect(rd(IIR)).toBe(0x01);
    wr(THR, 0x21);
    expect(irq.level).toBe(true);
    wr(IER, 0x00);
    expect(irq.level).toBe(false);
  });

  it('ranks received data above THR empty', () => {
    const { rd, wr, feed } = uart();
    feed('z');
    wr(IER, 0x03);
    expect(rd(IIR)).toBe(0x04);
    rd(RBR);
    expect(rd(IIR)).toBe(0x02);
  });

  it('loopback overrun is a receiver line status interrupt (0x06, highest), cleared by reading LSR', () => {
    const { rd, wr, sent, irq } = uart();
    wr(MCR, 0x18);
    wr(IER, 0x05);
    wr(THR, 0x31);
    expect(rd(IIR)).toBe(0x04);
    wr(THR, 0x32); // no FIFO: the second byte overruns the first
    expect(sent).toEqual([]);
    expect(rd(IIR)).toBe(0x06);
    expect(rd(LSR)).toBe(0x63);
    expect(rd(IIR)).toBe(0x04);
    expect(rd(RBR)).toBe(0x32);
    expect(irq.level).toBe(false);
  });

  it("passes Linux 8250's startup checks: THRE reasserts when THRI is re-enabled, and TX irq is seen", () => {
    // drivers/tty/serial/8250/8250_port.c, serial8250_do_startup: UART_BUG_THRE is set when
    // `!(iir1 & UART_IIR_NO_INT) && (iir & UART_IIR_NO_INT)`; UART_BUG_TXEN when
    // `lsr & UART_LSR_TEMT && iir & UART_IIR_NO_INT`. A real 16550 sets neither; with either, Linux falls
    // back to polling timers.
    const { rd, wr } = uart();
    wr(IER, 0x02);
    const iir1 = rd(IIR);
    wr(IER, 0x00);
    wr(IER, 0x02);
    const iir = rd(IIR);
    wr(IER, 0x00);
    expect(iir1 & 0x01).toBe(0);
    expect(iir & 0x01).toBe(0);
    wr(LCR, 0x03);
    wr(MCR, 0x0b);
    wr(IER, 0x02);
    const lsr = rd(LSR);
    const iirTx = rd(IIR);
    wr(IER, 0x00);
    expect(lsr & 0x40).toBe(0x40);
    expect(iirTx & 0x01).toBe(0);
  });
});
