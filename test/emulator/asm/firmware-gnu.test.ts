/**
 * The firmware assembled by hartscope equals the firmware assembled by GNU: the monitor, every example and
 * every test payload (each *.S under firmware/ that no other file includes), built as the page builds it
 * (src/firmware-sources.ts: text base, linker script, include path) and with GNU as + ld (-mno-relax,
 * --no-relax, the same include directories, the same linker script or the same section addresses). Every
 * section's address and bytes and every symbol's value must be identical. A file that GNU as refuses (a
 * fragment that a test includes after defining what it needs) must be refused by hartscope too.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AssembleResult } from '../../../emulator/asm/assembler';
import {
  assembleFirmwareFile,
  buildPlan,
  FIRMWARE_SOURCES,
  includeDirs,
  programFiles,
} from '../../../src/firmware-sources';
import { hasTool, run, toolMissingMessage } from '../../helpers/tools';
import { AS, hex, LD, readElf } from './gnu';

const PROGRAMS = programFiles();
const haveGnu = hasTool(AS) && hasTool(LD);
if (!haveGnu) console.warn(toolMissingMessage(hasTool(AS) ? LD : AS));

/** All firmware files, written out as they are in the repository, for GNU as to read. */
const root = mkdtempSync(join(tmpdir(), 'hartscope-fw-'));
for (const [path, text] of Object.entries(FIRMWARE_SOURCES)) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The linked ELF, or GNU as's messages when it refuses the file. */
function gnuBuild(path: string, mine: AssembleResult): Uint8Array | string {
  const includes = includeDirs(path).flatMap((d) => ['-I', d === '' ? '.' : d]);
  const as = run(AS, ['-march=rv64gc', '-mno-relax', ...includes, '-o', 'out.o', path], {
    cwd: root,
    allowFailure: true,
  });
  if (as.status !== 0) return as.stderr;
  const plan = buildPlan(path);
  let script = plan.linkerScript;
  if (!script) {
    // The default layout: each section where hartscope placed it.
    script = 'layout.ld';
    const placed = mine.sections
      .filter((s) => s.size > 0)
      .map((s) => `  ${s.name} 0x${s.address.toString(16)} : { *(${s.name}) }`);
    writeFileSync(join(root, script), `ENTRY(_start)\nSECTIONS {\n${placed.join('\n')}\n}\n`);
  }
  run(LD, ['--no-relax', '-T', script, '-o', 'out.elf', 'out.o'], { cwd: root });
  return readFileSync(join(root, 'out.elf'));
}

describe('firmware sources', () => {
  it('include the monitor and the examples', () => {
    expect(PROGRAMS).toContain('monitor/monitor.S');
    expect(PROGRAMS).toContain('examples/hello.S');
    expect(PROGRAMS).not.toContain('monitor/trap.S');
  });
});

describe.skipIf(!haveGnu)('firmware assembled by hartscope equals GNU as + ld', () => {
  it.each(PROGRAMS)('%s', (path) => {
    const mine = assembleFirmwareFile(path);
    const built = gnuBuild(path, mine);
    if (typeof built === 'string') {
      // Not a program on its own (a body that a test includes after defining its macros): both refuse it.
      expect(built).toMatch(/Error/);
      expect(mine.errors.length).toBeGreaterThan(0);
      return;
    }
    expect(mine.errors).toEqual([]);
    const gnu = readElf(built);
    const sections = (list: [string, number, Uint8Array][]): string[][] =>
      list.map(([n, a, b]) => [n, a.toString(16), hex(b)]).sort((x, y) => (x[0] < y[0] ? -1 : 1));
    expect(
      sections(mine.sections.filter((s) => s.size > 0).map((s) => [s.name, s.address, s.bytes])),
    ).toEqual(sections([...gnu.sections].map(([n, s]) => [n, s.address, s.bytes])));
    const mineSymbols = new Map(mine.symbols.map((s) => [s.name, BigInt.asUintN(64, s.value)]));
    expect(mineSymbols).toEqual(gnu.symbols);
  });
});
