/** Command-line arguments of the headless runner (src/cli/emu.ts), parsed without any library. */

export interface EmuOptions {
  file: string;
  /** Stop after this many steps (instructions or trap entries); null = run until the guest exits. */
  maxInsns: number | null;
  trace: boolean;
  ramMiB: number;
  misaligned: 'perform' | 'trap';
  /** -T: the linker script that places a .S file's sections (instead of the default layout). */
  linkerScript: string | null;
  /** --firmware: null (bare metal), 'monitor', 'host', or the path of a firmware ELF. */
  firmware: string | null;
  /** --time-csr: whether the hart has the time CSR (absent: reads trap, firmware emulates them). */
  timeCsr: 'provided' | 'absent';
  /** --save-snapshot: write the whole machine to this file when the run stops. */
  saveSnapshot: string | null;
  /** --restore-snapshot: start from the machine in this file instead of loading FILE. */
  restoreSnapshot: string | null;
  /** --boot-time: report the steps and milliseconds to the first console byte and first S-mode instruction. */
  bootTime: boolean;
  /** --migrate-after N: after N steps, migrate live to a fresh machine and go on there (src/cli/migrate.ts). */
  migrateAfter: number | null;
}

export type ParsedArgs =
  { kind: 'run'; options: EmuOptions } | { kind: 'help' } | { kind: 'error'; message: string };

export const EXIT_USAGE = 2;
export const EXIT_WFI = 3;
export const EXIT_BUDGET = 124;

