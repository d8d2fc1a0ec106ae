/**
 * Real firmware on hartscope's board: Debian's OpenSBI (package opensbi 1.1, its generic fw_jump.elf, built
 * for QEMU virt and other boards) boots unmodified from hartscope's own device tree, prints its banner and
 * jumps to the payload at 0x8020_0000 in S-mode; every example guest runs under it as under hartscope's
 * monitor; and Debian's U-Boot for QEMU (package u-boot-qemu, S-mode build) boots under it to its prompt.
 * QEMU booting the same files is the oracle for the banner.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { combineImages } from '../../emulator/firmware-boot';
import { loadElf } from '../../emulator/loader/elf';
import { Machine } from '../../emulator/machine';
import { hasTool, run, toolMissingMessage } from '../helpers/tools';
import { EXAMPLES_DIR, assembleExample, runWithMonitor } from './boot';
import { EXAMPLES } from './example-transcripts';

const FW_JUMP = '/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf';
const UBOOT = '/usr/lib/u-boot/qemu-riscv64_smode/uboot.elf';
const haveFwJump = existsSync(FW_JUMP);
if (!haveFwJump)
  console.warn(`SKIPPED: ${FW_JUMP} is missing (Debian package opensbi; .ci/run installs it).`);
const haveUboot = existsSync(UBOOT);
if (!haveUboot)
  console.warn(`SKIPPED: ${UBOOT} is missing (Debian package u-boot-qemu; .ci/run installs it).`);
const TOOLS = ['riscv64-unknown-elf-as', 'riscv64-unknown-elf-ld', 'qemu-system-riscv64'];
const missing = TOOLS.filter((t) => !hasTool(t));
for (const t of missing) console.warn(toolMissingMessage(t));

const fwJump = (): ReturnType<typeof loadElf> => loadElf(readFileSync(FW_JUMP));
/** OpenSBI's console sends each newline as CR LF, as a terminal wants it (QEMU shows the same bytes). */
const unix = (out: string): string => out.replace(/\r\n/g, '\n');
/** The payload's output follows the banner's last line, which names the delegated exceptions. */
const afterBanner = (out: string): string => {
  const at = out.lastIndexOf('Boot HART MEDELEG');
  return at < 0 ? '' : unix(out.slice(out.indexOf('\n', at) + 1));
};

describe.skipIf(!haveFwJump)("Debian's OpenSBI fw_jump.elf on hartscope", () => {
  for (const [name, ex] of Object.entries(EXAMPLES)) {
    it(`boots and runs ${name} at 0x8020_0000 with the transcript it prints under the monitor`, () => {
      const image = assembleExample(`${name}.S`);
      const r = runWithMonitor(image, {
        firmware: fwJump(),
        input: ex.input,
        // OpenSBI's UART driver empties the receive FIFO when it starts: type after its banner.
        inputAfter: 'Boot HART MEDELEG',
        budget: 60_000_000,
      });
      expect(r.output).toContain('OpenSBI v1.1');
      expect(afterBanner(r.output)).toBe(ex.expected(image));
      expect(r.stop).toEqual({ kind: 'exit', code: 0, via: 'finisher' });
    }, 60_000);
  }

  /**
   * Banner lines that must differ, because the two harts differ (each expected value here is hartscope's,
   * from the privileged spec and OpenSBI's sources):
   *   Base ISA         misa: QEMU's hart has F, D and H; hartscope's has I, M, A, C
   *   ISA Extensions   QEMU 7.2 also has Sstc (stimecmp)
   *   MHPM Count       QEMU has 16 hardware performance counters, hartscope none
   *   MIDELEG          OpenSBI delegates SSIP, STIP, SEIP (0x222); with H it adds the VS and SGEI bits
   *   MEDELEG          misaligned fetch, breakpoint, ecall from U, the page faults (0xb109); with H also
   *                    ecall from VS and the guest page faults
   */
  const DIFFER: Record<string, string> = {
    'Boot HART Base ISA': 'rv64imac',
    'Boot HART ISA Extensions': 'time',
    'Boot HART MHPM Count': '0',
    'Boot HART MIDELEG': '0x0000000000000222',
    'Boot HART MEDELEG': '0x000000000000b109',
  };

  it.skipIf(missing.length > 0)(
    'prints the banner QEMU prints booting the same fw_jump.elf and hello-sbi, but for the hart lines',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'hartscope-opensbi-'));
      try {
        run('sh', [join(EXAMPLES_DIR, '../build-examples.sh'), dir]);
        const qemu = run(
          'qemu-system-riscv64',
          [
            ...['-machine', 'virt', '-nographic', '-monitor', 'none', '-serial', 'stdio'],
            ...['-bios', FW_JUMP, '-kernel', join(dir, 'hello-sbi.elf')],
          ],
          { timeoutMs: 20_000, allowFailure: true },
        ).stdout.replace(/\r\n/g, '\n');
        const ours = runWithMonitor(assembleExample('hello-sbi.S'), {
          firmware: fwJump(),
          budget: 60_000_000,
        });
        const key = (line: string): string => line.replace(/\s*:.*$/, '');
        const mine = unix(ours.output).split('\n');
        const theirs = qemu.split('\n');
        expect(mine.length).toBe(theirs.length);
        expect(mine.length).toBeGreaterThan(40);
        for (const [i, line] of mine.entries()) {
          const expected = DIFFER[key(line)];
          if (expected === undefined) expect(line).toBe(theirs[i]);
          else {
            expect(key(theirs[i])).toBe(key(line));
            expect(line.replace(/^.*:\s*/, '')).toBe(expected);
          }
        }
        expect(afterBanner(ours.output)).toBe(EXAMPLES['hello-sbi'].expected(assembleExample('hello-sbi.S')));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    60_000,
  );
});

describe.skipIf(!haveFwJump || !haveUboot)("Debian's U-Boot (S-mode) under OpenSBI on hartscope", () => {
  it('boots to its prompt and answers a command', () => {
    const m = new Machine();
    let out = '';
    m.onConsoleOutput = (b) => (out += String.fromCharCode(b));
    m.load(combineImages(fwJump(), loadElf(readFileSync(UBOOT))));
    const runUntil = (text: string, budget: number): void => {
      for (let done = 0; done < budget && !out.includes(text); done += 1_000_000) m.run(1_000_000);
    };
    // Stop the autoboot countdown with a key, as a user would, once U-Boot asks for one.
    runUntil('Hit any key to stop autoboot', 60_000_000);
    m.uart.receive(new TextEncoder().encode(' '));
    runUntil('=> ', 20_000_000);
    expect(out).toContain('U-Boot 2023.01');
    expect(out).toContain('DRAM:  128 MiB');
    expect(out.endsWith('=> ')).toBe(true);
    const before = out.length;
    m.uart.receive(new TextEncoder().encode('echo hartscope\n'));
    for (let i = 0; i < 20 && !out.slice(before).includes('\n=> '); i++) m.run(1_000_000);
    // U-Boot echoes the typed line, runs it, and prompts again.
    expect(out.slice(before).replace(/\r/g, '')).toBe('echo hartscope\nhartscope\n=> ');
  }, 120_000);
});
