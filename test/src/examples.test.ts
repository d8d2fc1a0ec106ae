/**
 * The bundled example programs (firmware/examples): the committed ELF files are what build-examples.sh
 * makes from their source, and they print the same on hartscope as on QEMU's virt board.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadElf } from '../../emulator/loader/elf';
import { Machine } from '../../emulator/machine';
import { hasTool, run, toolMissingMessage } from '../helpers/tools';

const EXAMPLES = new URL('../../firmware/examples/', import.meta.url).pathname;
const BUILD = new URL('../../firmware/build-examples.sh', import.meta.url).pathname;
const names = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.S'))
  .map((f) => f.slice(0, -2));
// Bare-metal examples start in M-mode at 0x8000_0000 (QEMU's -bios none). The S-mode payloads (their source
// names payload.ld) need firmware: test/firmware/examples.test.ts runs those under both SBIs and on QEMU.
const bareMetal = names.filter(
  (n) => !/^#\s*Linker script:\s*payload\.ld/m.test(readFileSync(join(EXAMPLES, `${n}.S`), 'utf8')),
);

const AS = 'riscv64-unknown-elf-as';
const QEMU = 'qemu-system-riscv64';
if (!hasTool(AS)) console.warn(toolMissingMessage(AS));
if (!hasTool(QEMU)) console.warn(toolMissingMessage(QEMU));

describe.skipIf(!hasTool(AS))('firmware/examples ELF files', () => {
  it('are up to date with their sources (rebuilt with the GNU tools, byte for byte)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hartscope-examples-'));
    try {
      run('sh', [BUILD, dir]);
      for (const name of names) {
        const fresh = readFileSync(join(dir, `${name}.elf`));
        const committed = readFileSync(join(EXAMPLES, `${name}.elf`));
        expect(committed.equals(fresh), `${name}.elf is stale: run firmware/build-examples.sh`).toBe(true);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!hasTool(QEMU))('bare-metal firmware/examples on hartscope and on QEMU', () => {
  it('finds the bare-metal examples', () => expect(bareMetal).toContain('hello'));
  it.each(bareMetal)('%s.elf prints the same console output and exits the same way', (name) => {
    const file = join(EXAMPLES, `${name}.elf`);
    const qemu = run(QEMU, ['-machine', 'virt', '-bios', 'none', '-nographic', '-kernel', file], {
      allowFailure: true,
      timeoutMs: 20_000,
    });

    const m = new Machine({ ramSize: 16 << 20 });
    let out = '';
    m.onConsoleOutput = (b) => (out += String.fromCharCode(b));
    m.load(loadElf(new Uint8Array(readFileSync(file))));
    const stop = m.run(1_000_000);

    expect(out).toBe(qemu.stdout);
    expect(stop).toEqual({ kind: 'exit', code: qemu.status, via: 'finisher' });
  });
});
