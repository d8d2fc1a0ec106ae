import { TEST_FINISHER_SIZE } from '../board/memory-map';
import type { AccessWidth, Device } from './device';

/**
 * SiFive's test finisher, as on QEMU's virt board (QEMU 7.2 hw/misc/sifive_test.c): a guest ends the
 * simulation by writing a status word to offset 0. The low 16 bits say what to do, the high 16 bits carry
 * the failure code:
 *   0x5555              pass: exit with code 0
 *   (code << 16)|0x3333 fail: exit with `code`
 *   0x7777              reset the machine
 * Other values and other offsets are ignored, and every read returns 0, as in QEMU. Like QEMU
 * (.valid min 2, max 4 bytes) only aligned 16- and 32-bit accesses exist; others are access faults.
 */
const FINISHER_FAIL = 0x3333;
const FINISHER_PASS = 0x5555;
const FINISHER_RESET = 0x7777;

export interface TestFinisherConfig {
  exit: (code: number) => void;
  reset?: () => void;
}

export class TestFinisher implements Device {
  readonly name = 'test-finisher';
  readonly size = TEST_FINISHER_SIZE;

  constructor(private readonly config: TestFinisherConfig) {}

  read(offset: number, width: AccessWidth, out: Int32Array): boolean {
    if (!accepted(offset, width)) return false;
    out[0] = 0;
    out[1] = 0;
    return true;
  }

  write(offset: number, width: AccessWidth, lo: number, _hi: number): boolean {
    if (!accepted(offset, width)) return false;
    if (offset !== 0) return true;
    const status = lo & 0xffff;
    const code = (lo >>> 16) & 0xffff;
    if (status === FINISHER_PASS) this.config.exit(0);
    else if (status === FINISHER_FAIL) this.config.exit(code);
    else if (status === FINISHER_RESET) this.config.reset?.();
    return true;
  }
}

function accepted(offset: number, width: AccessWidth): boolean {
  return (width === 2 || width === 4) && (offset & (width - 1)) === 0;
}
