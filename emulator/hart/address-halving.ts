/**
 * SPEED: how the hart keeps the low halves of guest addresses in its hottest fields (pc, the next pc, the
 * pages the last fetch and the decoded instructions came from, the start of RAM).
 *
 * Chromium's V8 compresses pointers, so its small integers ("Smis", stored in a field as they are) are
 * 31-bit: an int32 outside [-2^30, 2^30) makes the field a boxed double, read and written through a box
 * with a check on every access, for every object of the class and for the rest of the worker's life
 * (Node's V8 has 32-bit Smis and is spared). The guest's RAM starts at 0x8000_0000, so the low half of
 * every pc there is such a value: the page ran its interpreter loop about a fifth slower than Node for that
 * alone (`npm run bench:engine-gap`: a dispatch loop with pc at 0x8000_0000 runs at 0.74x of Node's speed in
 * Chromium, and at 0.91x with pc near 0 or stored as here).
 *
 * So these fields hold half the value (an arithmetic shift right by one), behind accessors with the plain
 * names. Every address they hold is even (pc and the next pc are 2-byte aligned: RISC-V with the C
 * extension has no odd pc, and the hart clears bit 0 as mepc and jalr do; pages are 4 KiB aligned), so
 * nothing is lost, and half of any int32 lies in [-2^30, 2^30): a small integer whatever the guest does. An
 * offset instead (an earlier version added 0x6000_0000) covers only a 2 GiB window: a guest that jumped to 0,
 * as a student's program with mtvec left at 0 does on its first trap, turned the fields into doubles for good.
 */

/** The stored form of an even low half: half of it, a small integer to every engine. */
export const halved = (lo: number): number => lo >> 1;
/** The low half from its stored form. */
export const unhalved = (stored: number): number => stored << 1;

/** A low half that no page-aligned address has (2: not a multiple of 4096), whose stored form is 1: "no page". */
export const NO_PAGE = 2;
/** A stored form to start fields with before the machine sets them: that of 0x8000_0000. */
export const STORED_RAM_START = halved(0x8000_0000 | 0);
