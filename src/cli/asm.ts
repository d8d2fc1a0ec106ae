/**
 * The assembler on the command line: `npm run asm -- FILE.S [-o FILE.elf] [--text-base ADDR] [-I DIR]`. Thin glue
 * (DESIGN.md): it reads the source and the files it includes, runs emulator/asm, and writes the ELF.
 * Errors go to stderr as FILE:LINE:COL: message, and the exit status is 1.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { assemble, DEFAULT_TEXT_BASE } from '../../emulator/asm/assembler';
import { formatError } from '../../emulator/asm/diagnostics';
import { writeElf } from '../../emulator/asm/elf-writer';

const USAGE = `usage: npm run asm -- FILE.S [-o FILE.elf] [--text-base ADDR | -T SCRIPT.ld] [-I DIR]...

Assembles FILE.S (GNU as syntax, RV64GC) into a bare-metal ELF: text at ADDR (default 0x80000000), then
rodata, data and bss; or placed by the linker script SCRIPT.ld (the subset in docs/assembler.md), as
\`ld -T SCRIPT.ld\` places them. The entry point is the script's ENTRY, else _start, else the first text. Without -o, the ELF is written
next to FILE.S with the extension .elf. \`.include "NAME"\` is looked for next to FILE.S, then in each -I DIR,
then in the current directory. Errors are printed as FILE:LINE:COL: message (exit status 1).`;

function main(argv: string[]): number {
  let file: string | undefined;
  let out: string | undefined;
  let base = DEFAULT_TEXT_BASE;
  let script: string | undefined;
  const includeDirs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h' || a === '--help') {
      console.log(USAGE);
      return 0;
    } else if (a === '-o') out = argv[++i];
    else if (a === '--text-base') {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 0 || v > 0xffff_ffff)
        return usage(`--text-base needs an address, got '${argv[i]}'`);
      base = v;
    } else if (a === '-I') includeDirs.push(argv[++i] ?? '');
    else if (a.startsWith('-I') && a.length > 2) includeDirs.push(a.slice(2));
    else if (a === '-T') script = argv[++i];
    else if (a.startsWith('-T') && a.length > 2) script = a.slice(2);
    else if (a.startsWith('-')) return usage(`unknown option ${a}`);
    else if (file === undefined) file = a;
    else return usage(`one source file only (got ${file} and ${a})`);
  }
  if (file === undefined || (out !== undefined && out === '')) return usage('missing FILE.S');
  if (!existsSync(file)) return usage(`${file}: no such file`);
  if (script !== undefined && !existsSync(script)) return usage(`-T ${script ?? ''}: no such file`);
  // Nested includes are looked for in the same places: a .include names its file as the main file sees it.
  const main = file;
  const include = (name: string): string | undefined => {
    const path = [dirname(main), ...includeDirs, '.'].map((d) => join(d, name)).find((p) => existsSync(p));
    return path === undefined ? undefined : readFileSync(path, 'utf8');
  };
  const linkerScript =
    script === undefined ? undefined : { text: readFileSync(script, 'utf8'), file: script };
  const result = assemble(readFileSync(file, 'utf8'), { file, textBase: base, include, linkerScript });
  if (result.errors.length > 0) {
    for (const e of result.errors) process.stderr.write(`${formatError(e)}\n`);
    return 1;
  }
  writeFileSync(out ?? file.replace(/\.[sS]$/, '') + '.elf', writeElf(result));
  return 0;
}

function usage(message: string): number {
  process.stderr.write(`asm: ${message}\n\n${USAGE}\n`);
  return 2;
}

process.exitCode = main(process.argv.slice(2));
