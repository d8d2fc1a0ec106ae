import type { AccessWidth, Device } from './device';

/**
 * The host-target interface of Spike (riscv-isa-sim fesvr), as riscv-tests and other bare-metal programs use
 * it: two 64-bit words, `tohost` and `fromhost`, at the addresses of those symbols in the loaded ELF (the
 * machine maps this 16-byte device over them). A non-zero tohost is a command to the host:
 *   bits 63:56 device, bits 55:48 command, bits 47:0 payload (fesvr/device.h, command_t)
 *   device 0 (syscall proxy), command 0, payload bit 0 set: exit with code payload >> 1 (1 = pass)
 *   device 1 (bcd console), command 1: print the low byte of the payload
 * As Spike's htif_t does, the host clears tohost once it has taken a command, and answers the console write
 * in fromhost with the command's device and command bits and 0x100 | byte (bcd_t::handle_write).
 *
 * A command is taken when a whole 64-bit value has been written: an 8-byte store at tohost, or a 4-byte
 * store to its high half, which riscv-tests make after the low half (`sw lo, tohost; sw hi, tohost+4`).
 * Reads return what is stored; any aligned access width works, since these words are ordinary RAM in Spike.
 */
const TOHOST_LO = 0;
const TOHOST_HI = 1;
const FROMHOST_LO = 2;
const FROMHOST_HI = 3;

const DEVICE_SYSCALL = 0;
const DEVICE_BCD = 1;
const BCD_WRITE = 1;

/** Exit code of a run that asked for a proxied system call, which hartscope does not provide. */
export const HTIF_UNSUPPORTED_SYSCALL_EXIT = 0xfe;

export interface HtifConfig {
  exit: (code: number) => void;
  consoleByte: (b: number) => void;
  /** Told why the run ended when the guest asked for something hartscope does not implement. */
  report?: (message: string) => void;
}

export class Htif implements Device {
  readonly name = 'htif';
  readonly size = 16;
  /** tohost low, tohost high, fromhost low, fromhost high. */
  private readonly words = new Int32Array(4);
  private readonly bytes = new Uint8Array(this.words.buffer);

  constructor(private readonly config: HtifConfig) {}

  read(offset: number, width: AccessWidth, out: Int32Array): boolean {
    if (offset + width > this.size || (offset & (width - 1)) !== 0) return false;
    const b = this.bytes;
    if (width === 8) {
      out[0] = this.words[offset >>> 2];
      out[1] = this.words[(offset >>> 2) + 1];
      return true;
    }
    if (width === 4) out[0] = this.words[offset >>> 2];
    else if (width === 2) out[0] = b[offset] | (b[offset + 1] << 8);
    else out[0] = b[offset];
    out[1] = 0;
    return true;
  }

  write(offset: number, width: AccessWidth, lo: number, hi: number): boolean {
    if (offset + width > this.size || (offset & (width - 1)) !== 0) return false;
    if (width >= 4) {
      this.words[offset >>> 2] = lo;
      if (width === 8) this.words[(offset >>> 2) + 1] = hi;
    } else {
      this.bytes[offset] = lo;
      if (width === 2) this.bytes[offset + 1] = lo >>> 8;
    }
    if ((offset === 0 && width === 8) || (offset === 4 && width === 4)) this.command();
    return true;
  }

  /** Carry out the command now in tohost (fesvr htif_t: read tohost, clear it, dispatch to the device). */
  private command(): void {
    const lo = this.words[TOHOST_LO];
    const hi = this.words[TOHOST_HI];
    if (lo === 0 && hi === 0) return;
    const device = hi >>> 24;
    const cmd = (hi >>> 16) & 0xff;
    const payloadHigh = hi & 0xffff;
    this.words[TOHOST_LO] = 0;
    this.words[TOHOST_HI] = 0;
    if (device === DEVICE_SYSCALL && cmd === 0) {
      if (lo & 1) {
        // exit code = payload >> 1, payload being 48 bits wide
        this.config.exit(payloadHigh * 2 ** 31 + (lo >>> 1));
        return;
      }
      // SIMPLIFICATION: Spike proxies system calls (write, read, open...) described by a block of guest
      // memory at the payload's address. hartscope has no host file system to offer, so the run ends.
      this.config.report?.(
        `HTIF: the guest asked for a proxied system call (tohost = 0x${(payloadHigh * 2 ** 32 + (lo >>> 0)).toString(16)}), ` +
          `which hartscope does not provide; exiting with code ${HTIF_UNSUPPORTED_SYSCALL_EXIT}`,
      );
      this.config.exit(HTIF_UNSUPPORTED_SYSCALL_EXIT);
    } else if (device === DEVICE_BCD && cmd === BCD_WRITE) {
      const byte = lo & 0xff;
      this.config.consoleByte(byte);
      // SIMPLIFICATION: Spike queues answers until the guest has emptied fromhost; here a new answer
      // replaces an unread one (guests that print this way never read the answers).
      this.words[FROMHOST_LO] = 0x100 | byte;
      this.words[FROMHOST_HI] = hi & 0xffff0000;
    }
    // Other devices and commands are ignored, as Spike's null device does (console reads included).
  }
}
