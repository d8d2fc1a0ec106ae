import { UART0_SIZE } from '../board/memory-map';
import type { AccessWidth, Device, InterruptLine } from './device';

/**
 * The NS16550A UART of QEMU's virt board: the console. Register behaviour follows the 16550A datasheet
 * (TI/National PC16550D) as QEMU 7.2 models it (hw/char/serial.c), which is what OpenSBI's uart8250 driver
 * and Linux's 8250 driver run against on that board.
 *
 *   off  DLAB=0 read   DLAB=0 write   DLAB=1
 *   0    RBR           THR            DLL (divisor latch, low byte)
 *   1    IER           IER            DLM (divisor latch, high byte)
 *   2    IIR           FCR
 *   3    LCR           LCR            (bit 7 is DLAB)
 *   4    MCR           MCR
 *   5    LSR           (ignored)
 *   6    MSR           (ignored)
 *   7    SCR           SCR
 *
 * Access widths: like QEMU 7.2's serial-mm (valid.max_access_size = 8), an aligned access of any width at
 * offsets 0..7 is taken as a byte access of that register: writes use the low byte, reads return the byte
 * zero-extended. Offsets 8 and up are outside QEMU's 8-byte region, so they fault.
 *
 * SIMPLIFICATION: there is no serial line and no baud rate. A transmitted byte leaves at once (LSR.THRE and
 * LSR.TEMT stay set), received bytes are waiting as soon as the host delivers them, and the divisor and
 * line control settings are stored but change nothing. There are no modem lines either: MSR reads the
 * fixed levels QEMU reports (DCD, DSR, CTS), its delta bits never set, so the modem-status interrupt never
 * becomes pending.
 */
const RBR_THR_DLL = 0;
const IER_DLM = 1;
const IIR_FCR = 2;
const LCR = 3;
const MCR = 4;
const LSR = 5;
const MSR = 6;
const SCR = 7;

const IER_RDI = 0x01; // received data available
const IER_THRI = 0x02; // transmitter holding register empty
const IER_RLSI = 0x04; // receiver line status

const IIR_NO_INT = 0x01;
const IIR_RLSI = 0x06;
const IIR_RDI = 0x04;
const IIR_CTI = 0x0c; // character timeout (FIFO mode)
const IIR_THRI = 0x02;
const IIR_FIFO_ENABLED = 0xc0;

const FCR_FE = 0x01;
const FCR_RFR = 0x02;
const FCR_XFR = 0x04;
/** FCR bits that stick (enable, DMA mode, trigger level); the reset bits are self-clearing. */
const FCR_STICKY = 0xc9;

const LCR_DLAB = 0x80;
const MCR_OUT2 = 0x08;
const MCR_LOOP = 0x10;

const LSR_DR = 0x01;
const LSR_OE = 0x02;
const LSR_BI = 0x10;
const LSR_THRE = 0x20;
const LSR_TEMT = 0x40;
/** Error bits that raise the receiver-line-status interrupt (OE, PE, FE, BI). */
const LSR_INT_ANY = 0x1e;

const MSR_CTS = 0x10;
const MSR_DSR = 0x20;
const MSR_DCD = 0x80;

/** The 16550A's receive FIFO holds 16 bytes; with FIFOs off the receiver holds one (RBR). */
const FIFO_SIZE = 16;
/** Receive trigger levels selected by FCR bits 7:6 (datasheet, FCR description). */
const TRIGGER_LEVELS = [1, 4, 8, 14];

export interface UartConfig {
  /** The UART's interrupt output (PLIC source 10 on virt). */
  irq: InterruptLine;
  /** Called with every byte the guest transmits (not in loopback mode). */
  transmit: (byte: number) => void;
}

/** What a snapshot keeps of the UART: its registers, the receive FIFO and the host's queued input. */
export interface UartState {
  ier: number;
  iir: number;
  fcr: number;
  lcr: number;
  mcr: number;
  lsr: number;
  scr: number;
  divisor: number;
  rbr: number;
  thrInterrupt: boolean;
  fifo: number[];
  hostQueue: number[];
}

/** The receive FIFO's size, for the snapshot's checks. */
export const UART_FIFO_SIZE = FIFO_SIZE;

export class Uart16550 implements Device {
  readonly name = 'uart16550';
  readonly size = UART0_SIZE;

  private readonly irq: InterruptLine;
  private readonly transmit: (byte: number) => void;

  private ier = 0;
  private iir = IIR_NO_INT;
  private fcr = 0;
  private lcr = 0;
  private mcr = MCR_OUT2;
  private lsr = LSR_THRE | LSR_TEMT;
  private scr = 0;
  private divisor = 0x0c;
  /** The last byte received with FIFOs off (what RBR reads once it is empty, as on the chip). */
  private rbr = 0;
  /** A THR-empty interrupt is pending (cleared by reading IIR while it is the one shown, or writing THR). */
  private thrInterrupt = false;
  /** The receive FIFO (or, with FIFOs off, the one-byte receiver buffer). */
  private fifo: number[] = [];
  /**
   * Bytes the host has delivered that do not fit in the FIFO yet. They move in as the guest drains it, so a
   * paste into the console is not lost the way it would overrun a real chip.
   */
  private hostQueue: number[] = [];
  private hostQueueHead = 0;

