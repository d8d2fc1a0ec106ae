/**
 * Compare hartscope's assembler with GNU as + ld on one source: every section's bytes and every symbol's
 * value must be identical. Returns a list of differences (empty when they agree), each naming the source
 * line of the first differing byte. `includes` are the files `.include` may name (given to both assemblers).
 */
import { assemble } from '../../../emulator/asm/assembler';
import { formatError } from '../../../emulator/asm/diagnostics';
import { gnuAssemble, hex } from './gnu';

export function differences(source: string, file = 'in.S', includes: Record<string, string> = {}): string[] {
  const mine = assemble(source, { file, include: (name) => includes[name] });
  if (mine.errors.length) return mine.errors.map((e) => `hartscope: ${formatError(e)}`);
  const gnu = gnuAssemble(source, mine.sections, includes);
  if ('error' in gnu) return [`GNU as/ld failed: ${gnu.error}`];
  const out: string[] = [];
  for (const s of mine.sections) {
    if (s.size === 0) continue;
    const g = gnu.sections.get(s.name);
    if (!g) {
      out.push(`${s.name}: GNU has no such section`);
      continue;
    }
    if (g.address !== s.address)
      out.push(`${s.name}: address ${s.address.toString(16)} vs GNU ${g.address.toString(16)}`);
    const n = Math.max(g.bytes.length, s.bytes.length);
    for (let i = 0; i < n; i++) {
      if (g.bytes[i] !== s.bytes[i]) {
        const addr = s.address + i;
        let where = '';
        for (let a = addr; a >= s.address && !where; a--) {
          const loc = mine.image?.sourceMap.get(a);
          if (loc) where = ` (source line ${loc.line})`;
        }
        const ctx = (b: Uint8Array): string => hex(b.subarray(Math.max(0, i - 4), i + 8));
        out.push(
          `${s.name}+0x${i.toString(16)}${where}: mine ${ctx(s.bytes)} GNU ${ctx(g.bytes)} (sizes ${s.size}/${g.bytes.length})`,
        );
        break;
      }
    }
  }
  const values = new Map(mine.symbols.map((s) => [s.name, s.value]));
  for (const [name, v] of gnu.symbols) {
    const m = values.get(name);
    if (m === undefined) out.push(`symbol ${name}: missing (GNU: 0x${v.toString(16)})`);
    else if (BigInt.asUintN(64, m) !== v)
      out.push(`symbol ${name}: 0x${BigInt.asUintN(64, m).toString(16)} vs GNU 0x${v.toString(16)}`);
  }
  return out;
}
