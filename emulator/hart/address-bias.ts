/**
 * SPEED: how the hart keeps the low halves of guest addresses in its hottest fields (pc, the next pc, the
 * page the last fetch came from).
 *
 * Chromium's V8 compresses pointers, so its small integers ("Smis", stored in a field as they are) are
 * 31-bit: an int32 outside [-2^30, 2^30) makes the field a boxed double, read and written through a box
 * with a check on every access (Node's V8 has 32-bit Smis and is spared). The guest's RAM starts at
 * 0x8000_0000, so the low half of every pc is such a value, and the page ran its interpreter loop about a
 * fifth slower than Node for that alone (`npm run bench:engine-gap`: a dispatch loop with pc at 0x8000_0000
 * ran at 0.74x of Node's speed in Chromium, and at 0.91x with pc near 0 or offset as below).
 *
 * So these fields hold the value plus ADDRESS_BIAS (mod 2^32), behind accessors with the plain names: low
 * halves 0x6000_0000..0xdfff_ffff (RAM, and a kernel mapped at 0xffff_ffff_c000_0000) are then small
 * integers. A field that once holds a value outside that window (a guest that jumps to 0) turns into a
 * boxed double for good, for every hart of the process: as slow as without the bias, never slower.
 * The initial values are chosen inside the window for the same reason.
 */
export const ADDRESS_BIAS = 0x6000_0000;

/** The stored form of a low half. */
export const biased = (lo: number): number => (lo + ADDRESS_BIAS) | 0;
/** The low half from its stored form. */
export const unbiased = (stored: number): number => (stored - ADDRESS_BIAS) | 0;

/** A low half that no page-aligned address has (odd), whose stored form (1) is a small integer: "no page". */
export const NO_PAGE = unbiased(1);
/** A stored form to start fields with before the machine sets them: that of 0x8000_0000, a small integer. */
export const STORED_RAM_START = biased(0x8000_0000 | 0);
