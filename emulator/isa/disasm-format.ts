/**
 * How objdump prints the pieces of an operand list: addresses, hex immediates, `offset(base)` with its
 * address comment. Shared by the disassembler's plain forms (disasm.ts) and its alias forms
 * (disasm-aliases.ts).
 */
import { regName } from './registers';

export interface DisasmOptions {
  /** objdump's default alias form (true, the default) or `-M no-aliases` (false). */
  aliases?: boolean;
  /** Names an address, as objdump's symbol lookup does (e.g. 'main' or 'loop+0x8'). */
  symbol?: (addr: bigint) => string | undefined;
}

/** A printed instruction: mnemonic and operands. */
export interface Form {
  m: string;
  a: string[];
}

/** One word being rendered. */
export interface Render {
  w: number;
  pc: bigint;
  options: DisasmOptions;
  /** An address for objdump's trailing `# address` comment, if this form prints one. */
  comment?: bigint;
}

const MASK64 = (1n << 64n) - 1n;

/** An address as objdump's print_address_func prints it. */
export function formatAddress(addr: bigint, options: DisasmOptions = {}): string {
  const a = addr & MASK64;
  if (!options.symbol) return `0x${a.toString(16)}`;
  const name = options.symbol(a);
  return name === undefined ? a.toString(16) : `${a.toString(16)} <${name}>`;
}

/** An unsigned immediate in objdump's hex (shift amounts, lui's upper bits). */
export const hex = (v: number): string => `0x${(v >>> 0).toString(16)}`;

/** A branch or jump target, pc-relative. */
export function target(r: Render, offset: number): string {
  return formatAddress(r.pc + BigInt(offset), r.options);
}

/** objdump comments an address computed from a base of x0 (absolute) or tp (thread-relative). */
export const absoluteBase = (reg: number): boolean => reg === 0 || reg === 4;

/** `offset(base)`, noting objdump's address comment when the base makes the address absolute. */
export function memOperand(r: Render, offset: number, base: number): string {
  if (absoluteBase(base)) r.comment = BigInt(offset);
  return `${offset}(${regName(base)})`;
}

/** A register used as a jump base (`jr a5`): objdump comments it like `0(a5)`. */
export function jumpBase(r: Render, base: number): string {
  if (absoluteBase(base)) r.comment = 0n;
  return regName(base);
}