  constructor(config: UartConfig) {
    this.irq = config.irq;
    this.transmit = config.transmit;
    this.reset();
  }

  /** Power-on state (datasheet "Reset" table, with QEMU's choices for divisor, MCR and MSR). */
  reset(): void {
    this.ier = 0;
    this.iir = IIR_NO_INT;
    this.fcr = 0;
    this.lcr = 0;
    this.mcr = MCR_OUT2;
    this.lsr = LSR_THRE | LSR_TEMT;
    this.scr = 0;
    this.divisor = 0x0c;
    this.rbr = 0;
    this.thrInterrupt = false;
    this.fifo = [];
    this.hostQueue = [];
    this.hostQueueHead = 0;
    this.updateIrq();
  }

  /** Bytes typed or pasted by the user, for the guest to read. */
  receive(bytes: Uint8Array): void {
    for (const b of bytes) this.hostQueue.push(b);
    this.refill();
    this.updateIrq();
  }

  /** Whether received input is waiting for the guest (in the FIFO or still queued by the host). */
  hasPendingInput(): boolean {
    return this.fifo.length > 0 || this.hostQueueHead < this.hostQueue.length;
  }

  read(offset: number, width: AccessWidth, out: Int32Array): boolean {
    if (offset >= 8 || (offset & (width - 1)) !== 0) return false;
    out[0] = this.readRegister(offset);
    out[1] = 0;
    return true;
  }

  write(offset: number, width: AccessWidth, lo: number, _hi: number): boolean {
    if (offset >= 8 || (offset & (width - 1)) !== 0) return false;
    this.writeRegister(offset, lo & 0xff);
    return true;
  }

  private readRegister(reg: number): number {
    switch (reg) {
      case RBR_THR_DLL:
        return this.lcr & LCR_DLAB ? this.divisor & 0xff : this.readRbr();
      case IER_DLM:
        return this.lcr & LCR_DLAB ? this.divisor >>> 8 : this.ier;
      case IIR_FCR: {
        const value = this.iir;
        // Reading IIR while it shows THR empty acknowledges that interrupt (datasheet, IIR table).
        if ((value & 0x0f) === IIR_THRI) {
          this.thrInterrupt = false;
          this.updateIrq();
        }
        return value;
      }
      case LCR:
        return this.lcr;
      case MCR:
        return this.mcr;
      case LSR: {
        const value = this.lsr | (this.fifo.length > 0 ? LSR_DR : 0);
        // Reading LSR clears the overrun and break indications (and the line-status interrupt).
        if (this.lsr & (LSR_OE | LSR_BI)) {
          this.lsr &= ~(LSR_OE | LSR_BI);
          this.updateIrq();
        }
        return value;
      }
      case MSR:
        return this.readMsr();
      default:
        return this.scr;
    }
  }

  private writeRegister(reg: number, value: number): void {
    switch (reg) {
      case RBR_THR_DLL:
        if (this.lcr & LCR_DLAB) this.divisor = (this.divisor & 0xff00) | value;
        else this.writeThr(value);
        return;
      case IER_DLM:
        if (this.lcr & LCR_DLAB) this.divisor = (this.divisor & 0x00ff) | (value << 8);
        else this.writeIer(value);
        return;
      case IIR_FCR:
        this.writeFcr(value);
        return;
      case LCR:
        this.lcr = value;
        return;
      case MCR:
        this.mcr = value & 0x1f;
        // Leaving loopback reconnects the receiver to the host's input.
        this.refill();
        this.updateIrq();
        return;
      case SCR:
        this.scr = value;
        return;
      default:
        return; // LSR and MSR are read-only
    }
  }

  private readRbr(): number {
    let value: number;
    if (this.fcr & FCR_FE) {
      value = this.fifo.shift() ?? 0;
    } else {
      if (this.fifo.length > 0) this.rbr = this.fifo.shift() as number;
      value = this.rbr;
    }
    this.refill();
    this.updateIrq();
    return value;
  }

  /** Transmission is instantaneous: THR is empty again before the guest can look (see the file comment). */
  private writeThr(value: number): void {
    if (this.mcr & MCR_LOOP) this.loopback(value);
    else this.transmit(value);
    // The holding register emptied again, which is a new THR-empty event (QEMU serial_xmit).
    this.thrInterrupt = true;
    this.updateIrq();
  }

  private writeIer(value: number): void {
    const changed = (this.ier ^ value) & 0x0f;
    this.ier = value & 0x0f;
    // Turning THRI on while THR is empty raises the THR-empty interrupt; Linux's 8250 driver relies on it to
    // start transmitting, and QEMU does the same (serial.c, "Turning on the THRE interrupt on IER...").
    if (changed & IER_THRI) this.thrInterrupt = (this.ier & IER_THRI) !== 0;
    this.updateIrq();
  }

