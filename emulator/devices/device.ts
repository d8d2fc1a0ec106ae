/**
 * The one small interface every device implements (as in rvemu and TinyEMU): the bus hands it offsets from
 * its own base, so a device is unit-tested without a CPU.
 *
 * Values cross as 32-bit halves so that no BigInt and no allocation appears on the access path: a read of
 * width 8 puts the low half in out[0] and the high half in out[1]; narrower reads put the zero-extended value
 * in out[0] (as an unsigned or signed 32-bit number, callers mask) and leave out[1] = 0.
 * A device answers false when it does not accept the access (a width or offset it does not implement): the
 * hart then raises an access fault in the guest.
 */
export type AccessWidth = 1 | 2 | 4 | 8;

export interface Device {
  readonly name: string;
  /** Bytes of address space the device occupies. */
  readonly size: number;
  read(offset: number, width: AccessWidth, out: Int32Array): boolean;
  write(offset: number, width: AccessWidth, lo: number, hi: number): boolean;
}

/** A level-sensitive interrupt line into an interrupt controller (a PLIC source, or a bit of mip). */
export interface InterruptLine {
  set(level: boolean): void;
}
