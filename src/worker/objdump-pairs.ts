/**
 * objdump's multi-instruction addresses: after `auipc a0, ...` (or lui, c.lui) it remembers the upper
 * part in a0, and the next addi/addiw/jalr/load/store based on a0 gets a `# address <symbol>` comment
 * (binutils riscv-dis.c, maybe_print_address). The disassembler proper sees one word at a time; this
 * carries that state along a disassembled range.
 */
import { decode } from '../../emulator/isa/decode';
import { cImm6, cLuiImm, cRd, immI, immS, immU, rd, rs1 } from '../../emulator/isa/fields';

const LOADS_STORES_I = new Set(['lb', 'lh', 'lw', 'ld', 'lbu', 'lhu', 'lwu', 'flw', 'fld']);
const STORES = new Set(['sb', 'sh', 'sw', 'sd', 'fsw', 'fsd']);

export class AddressPairs {
  /** Register -> the upper address an auipc/lui left in it, until an instruction uses it. */
  private readonly hi = new Map<number, bigint>();

  /** The address objdump comments on this instruction, if any; updates the remembered upper parts. */
  next(word: number, pc: bigint): bigint | undefined {
    const name = decode(word)?.name;
    switch (name) {
      case 'auipc':
        this.hi.set(rd(word), BigInt.asUintN(64, pc + BigInt(immU(word))));
        return undefined;
      case 'lui':
        this.hi.set(rd(word), BigInt.asUintN(64, BigInt(immU(word))));
        return undefined;
      case 'c.lui':
        this.hi.set(cRd(word), BigInt.asUintN(64, BigInt(cLuiImm(word))));
        return undefined;
      case 'addi':
        // With offset 0 objdump prints the `mv` alias, which has no offset operand to comment on.
        return immI(word) === 0 ? undefined : this.use(rs1(word), immI(word), false);
      case 'jalr':
        return this.use(rs1(word), immI(word), false);
      case 'addiw':
        return this.use(rs1(word), immI(word), true);
      case 'c.addi':
        return cRd(word) !== 0 ? this.use(cRd(word), cImm6(word), false) : undefined;
      case 'c.addiw':
        return cRd(word) !== 0 ? this.use(cRd(word), cImm6(word), true) : undefined;
      default:
        if (name !== undefined && LOADS_STORES_I.has(name)) return this.use(rs1(word), immI(word), false);
        if (name !== undefined && STORES.has(name)) return this.use(rs1(word), immS(word), false);
        return undefined;
    }
  }

  private use(base: number, offset: number, wide: boolean): bigint | undefined {
    const hi = this.hi.get(base);
    if (hi === undefined || base === 0) return undefined;
    this.hi.delete(base);
    const a = BigInt.asUintN(64, hi + BigInt(offset));
    return wide ? BigInt.asUintN(64, BigInt.asIntN(32, a)) : a;
  }
}