export const USAGE = `usage: npm run emu -- [--firmware monitor|host|FIRMWARE.elf] FILE.elf|FILE.S [-T SCRIPT.ld]
         [--max-insns N] [--trace] [--ram MiB] [--misaligned trap|perform] [--time-csr provided|absent]
         [--save-snapshot SNAP] [--boot-time] [--migrate-after N]
       npm run emu -- --restore-snapshot SNAP [--max-insns N] [--trace] [--save-snapshot SNAP2]

Without --firmware, runs a bare-metal RV64 ELF on hartscope's QEMU-virt board, as
\`qemu-system-riscv64 -machine virt -bios none -nographic -kernel FILE.elf\` does: no firmware, the hart
starts in M-mode at the ELF's entry point with a0 = 0 (the hart id). A FILE ending in .S or .s is assembled
first, in memory, as \`npm run asm -- FILE.S\` does (text at 0x80000000, then rodata, data and bss; entry
at _start); its errors are printed as FILE:LINE:COL: message, with exit status ${EXIT_USAGE}.

With --firmware, FILE is an S-mode payload (a .S file is then assembled at 0x80200000) and firmware runs
below it, as on a real board: the hart starts in M-mode in the firmware, which enters the payload at
0x80200000 in S-mode with a0 = hart id, a1 = the device tree, and serves its SBI calls (ecall):
  monitor        hartscope's SBI-like monitor (firmware/monitor/*.S, assembled by hartscope)
  host           no firmware in RAM: the emulator serves the SBI itself, as a hypervisor (KVM) does
  FIRMWARE.elf   a firmware ELF for QEMU virt, e.g. Debian's OpenSBI:
                 /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf (as \`qemu-system-riscv64
                 -machine virt -bios FIRMWARE.elf -kernel FILE.elf\` runs it)

  --max-insns N      stop after N steps (retired instructions plus trap entries); default: no limit
  --trace            print one line per retired instruction to stderr (format below)
  --ram MiB          RAM size in MiB at 0x80000000 (1..2048, default 128)
  --misaligned MODE  misaligned loads and stores: perform (default, as QEMU does) or trap (the monitor
                     emulates them for S- and U-mode)
  --time-csr MODE    the time CSR: provided (default) or absent (reading it is an illegal instruction;
                     the monitor emulates rdtime from the CLINT's mtime)
  --firmware FW      run FILE as an S-mode payload under FW: monitor, host or a firmware ELF (above)
  -T SCRIPT.ld       place a .S file's sections by this linker script, as \`ld -T\` does
  -h, --help         this text

Console: bytes the guest writes to the NS16550A UART at 0x10000000 (or to HTIF) go to stdout, raw;
stdin feeds the UART's receiver (a pipe, a file or a terminal; on a terminal, Ctrl-A x quits, as in QEMU).

Exit status:
  the guest's code   it wrote the SiFive test finisher at 0x100000 (0x5555 = 0, (code<<16)|0x3333 = code)
                     or stored (code<<1)|1 to its \`tohost\` symbol (HTIF); the low 8 bits, as in QEMU
  ${EXIT_USAGE}                  bad arguments, FILE is not a loadable RV64 ELF, or a .S FILE does not assemble
  ${EXIT_WFI}                  the hart waits in wfi and nothing can wake it (no timer armed, stdin closed)
  ${EXIT_BUDGET}                --max-insns used up (message on stderr with the pc)

Snapshots (the whole machine: hart, CSRs, devices, the RAM pages that are not all zero; compressed):
  --save-snapshot SNAP     when the run stops (the guest exits, sleeps for good, or --max-insns runs out),
                           write the machine to SNAP and say its size on stderr
  --restore-snapshot SNAP  start from the machine in SNAP (no FILE: the snapshot holds the program and the
                           machine's RAM size and options, so --ram, --firmware, --misaligned, --time-csr and
                           -T do not apply); a damaged or foreign file is refused with exit status ${EXIT_USAGE}
  --boot-time              on stderr at the end: the steps and host milliseconds from power-on to the first
                           console byte and to the first instruction retired in S-mode

Live migration:
  --migrate-after N        after N steps, migrate the running guest to a fresh machine configured alike, in
                           this process, by pre-copy: RAM is copied in rounds (256 pages per 200 000
                           instructions) while the source runs on, pages it dirties are sent again, until few
                           are dirty (16) or after 30 rounds; then the source stops, the last pages and the
                           CPU and device state go over, and the run continues on the target. stdout is what
                           a run without migration prints; the rounds, pages, bytes and downtime go to stderr

Trace format (stderr), one line per retired instruction, fields separated by one space:
  <priv> <pc> <raw> <disassembly>
    priv         M, S or U: the privilege mode the instruction ran in
    pc           16 hex digits
    raw          the instruction word: 8 hex digits, or 4 for a compressed instruction
    disassembly  as GNU objdump prints it (mnemonic, a tab, operands)
  e.g.  M 0000000080000000 00000297 auipc\tt0,0x0
and one line per trap taken (an instruction that traps does not retire, so it only appears here):
  trap <to-priv> <exception|interrupt> <cause> (<name>) epc=<16 hex> tval=<16 hex>
  e.g.  trap M exception 2 (illegal instruction) epc=0000000080000004 tval=0000000000000000
`;

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const options: EmuOptions = {
    file: '',
    maxInsns: null,
    trace: false,
    ramMiB: 128,
    misaligned: 'perform',
    linkerScript: null,
    firmware: null,
    timeCsr: 'provided',
    saveSnapshot: null,
    restoreSnapshot: null,
    bootTime: false,
    migrateAfter: null,
  };
  const machineOptions: string[] = [];
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    const takeValue = (): string | null => {
      if (eq >= 0) return arg.slice(eq + 1);
      return i + 1 < argv.length ? argv[++i] : null;
    };
    switch (name) {
      case '-h':
      case '--help':
        return { kind: 'help' };
      case '--trace':
        if (eq >= 0) return { kind: 'error', message: '--trace takes no value' };
        options.trace = true;
        break;
      case '--max-insns':
      case '--migrate-after': {
        const v = takeValue();
        if (v === null || !/^[0-9][0-9_]*$/.test(v) || Number(v.replace(/_/g, '')) < 1) {
          return { kind: 'error', message: `${name} needs a positive whole number, not ${show(v)}` };
        }
        const n = Number(v.replace(/_/g, ''));
        if (!Number.isSafeInteger(n)) {
          return {
            kind: 'error',
            message: `${name} ${v} is too large (at most ${Number.MAX_SAFE_INTEGER})`,
          };
        }
        if (name === '--max-insns') options.maxInsns = n;
        else options.migrateAfter = n;
        break;
      }
      case '--ram': {
        machineOptions.push('--ram');
        const v = takeValue();
        const n = v !== null && /^[0-9]+$/.test(v) ? Number(v) : NaN;
        if (!(n >= 1 && n <= 2048)) {
          return { kind: 'error', message: `--ram needs a size in MiB from 1 to 2048, not ${show(v)}` };
        }
        options.ramMiB = n;
        break;
      }
      case '--misaligned': {
        machineOptions.push('--misaligned');
        const v = takeValue();
        if (v !== 'trap' && v !== 'perform') {
          return { kind: 'error', message: `--misaligned needs trap or perform, not ${show(v)}` };
        }
        options.misaligned = v;
        break;
      }
      case '--time-csr': {
        machineOptions.push('--time-csr');
        const v = takeValue();
        if (v !== 'provided' && v !== 'absent') {
          return { kind: 'error', message: `--time-csr needs provided or absent, not ${show(v)}` };
        }
        options.timeCsr = v;
        break;
      }
      case '--firmware': {
        machineOptions.push('--firmware');
        const v = takeValue();
        if (v === null || v === '') {
          return { kind: 'error', message: '--firmware needs monitor, host or a firmware ELF file' };
        }
        options.firmware = v;
        break;
      }
      case '--save-snapshot':
      case '--restore-snapshot': {
        const v = takeValue();
        if (v === null || v === '') return { kind: 'error', message: `${name} needs a file name` };
        if (name === '--save-snapshot') options.saveSnapshot = v;
        else options.restoreSnapshot = v;
        break;
      }
      case '--boot-time':
        options.bootTime = true;
        break;
      case '-T': {
        machineOptions.push('-T');
        const v = takeValue();
        if (v === null) return { kind: 'error', message: '-T needs a linker script file' };
        options.linkerScript = v;
        break;
      }
      case '--':
        files.push(...argv.slice(i + 1));
        i = argv.length;
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') return { kind: 'error', message: `unknown option ${arg}` };
        files.push(arg);
    }
  }
  if (options.migrateAfter !== null && options.bootTime) {
    return {
      kind: 'error',
      message: '--boot-time and --migrate-after cannot be combined: the boot timer watches one machine',
    };
  }
  if (options.restoreSnapshot !== null) {
    if (files.length > 0)
      return {
        kind: 'error',
        message: `--restore-snapshot starts from the snapshot's program, not ${files[0]}`,
      };
    if (machineOptions.length > 0)
      return {
        kind: 'error',
        message: `${machineOptions[0]} does not apply with --restore-snapshot: the snapshot holds the machine's configuration`,
      };
    return { kind: 'run', options };
  }
  if (files.length === 0) return { kind: 'error', message: 'no ELF file given' };
  if (files.length > 1)
    return { kind: 'error', message: `one ELF file at a time, not ${files.length}: ${files.join(' ')}` };
  options.file = files[0];
  if (options.linkerScript !== null && !/\.[sS]$/.test(options.file))
    return { kind: 'error', message: '-T applies to an assembly source (.S), not an ELF' };
  return { kind: 'run', options };
}

const show = (v: string | null): string => (v === null ? 'nothing' : JSON.stringify(v));