  private writeFcr(value: number): void {
    // Switching the FIFOs on or off empties both (datasheet, FCR bit 0).
    if ((value ^ this.fcr) & FCR_FE) value |= FCR_RFR | FCR_XFR;
    if (value & FCR_RFR) this.fifo = [];
    if (value & FCR_XFR) this.thrInterrupt = true; // the (always empty) transmit FIFO is reset: THR empty
    this.fcr = value & FCR_STICKY;
    this.iir = (this.iir & 0x0f) | (this.fcr & FCR_FE ? IIR_FIFO_ENABLED : 0);
    this.refill();
    this.updateIrq();
  }

  /** In loopback the modem outputs feed the modem inputs: DTR->DSR, RTS->CTS, OUT1->RI, OUT2->DCD. */
  private readMsr(): number {
    if (this.mcr & MCR_LOOP) {
      return ((this.mcr & 0x0c) << 4) | ((this.mcr & 0x02) << 3) | ((this.mcr & 0x01) << 5);
    }
    return MSR_DCD | MSR_DSR | MSR_CTS;
  }

  /** A byte transmitted in loopback mode arrives at the receiver; if there is no room it is an overrun. */
  private loopback(value: number): void {
    if (this.fifo.length < this.capacity()) this.fifo.push(value);
    else {
      this.lsr |= LSR_OE;
      // Without FIFOs the new byte overwrites RBR; a full FIFO keeps its contents (datasheet, LSR bit 1).
      if (!(this.fcr & FCR_FE)) this.fifo[0] = value;
    }
  }

  private capacity(): number {
    return this.fcr & FCR_FE ? FIFO_SIZE : 1;
  }

  /** Move host input into the receiver while there is room (not in loopback: the line is disconnected). */
  private refill(): void {
    if (this.mcr & MCR_LOOP) return;
    const queue = this.hostQueue;
    while (this.fifo.length < this.capacity() && this.hostQueueHead < queue.length) {
      this.fifo.push(queue[this.hostQueueHead++]);
    }
    if (this.hostQueueHead === queue.length) {
      this.hostQueue = [];
      this.hostQueueHead = 0;
    } else if (this.hostQueueHead > 4096) {
      this.hostQueue = queue.slice(this.hostQueueHead);
      this.hostQueueHead = 0;
    }
  }

  /**
   * Interrupt identification in the 16550's priority order (datasheet, IIR table): receiver line status,
   * received data available (or character timeout), THR empty, modem status (never pending here). The IRQ
   * output is high while an enabled interrupt is pending.
   *
   * SIMPLIFICATION: with FIFOs on, fewer bytes than the trigger level raise the character-timeout
   * interrupt at once instead of after four character times: no more bytes can be on their way, since the
   * host's input moves into the FIFO as soon as there is room.
   */
  private updateIrq(): void {
    const count = this.fifo.length;
    let id = IIR_NO_INT;
    if (this.ier & IER_RLSI && this.lsr & LSR_INT_ANY) id = IIR_RLSI;
    else if (this.ier & IER_RDI && count > 0) {
      if (!(this.fcr & FCR_FE) || count >= TRIGGER_LEVELS[this.fcr >>> 6]) id = IIR_RDI;
      else id = IIR_CTI;
    } else if (this.ier & IER_THRI && this.thrInterrupt) id = IIR_THRI;
    this.iir = (this.iir & 0xf0) | id;
    this.irq.set(id !== IIR_NO_INT);
  }

  captureState(): UartState {
    return {
      ier: this.ier,
      iir: this.iir,
      fcr: this.fcr,
      lcr: this.lcr,
      mcr: this.mcr,
      lsr: this.lsr,
      scr: this.scr,
      divisor: this.divisor,
      rbr: this.rbr,
      thrInterrupt: this.thrInterrupt,
      fifo: [...this.fifo],
      hostQueue: this.hostQueue.slice(this.hostQueueHead),
    };
  }

  /**
   * Take a state from captureState (checked by the caller). The IRQ line is not driven: the PLIC restores
   * its own record of the line's level, and driving it again would make the source pending a second time.
   */
  restoreState(s: UartState): void {
    this.ier = s.ier & 0x0f;
    this.iir = s.iir & 0xff;
    this.fcr = s.fcr & FCR_STICKY;
    this.lcr = s.lcr & 0xff;
    this.mcr = s.mcr & 0x1f;
    this.lsr = s.lsr & 0xff;
    this.scr = s.scr & 0xff;
    this.divisor = s.divisor & 0xffff;
    this.rbr = s.rbr & 0xff;
    this.thrInterrupt = s.thrInterrupt;
    this.fifo = s.fifo.map((b) => b & 0xff);
    this.hostQueue = s.hostQueue.map((b) => b & 0xff);
    this.hostQueueHead = 0;
  }
}
