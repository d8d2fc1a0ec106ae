import type { AccessWidth, Device } from './device';

/**
 * The host-target interface (HTIF) of Spike's front-end server (riscv-isa-sim fesvr), as riscv-tests and
 * other bare-metal programs use it: two 64-bit words, `tohost` and `fromhost`, at the addresses of those
 * symbols in the loaded ELF. The machine maps this device over them, with its base at tohost. A non-zero
 * tohost is a command to the host:
 *   bits 63:56 device, bits 55:48 command, bits 47:0 payload (fesvr/device.h, command_t)
 *   device 0 (syscall proxy), command 0, payload bit 0 set: exit with code payload >> 1 (1 = pass)
 *   device 1 (bcd console), command 1: print the low byte of the payload
 * As fesvr's htif_t does, the host clears tohost once it has taken a command. A console write is answered in
 * fromhost with the command's device and command bits and 0x100 | byte, as QEMU's HTIF does
 * (hw/char/riscv_htif.c, used by its `spike` board); Spike itself prints without answering (bcd_t::
 * handle_write), and programs written for either only wait for tohost to clear.
 *
 * A command is taken when a whole 64-bit value has been written: an 8-byte store at tohost, or a 4-byte
 * store to its high half, which riscv-tests make after the low half (`sw lo, tohost; sw hi, tohost+4`).
 * Reads return what is stored; any aligned access width works, since these words are ordinary RAM in Spike.
 */
const TOHOST = 0;

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
  /**
   * Where `fromhost` lies, in bytes after tohost: 8 (the default) when it follows tohost directly, 64 in
   * riscv-tests (whose env aligns each symbol to 64 bytes), null when the program has no fromhost above
   * tohost. The device spans tohost through fromhost, so that no byte of the program's other data is
   * covered; bytes in between keep what is stored in them, as the RAM they replace would.
   */
  fromhostOffset?: number | null;
}

/** What a snapshot keeps of HTIF: the bytes of tohost through fromhost. */
export interface HtifState {
  bytes: number[];
}

export class Htif implements Device {
  readonly name = 'htif';
  readonly size: number;
  private readonly fromhost: number | null;
  private readonly bytes: Uint8Array;
  private readonly view: DataView;

  constructor(private readonly config: HtifConfig) {
    const fromhost = config.fromhostOffset === undefined ? 8 : config.fromhostOffset;
    if (
      fromhost !== null &&
      (!Number.isInteger(fromhost) || fromhost < 8 || fromhost % 8 !== 0 || fromhost > 4096)
    ) {
      throw new RangeError(
        `HTIF fromhost must lie 8..4096 bytes after tohost, 8-byte aligned, not ${fromhost}`,
      );
    }
    this.fromhost = fromhost;
    this.size = fromhost === null ? 8 : fromhost + 8;
    this.bytes = new Uint8Array(this.size);
    this.view = new DataView(this.bytes.buffer);
  }

  /** Power-on state: both words zero. */
  reset(): void {
    this.bytes.fill(0);
  }

  read(offset: number, width: AccessWidth, out: Int32Array): boolean {
    if (offset + width > this.size || (offset & (width - 1)) !== 0) return false;
    const v = this.view;
    out[1] = 0;
    if (width === 8) {
      out[0] = v.getInt32(offset, true);
      out[1] = v.getInt32(offset + 4, true);
    } else if (width === 4) out[0] = v.getInt32(offset, true);
    else if (width === 2) out[0] = v.getUint16(offset, true);
    else out[0] = v.getUint8(offset);
    return true;
  }

  write(offset: number, width: AccessWidth, lo: number, hi: number): boolean {
    if (offset + width > this.size || (offset & (width - 1)) !== 0) return false;
    const v = this.view;
    if (width === 8) {
      v.setInt32(offset, lo, true);
      v.setInt32(offset + 4, hi, true);
    } else if (width === 4) v.setInt32(offset, lo, true);
    else if (width === 2) v.setUint16(offset, lo, true);
    else v.setUint8(offset, lo);
    if ((offset === TOHOST && width === 8) || (offset === TOHOST + 4 && width === 4)) this.command();
    return true;
  }

  /** Carry out the command now in tohost (fesvr htif_t: read tohost, clear it, dispatch to the device). */
  private command(): void {
    const v = this.view;
    const lo = v.getUint32(TOHOST, true);
    const hi = v.getUint32(TOHOST + 4, true);
    if (lo === 0 && hi === 0) return;
    const device = hi >>> 24;
    const cmd = (hi >>> 16) & 0xff;
    const payloadHigh = hi & 0xffff;
    v.setBigUint64(TOHOST, 0n, true);
    if (device === DEVICE_SYSCALL && cmd === 0) {
      if (lo & 1) {
        // exit code = payload >> 1, payload being 48 bits wide
        this.config.exit(payloadHigh * 2 ** 31 + (lo >>> 1));
        return;
      }
      // SIMPLIFICATION: Spike proxies system calls (write, read, open...) described by a block of guest
      // memory at the payload's address. hartscope has no host file system to offer, so the run ends.
      const value = (payloadHigh * 2 ** 32 + lo).toString(16);
      this.config.report?.(
        `HTIF: the guest asked for a proxied system call (tohost = 0x${value}), ` +
          `which hartscope does not provide; exiting with code ${HTIF_UNSUPPORTED_SYSCALL_EXIT}`,
      );
      this.config.exit(HTIF_UNSUPPORTED_SYSCALL_EXIT);
    } else if (device === DEVICE_BCD && cmd === BCD_WRITE) {
      const byte = lo & 0xff;
      this.config.consoleByte(byte);
      // SIMPLIFICATION: a new answer replaces an unread one (QEMU does the same; guests that print this way
      // never read the answers). Without a fromhost word there is nowhere to answer.
      if (this.fromhost !== null) {
        v.setUint32(this.fromhost, 0x100 | byte, true);
        v.setUint32(this.fromhost + 4, hi & 0xffff0000, true);
      }
    }
    // Other devices and commands are ignored, as Spike's null device does (console reads included).
  }

  captureState(): HtifState {
    return { bytes: Array.from(this.bytes) };
  }

  /** Take a state from captureState (checked by the caller: `bytes` holds exactly `size` bytes). */
  restoreState(s: HtifState): void {
    this.bytes.set(s.bytes);
  }
}
