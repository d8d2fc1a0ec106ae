/**
 * HTIF as Spike's front-end server (riscv-isa-sim fesvr) defines it: tohost = device << 56 | command << 48
 * | payload (fesvr/device.h command_t); device 0 command 0 with payload bit 0 set exits with payload >> 1
 * (riscv-tests' RVTEST_PASS writes 1, a failure (TESTNUM << 1) | 1); device 1 (bcd) command 1 prints the
 * payload's low byte; htif_t clears tohost when it takes a command. The console write is answered in fromhost
 * with 0x100 | byte and the command's device and command bits, as QEMU's hw/char/riscv_htif.c does
 * (`s->fromhost = (val_written >> 48 << 48) | (resp << 16 >> 16)`).
 */
import { describe, expect, it } from 'vitest';
import { HTIF_UNSUPPORTED_SYSCALL_EXIT, Htif } from '../../../emulator/devices/htif';

const TOHOST = 0;
const FROMHOST = 8;

function htif(fromhostOffset?: number | null) {
  const exits: number[] = [];
  const bytes: number[] = [];
  const reports: string[] = [];
  const dev = new Htif({
    exit: (code) => exits.push(code),
    consoleByte: (b) => bytes.push(b),
    report: (m) => reports.push(m),
    fromhostOffset,
  });
  const out = new Int32Array(2);
  const read64 = (offset: number): bigint => {
    expect(dev.read(offset, 8, out)).toBe(true);
    return (BigInt(out[1] >>> 0) << 32n) | BigInt(out[0] >>> 0);
  };
  const write64 = (offset: number, v: bigint): void => {
    expect(dev.write(offset, 8, Number(v & 0xffffffffn) | 0, Number(v >> 32n) | 0)).toBe(true);
  };
  /** riscv-tests' write_tohost: `sw lo, tohost; sw hi, tohost + 4`. */
  const swPair = (v: bigint): void => {
    dev.write(TOHOST, 4, Number(v & 0xffffffffn) | 0, 0);
    dev.write(TOHOST + 4, 4, Number(v >> 32n) | 0, 0);
  };
  return { dev, exits, bytes, reports, read64, write64, swPair };
}

describe('HTIF tohost', () => {
  it('riscv-tests pass (tohost = 1, written as two words) exits with code 0', () => {
    const { exits, swPair } = htif();
    swPair(1n);
    expect(exits).toEqual([0]);
  });

  it('a failing test number n ((n << 1) | 1, one 64-bit store) exits with code n', () => {
    const { exits, write64 } = htif();
    write64(TOHOST, (21n << 1n) | 1n);
    expect(exits).toEqual([21]);
  });

  it('takes the exit code from all 47 payload bits above bit 0', () => {
    const { exits, write64 } = htif();
    write64(TOHOST, 0x0000_8000_0000_0003n);
    expect(exits).toEqual([0x4000_0000_0001]);
  });

  it('waits for the high word: a low word alone is no command yet', () => {
    const { dev, exits, read64 } = htif();
    dev.write(TOHOST, 4, 1, 0);
    expect(exits).toEqual([]);
    expect(read64(TOHOST)).toBe(1n);
  });

  it('console putchar prints the byte, clears tohost and answers in fromhost', () => {
    const { bytes, exits, read64, write64, swPair } = htif();
    write64(TOHOST, 0x0101_0000_0000_0048n);
    swPair(0x0101_0000_0000_0069n);
    expect(bytes).toEqual([0x48, 0x69]);
    expect(exits).toEqual([]);
    expect(read64(TOHOST)).toBe(0n);
    expect(read64(FROMHOST)).toBe(0x0101_0000_0000_0169n);
  });

  it('a proxied system call (device 0, even payload) ends the run with a stated reason', () => {
    const { exits, reports, write64 } = htif();
    write64(TOHOST, 0x8000_1000n);
    expect(exits).toEqual([HTIF_UNSUPPORTED_SYSCALL_EXIT]);
    expect(reports.join()).toMatch(/system call/);
  });

  it('ignores unknown devices and commands, clearing tohost as Spike does', () => {
    const { bytes, exits, read64, write64 } = htif();
    write64(TOHOST, 0x0100_0000_0000_0000n); // bcd read: no input source here
    write64(TOHOST, 0x0700_0000_0000_0001n);
    expect(exits).toEqual([]);
    expect(bytes).toEqual([]);
    expect(read64(TOHOST)).toBe(0n);
  });

  it('reads back what the guest stored, at any aligned width', () => {
    const { dev, read64, write64 } = htif();
    write64(FROMHOST, 0x1122_3344_5566_7788n);
    expect(read64(FROMHOST)).toBe(0x1122_3344_5566_7788n);
    const out = new Int32Array(2);
    expect(dev.read(FROMHOST + 4, 4, out)).toBe(true);
    expect(out[0]).toBe(0x1122_3344);
    expect(dev.read(FROMHOST + 1, 1, out)).toBe(true);
    expect(out[0]).toBe(0x77);
    dev.write(FROMHOST, 2, 0xabcd, 0);
    expect(read64(FROMHOST)).toBe(0x1122_3344_5566_abcdn);
    expect(dev.read(FROMHOST + 4, 8, out)).toBe(false);
    expect(dev.read(16, 1, out)).toBe(false);
  });
});

describe('HTIF layout', () => {
  it('spans tohost and fromhost as riscv-tests lay them out (each .align 6: fromhost 64 bytes on)', () => {
    const { dev, bytes, read64, write64 } = htif(64);
    expect(dev.size).toBe(72);
    write64(0x20, 0x0123_4567_89ab_cdefn); // padding between the symbols keeps what is stored, like RAM
    write64(TOHOST, 0x0101_0000_0000_0021n);
    expect(bytes).toEqual([0x21]);
    expect(read64(64)).toBe(0x0101_0000_0000_0121n);
    expect(read64(FROMHOST)).toBe(0n);
    expect(read64(0x20)).toBe(0x0123_4567_89ab_cdefn);
  });

  it('without a fromhost symbol covers only tohost (8 bytes) and still prints and exits', () => {
    const { dev, bytes, exits, write64, read64 } = htif(null);
    expect(dev.size).toBe(8);
    const out = new Int32Array(2);
    expect(dev.read(8, 1, out)).toBe(false);
    write64(TOHOST, 0x0101_0000_0000_0041n);
    expect(read64(TOHOST)).toBe(0n);
    write64(TOHOST, 3n);
    expect(bytes).toEqual([0x41]);
    expect(exits).toEqual([1]);
  });

  it('refuses a fromhost that overlaps tohost or is not 8-byte aligned', () => {
    expect(() => htif(4)).toThrow(RangeError);
    expect(() => htif(0)).toThrow(RangeError);
    expect(() => htif(12)).toThrow(RangeError);
  });

  it('reset() clears tohost and fromhost', () => {
    const { dev, read64, write64 } = htif();
    write64(TOHOST, 0x0101_0000_0000_0041n);
    dev.write(TOHOST, 4, 1, 0);
    dev.reset();
    expect(read64(TOHOST)).toBe(0n);
    expect(read64(FROMHOST)).toBe(0n);
  });
});
