/**
 * The --trace line formats (documented in USAGE in args.ts). They are a stable interface: people diff traces
 * against other tools and against older runs, so change them only together with the help text.
 */
import { EXCEPTION_NAMES, INTERRUPT_NAMES } from '../../emulator/hart/causes';
import type { TrapRecord } from '../../emulator/hart/trap';

const PRIV_LETTER: Record<number, string> = { 0: 'U', 1: 'S', 3: 'M' };

const hex64 = (lo: number, hi: number): string =>
  (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');

/** `<priv> <pc> <raw> <disassembly>`: raw is 8 hex digits, or 4 for a compressed instruction. */
export function instructionLine(
  priv: number,
  pc: bigint,
  word: number,
  length: 2 | 4,
  disassembly: string,
): string {
  const raw = (word >>> 0).toString(16).padStart(length * 2, '0');
  return `${PRIV_LETTER[priv] ?? '?'} ${pc.toString(16).padStart(16, '0')} ${raw} ${disassembly}`;
}

/** `trap <to-priv> <exception|interrupt> <cause> (<name>) epc=<16 hex> tval=<16 hex>` */
export function trapLine(t: TrapRecord): string {
  const names = t.interrupt ? INTERRUPT_NAMES : EXCEPTION_NAMES;
  const kind = t.interrupt ? 'interrupt' : 'exception';
  return (
    `trap ${PRIV_LETTER[t.toPriv] ?? '?'} ${kind} ${t.cause} (${names[t.cause] ?? 'unknown'}) ` +
    `epc=${hex64(t.epcLo, t.epcHi)} tval=${hex64(t.tvalLo, t.tvalHi)}`
  );
}
