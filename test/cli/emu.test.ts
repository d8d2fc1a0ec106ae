import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ASM_PRELUDE, GCC, OBJDUMP, QEMU, buildElf, hasTool } from '../emulator/loader/toolchain';
import { assembleExample } from '../firmware/boot';
import { EXAMPLES } from '../firmware/example-transcripts';

/**
 * The headless runner, run as a user runs it, on small programs built by the GNU assembler at test time.
 * Where QEMU is installed, stdout and the exit code must be those of
 * `qemu-system-riscv64 -machine virt -bios none -nographic -kernel FILE` on the same program and input.
 */

const ROOT = join(__dirname, '../..');
const EMU = join(ROOT, 'src/cli/emu.ts');
const haveGcc = hasTool(GCC);
const haveQemu = haveGcc && hasTool(QEMU);

type Result = { stdout: string; stderr: string; status: number | null };

function emu(args: string[], stdin: string | number = ''): Result {
  const r: SpawnSyncReturns<string> = spawnSync(process.execPath, ['--import', 'tsx', EMU, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 30_000,
    ...(typeof stdin === 'number' ? { stdio: [stdin, 'pipe', 'pipe'] } : { input: stdin }),
  });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

function qemu(elf: string, stdin = ''): Result {
  const r = spawnSync(QEMU, ['-machine', 'virt', '-bios', 'none', '-nographic', '-kernel', elf], {
    encoding: 'utf8',
    input: stdin,
    timeout: 30_000,
  });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** A program: ASM_PRELUDE (PUTC and EXIT macros) and `body` after the _start label. */
const program = (name: string, body: string, data = ''): string =>
  buildElf(name, {
    [`${name}.S`]: `${ASM_PRELUDE}
  .section .text.init
  .globl _start
_start:
${body}
  .data
${data}
`,
  });

/** Prints the NUL-terminated string at `label` (clobbers s1, t5, t6). */
const puts = (label: string): string => `
  la s1, ${label}
10:
  lbu a0, 0(s1)
  beqz a0, 11f
  PUTC a0
  addi s1, s1, 1
  j 10b
11:
`;

describe.skipIf(!haveGcc)('npm run emu: console and exit status', () => {
  const hello = haveGcc
    ? program('hello', `${puts('msg')}\n  EXIT 0`, 'msg: .string "Hello, RISC-V!\\n"')
    : '';
  const fail42 = haveGcc ? program('fail42', `${puts('msg')}\n  EXIT 42`, 'msg: .string "bye\\n"') : '';

  it('prints what the guest writes to the UART and exits 0 through the test finisher', () => {
    const r = emu([hello]);
    expect(r.stdout).toBe('Hello, RISC-V!\n');
    expect(r.status).toBe(0);
  });

  it('exits with the code the guest gives the test finisher ((42 << 16) | 0x3333)', () => {
    const r = emu([fail42]);
    expect(r.stdout).toBe('bye\n');
    expect(r.status).toBe(42);
  });

  it('exits with the code the guest stores to tohost (HTIF: (7 << 1) | 1)', () => {
    const elf = program(
      'htif',
      `${puts('msg')}
  la t0, tohost
  li t1, (7 << 1) | 1
  sd t1, 0(t0)
1: j 1b`,
      `msg: .string "htif\\n"
  .section .tohost, "aw"
  .align 3
  .globl tohost
tohost: .dword 0`,
    );
    const r = emu([elf]);
    expect(r.stdout).toBe('htif\n');
    expect(r.status).toBe(7);
  });

  it('stops an endless loop after --max-insns, with exit status 124 and the pc on stderr', () => {
    const elf = program('spin', 'nop\n1: j 1b');
    const r = emu([elf, '--max-insns', '1000']);
    expect(r.status).toBe(124);
    expect(r.stderr).toBe('emu: stopped after 1000 instructions (--max-insns); pc=0x80000002\n');
  });

  it('counts --max-insns across slices (2.5 million steps)', () => {
    const elf = program('spin2', '1: j 1b');
    const r = emu([elf, '--max-insns=2500000']);
    expect(r.status).toBe(124);
    expect(r.stderr).toMatch(/^emu: stopped after 2500000 instructions/);
  });

  it('reports a hart asleep in wfi with nothing to wake it, and exits non-zero', () => {
    const elf = program('sleep', '1: wfi\n  j 1b');
    const r = emu([elf]);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^emu: the hart waits in wfi and nothing can wake it .*pc=0x8000000[0-9a-f]\n$/);
  });

  it('rejects a file that is not an ELF with exit status 2 and says why', () => {
    const r = emu([join(ROOT, 'package.json')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/package\.json: not an ELF file \(bad magic/);
    expect(r.stdout).toBe('');
  });

  it('rejects a missing file with exit status 2', () => {
    const r = emu(['/nonexistent/x.elf']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('emu: cannot read /nonexistent/x.elf: ENOENT\n');
  });

  it('rejects a program that does not fit in --ram, naming the segment', () => {
    const elf = program('big', 'EXIT 0', '.bss\nbig: .zero 2 * 1024 * 1024');
    const r = emu([elf, '--ram', '1']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/segment \d+ \(.*\) lies outside RAM/);
    expect(emu([elf, '--ram', '4']).status).toBe(0);
  });
});

/**
 * A .S file runs as its ELF does: assembled in memory (text at 0x80000000, entry at _start), or placed by
 * -T SCRIPT.ld. The expected console and exit status are what the program writes to the UART and the test
 * finisher; the examples' are those of their committed ELF files.
 */
describe('npm run emu: assembly sources', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hartscope-emu-asm-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const source = (name: string, text: string): string => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  source('uart.inc', '  .equ UART, 0x10000000\n  .equ FINISHER, 0x100000\n');
  const greet = source(
    'greet.S',
    `  .include "uart.inc"
  .globl _start
_start:
  la a0, msg
  li t0, UART
1: lbu t1, 0(a0)
  beqz t1, 2f
  sb t1, 0(t0)
  addi a0, a0, 1
  j 1b
2: li t0, FINISHER
  li t1, (7 << 16) | 0x3333
  sw t1, 0(t0)
  j .
  .section .rodata
msg: .string "assembled in memory\\n"
`,
  );

  it('assembles a .S file (with its .include) and runs it: console output and exit status', () => {
    const r = emu([greet]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('assembled in memory\n');
    expect(r.status).toBe(7);
  });

  it('puts the text at 0x80000000 and starts at _start', () => {
    const r = emu([greet, '--trace', '--max-insns', '1']);
    expect(r.stderr.split('\n')[0]).toMatch(/^M 0000000080000000 [0-9a-f]+ auipc\ta0,0x0$/);
  });

  it('prints every assembler error as FILE:LINE:COL: message and exits 2 without running', () => {
    const bad = source('bad.S', '_start:\n  addi t0, t0\n  j nowhere\n  frob a0\n');
    const r = emu([bad]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      `${bad}:2:3: 'addi' expects 3 operands (rd, rs1, imm12), found 2`,
      `${bad}:4:3: unknown instruction 'frob'`,
      `${bad}:3:5: undefined symbol 'nowhere'`,
    ]);
  });

  it('runs firmware/examples/hello.S with -T link.ld as its committed ELF runs', () => {
    const examples = join(ROOT, 'firmware/examples');
    const fromSource = emu([join(examples, 'hello.S'), '-T', join(examples, 'link.ld')]);
    const fromElf = emu([join(examples, 'hello.elf')]);
    expect(fromSource.stdout).toContain('Hello from hartscope!');
    expect(fromSource).toEqual(fromElf);
  });

  it('rejects -T with an ELF file', () => {
    const r = emu([join(ROOT, 'firmware/examples/hello.elf'), '-T', 'link.ld']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/-T applies to an assembly source/);
  });
});

describe('npm run emu: arguments', () => {
  it.each([
    [[], /no ELF file given/],
    [['a.elf', '--max-insns', 'lots'], /--max-insns needs a positive whole number, not "lots"/],
    [['a.elf', '--max-insns'], /--max-insns needs a positive whole number, not nothing/],
    [['a.elf', '--ram', '4096'], /--ram needs a size in MiB from 1 to 2048, not "4096"/],
    [['a.elf', '--misaligned', 'maybe'], /--misaligned needs trap or perform, not "maybe"/],
    [['a.elf', '--frobnicate'], /unknown option --frobnicate/],
    [['a.elf', 'b.elf'], /one ELF file at a time/],
  ])('%j is an error (status 2)', (args, message) => {
    const r = emu(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('--help documents the options, exit codes and trace format', () => {
    const r = emu(['--help']);
    expect(r.status).toBe(0);
    for (const word of [
      ...['--max-insns', '--trace', '--ram', '--misaligned', '--time-csr', '--firmware', 'fw_jump.elf'],
      ...['Exit status', 'Trace format'],
    ]) {
      expect(r.stdout).toContain(word);
    }
  });
});

/** Echoes stdin in upper case until it reads 'q' (polling LSR.DR, bit 0 of offset 5). Labels 1 and 2 are PUTC's. */
const ECHO = `
  li s0, UART
3:
  lbu t0, 5(s0)
  andi t0, t0, 1
  beqz t0, 3b
  lbu a0, 0(s0)
  li t0, 'q'
  beq a0, t0, 5f
  li t0, 'a'
  bltu a0, t0, 4f
  li t0, 'z' + 1
  bgeu a0, t0, 4f
  addi a0, a0, -32
4:
  PUTC a0
  j 3b
5:
  EXIT 0`;

describe.skipIf(!haveGcc)('npm run emu: stdin feeds the UART', () => {
  const echo = haveGcc ? program('echo', ECHO) : '';

  it('from a pipe', () => {
    const r = emu([echo], 'hello\nworld\nq');
    expect(r.stdout).toBe('HELLO\nWORLD\n');
    expect(r.status).toBe(0);
  });

  it('from a file', () => {
    const file = join(echo, '..', 'input.txt');
    writeFileSync(file, 'from a file\nqignored');
    const fd = openSync(file, 'r');
    try {
      const r = emu([echo], fd);
      expect(r.stdout).toBe('FROM A FILE\n');
      expect(r.status).toBe(0);
    } finally {
      closeSync(fd);
    }
  });

  it.skipIf(!hasTool('script'))(
    'from a terminal: raw mode (no local echo), and Ctrl-A x quits as in QEMU',
    () => {
      // script(1) gives the runner a pseudo-terminal; the keys are typed once the runner has had time to start
      // and put the terminal in raw mode (2 s was too short while the rest of the suite loaded both cores).
      const command = `${process.execPath} --import tsx ${EMU} ${echo}`;
      const feeder = `sleep 8; printf 'abc'; sleep 1; printf '\\001x'`;
      const r = spawnSync('sh', ['-c', `(${feeder}) | script -qfec "${command}" /dev/null`], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(r.stdout).toMatch(/^ABC\r\nemu: quit \(Ctrl-A x\); pc=0x8[0-9a-f]{7}\r\n$/);
      expect(r.stdout).not.toContain('abc');
      expect(r.status).toBe(0);
    },
  );

  it('from /dev/null: the guest waits for input that never comes until the budget runs out', () => {
    const fd = openSync('/dev/null', 'r');
    try {
      const r = emu([echo, '--max-insns', '200000'], fd);
      expect(r.stdout).toBe('');
      expect(r.status).toBe(124);
    } finally {
      closeSync(fd);
    }
  });
});

describe.skipIf(!haveQemu)('npm run emu agrees with qemu-system-riscv64 -machine virt -bios none', () => {
  const cases: [string, string, string, string][] = [
    ['hello', `${puts('msg')}\n  EXIT 0`, 'msg: .string "Hello from both\\n"', ''],
    ['exit-code', `${puts('msg')}\n  EXIT 3`, 'msg: .string "failing\\n"', ''],
    ['echo', ECHO, '', 'Some Input\nq'],
    [
      'misaligned',
      // QEMU virt performs misaligned loads and stores, and so does hartscope by default.
      `la t0, word
  lw a0, 1(t0)
  li t1, 0x44332211
  bne a0, t1, 1f
  EXIT 0
1: EXIT 9`,
      '.align 3\nword: .byte 0x00, 0x11, 0x22, 0x33, 0x44, 0x55',
      '',
    ],
  ];
  it.each(cases)('%s: same stdout and exit status', (name, body, data, input) => {
    const elf = program(`q-${name}`, body, data);
    const ours = emu([elf], input);
    const theirs = qemu(elf, input);
    expect(theirs.status).not.toBeNull();
    expect(ours.stdout).toBe(theirs.stdout);
    expect(ours.status).toBe(theirs.status);
  });
});

/** Exits with mcause as the status when a trap arrives; `body` runs after mtvec is set. */
const withHandler = (body: string): string => `
  la t0, handler
  csrw mtvec, t0
${body}
  .align 2
handler:
  csrr a0, mcause
  li t6, FINISHER
  slli a0, a0, 16
  li t5, 0x3333
  or a0, a0, t5
  sw a0, 0(t6)
1: j 1b`;

describe.skipIf(!haveGcc)('npm run emu --misaligned', () => {
  const elf = haveGcc
    ? program('misaligned', withHandler('la t0, word\n  lw a0, 1(t0)\n  EXIT 0'), '.align 3\nword: .dword 0')
    : '';

  it('performs misaligned loads by default, as QEMU virt does', () => {
    expect(emu([elf]).status).toBe(0);
    expect(emu([elf, '--misaligned', 'perform']).status).toBe(0);
  });

  it('with trap, a misaligned lw raises load address misaligned (mcause 4)', () => {
    expect(emu([elf, '--misaligned', 'trap']).status).toBe(4);
  });
});

describe.skipIf(!haveGcc || !hasTool(OBJDUMP))('npm run emu --trace', () => {
  it('prints priv, pc, raw instruction and disassembly as objdump shows them, one line per instruction', () => {
    // Straight-line code, 32-bit and compressed, so the trace follows objdump's listing line by line.
    const elf = program(
      'trace',
      `auipc t0, 0
  addi t1, t0, 12
  c.li a0, 5
  slli a1, a0, 3
  sub a2, a1, a0
  lui a3, 0x12345
  EXIT 0`,
    );
    const r = emu([elf, '--trace']);
    expect(r.status).toBe(0);
    const listing = objdumpLines(elf);
    const trace = r.stderr.split('\n').filter((l) => l !== '');
    // Every line of the listing up to the finisher store, in order, as `M <pc> <raw> <text>`.
    for (let i = 0; i < 6; i++) {
      const { pc, raw, text } = listing[i];
      expect(trace[i]).toBe(`M ${pc.padStart(16, '0')} ${raw} ${text}`);
    }
  });

  it('prints a trap line for an ecall, which does not retire', () => {
    const elf = program('trace-ecall', withHandler('ecall'));
    const r = emu([elf, '--trace']);
    expect(r.status).toBe(11); // environment call from M-mode (privileged spec, mcause table)
    const listing = objdumpLines(elf);
    const ecall = listing.find((l) => l.text === 'ecall')!;
    const csrw = listing[listing.indexOf(ecall) - 1];
    const lines = r.stderr.split('\n');
    const trap = lines.findIndex((l) => l.startsWith('trap '));
    expect(lines[trap]).toBe(
      `trap M exception 11 (environment call from M-mode) epc=${ecall.pc.padStart(16, '0')} tval=0000000000000000`,
    );
    expect(lines[trap - 1]).toBe(`M ${csrw.pc.padStart(16, '0')} ${csrw.raw} ${csrw.text}`); // the ecall did not retire
    expect(lines[trap + 1]).toMatch(/^M [0-9a-f]{16} [0-9a-f]+ csrr\ta0,mcause$/);
  });
});

/** objdump -d: `80000000:\t00000297          \tauipc\tt0,0x0` -> pc, raw hex, mnemonic and operands. */
function objdumpLines(elf: string): { pc: string; raw: string; text: string }[] {
  const out = spawnSync(OBJDUMP, ['-d', elf], { encoding: 'utf8' }).stdout;
  const lines: { pc: string; raw: string; text: string }[] = [];
  for (const line of out.split('\n')) {
    const m = /^\s*([0-9a-f]+):\t([0-9a-f]+)\s+\t(.*)$/.exec(line);
    if (m) lines.push({ pc: m[1], raw: m[2], text: m[3].replace(/\s+#.*$/, '').trimEnd() });
  }
  return lines;
}

describe('npm run emu --firmware: an S-mode payload under firmware', () => {
  const examples = join(ROOT, 'firmware/examples');
  const transcript = (name: string): string => EXAMPLES[name].expected(assembleExample(`${name}.S`));
  const FW_JUMP = '/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf';
  const haveFwJump = existsSync(FW_JUMP);
  const dir = mkdtempSync(join(tmpdir(), 'hartscope-emu-fw-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const source = (name: string, text: string): string => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  if (!haveFwJump)
    console.warn(`SKIPPED: ${FW_JUMP} is missing (Debian package opensbi; .ci/run installs it).`);

  it('monitor: assembles the .S payload at 0x80200000 and runs it under hartscope’s monitor', () => {
    const r = emu(['--firmware', 'monitor', join(examples, 'hello-sbi.S')]);
    expect(r).toEqual({ stdout: transcript('hello-sbi'), stderr: '', status: 0 });
  });

  it('host: the same calls served by the emulator itself, no firmware in RAM', () => {
    const r = emu(['--firmware', 'host', join(examples, 'kernel.S')]);
    expect(r).toEqual({ stdout: transcript('kernel'), stderr: '', status: 0 });
  });

  it('monitor with stdin: echo.S reads the console through the SBI', () => {
    const r = emu(['--firmware', 'monitor', join(examples, 'echo.S')], 'one\nexit\n');
    expect(r.stdout).toBe('echo: type a line and Enter; "exit" ends\none\nexit\nbye\n');
    expect(r.status).toBe(0);
  });

  it('--misaligned trap --time-csr absent: the monitor emulates what the hart does not do', () => {
    const args = ['--firmware', 'monitor', '--misaligned', 'trap', '--time-csr', 'absent'];
    const r = emu([...args, join(examples, 'emulate.S')]);
    expect(r).toEqual({ stdout: transcript('emulate'), stderr: '', status: 0 });
    // Bare metal, nothing emulates: the M-mode rdtime of this tiny program traps to mtvec = 0, where the hart
    // finds no instruction; the run ends with --max-insns instead of a value.
    const rdtime = source('rdtime.S', '  .globl _start\n_start:\n  rdtime a0\n  j _start\n');
    expect(emu(['--time-csr', 'absent', '--max-insns', '100', '--trace', rdtime]).stderr).toContain(
      'trap M exception 2 (illegal instruction) epc=0000000080000000 tval=00000000c0102573',
    );
  });

  it.skipIf(!haveFwJump)(
    'FILE: Debian’s OpenSBI fw_jump.elf boots and runs the committed fibonacci.elf',
    () => {
      const r = emu(['--firmware', FW_JUMP, join(examples, 'fibonacci.elf')]);
      expect(r.stdout).toContain('OpenSBI v1.1');
      const out = r.stdout.replace(/\r\n/g, '\n');
      const banner = out.lastIndexOf('Boot HART MEDELEG');
      expect(out.slice(out.indexOf('\n', banner) + 1)).toBe(transcript('fibonacci'));
      expect(r.status).toBe(0);
    },
  );

  it('refuses a payload that does not start at 0x80200000, and a firmware file that is not there', () => {
    const bare = emu(['--firmware', 'monitor', join(examples, 'hello.elf')]);
    expect(bare.status).toBe(2);
    expect(bare.stderr).toMatch(
      /the payload's entry point is 0x80000000, but firmware enters S-mode at 0x80200000/,
    );
    const none = emu(['--firmware', 'no-such-firmware.elf', join(examples, 'hello-sbi.elf')]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/cannot read no-such-firmware.elf: ENOENT/);
  });

  it.each([
    [['--time-csr', 'maybe', 'a.elf'], /--time-csr needs provided or absent, not "maybe"/],
    [['a.elf', '--firmware'], /--firmware needs monitor, host or a firmware ELF file/],
  ])('%j is an error (status 2)', (args, message) => {
    const r = emu(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

describe('emu --save-snapshot / --restore-snapshot / --boot-time', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hartscope-emu-snap-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const fibonacci = join(ROOT, 'firmware/examples/fibonacci.S');

  it('a run stopped by --max-insns, saved, then restored, prints exactly what one uninterrupted run prints', () => {
    const snap = join(dir, 'fib.snap');
    const whole = emu(['--firmware', 'monitor', fibonacci]);
    expect(whole.status).toBe(0);
    const first = emu(['--firmware', 'monitor', '--max-insns', '400', '--save-snapshot', snap, fibonacci]);
    expect(first.status).toBe(124);
    expect(first.stderr).toMatch(
      /emu: saved .*fib\.snap: [0-9.]+ KiB for a machine with 128 MiB of RAM at step 400/,
    );
    const rest = emu(['--restore-snapshot', snap]);
    expect(rest.status).toBe(0);
    expect(first.stdout.length).toBeGreaterThan(0);
    expect(first.stdout + rest.stdout).toBe(whole.stdout);
  });

  it('refuses a damaged snapshot with a message and exit status 2', () => {
    const bad = join(dir, 'bad.snap');
    writeFileSync(bad, 'HSNP but not really a snapshot');
    const r = emu(['--restore-snapshot', bad]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^emu: .*bad\.snap: /);
  });

  it('refuses machine options beside --restore-snapshot (the snapshot holds the configuration)', () => {
    const r = emu(['--restore-snapshot', join(dir, 'x.snap'), '--ram', '64']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--ram does not apply with --restore-snapshot/);
  });

  it('--boot-time reports the first S-mode instruction and the first console byte under the monitor', () => {
    const r = emu(['--firmware', 'monitor', '--boot-time', fibonacci]);
    expect(r.status).toBe(0);
    const steps = (what: string): number =>
      Number(new RegExp(`emu: boot: ${what}: step (\\d+)`).exec(r.stderr)?.[1]);
    // The monitor runs first in M-mode, so S-mode starts after some steps, and the payload prints after that.
    expect(steps('first S-mode instruction')).toBeGreaterThan(1);
    expect(steps('first console byte')).toBeGreaterThan(steps('first S-mode instruction'));
  });
});
