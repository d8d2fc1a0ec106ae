/**
 * The whole contract between the page and the machine (DESIGN.md, "The worker boundary"). The worker
 * implements it (emulator-session.ts) and exposes it with comlink (emulator.worker.ts); the UI holds a
 * comlink proxy of it (client.ts). Calls are coarse: the UI never sends one message per instruction, and it
 * pulls one compact state view per animation frame.
 */
import type { BreakIsa } from '../../emulator/hart/hart-state';
import type { StopReason } from '../../emulator/machine';
// Live migration (issue 9): the messages' types live with the worker's migration code.
import type { MigrationFinish, MigrationSetup, PageBatch } from './migration-session';
export type { MigrationFinish, MigrationSetup, PageBatch };

export type { BreakIsa, StopReason };

/** Privilege mode numbers as the spec encodes them (mstatus.MPP): 0 U, 1 S, 3 M. */
export type PrivilegeLevel = 0 | 1 | 3;

/** Why a debugger command stopped the machine short of an exit (the status of a paused machine). */
export type PauseCause =
  | 'user'
  | 'step'
  | 'breakpoint'
  | 'step-over'
  | 'step-out'
  | 'run-to'
  // Time travel (time-travel-session.ts): stopped after going backwards.
  | 'step-back'
  | 'run-back'
  // Live migration (issue 9; migration-session.ts): the guest moved to another machine (source), or
  // arrived here and waits to be run (target).
  | 'migrated';

/** Where the machine is: nothing loaded, loaded and not yet run, running, paused (why), or stopped (why). */
export type MachineStatus =
  | { kind: 'empty' }
  | { kind: 'ready' }
  | { kind: 'running' }
  | { kind: 'paused'; cause?: PauseCause }
  | Exclude<StopReason, { kind: 'breakpoint' }>
  | { kind: 'error'; message: string };

/**
 * What runs under the program: nothing (it starts in M-mode at its entry), hartscope's SBI monitor
 * (firmware/monitor, M-mode; the program is an S-mode payload at 0x8020_0000), SBI served by the host (the
 * machine itself answers the payload's ecalls, as KVM does), or a firmware ELF chosen by the user.
 */
export type FirmwareChoice =
  | { kind: 'bare' }
  | { kind: 'monitor' }
  | { kind: 'host' }
  | { kind: 'file'; bytes: Uint8Array; name: string };

/** Where an S-mode payload goes when there is firmware below it (the board's convention, QEMU's too). */
export { PAYLOAD_BASE } from '../../emulator/board/memory-map';

export interface SymbolInfo {
  name: string;
  address: bigint;
  size: number;
}

/** Which instruction address came from which source line (first address of each line first). */
export interface SourceLine {
  address: bigint;
  file: string;
  line: number;
}

export type LoadResult =
  | { ok: true; entry: bigint; segments: number; symbols: SymbolInfo[]; sourceLines: SourceLine[] }
  | { ok: false; error: string };

/** One assembler error, 1-based line and column as editors and GNU as print them. */
export interface AsmDiagnostic {
  file: string;
  line: number;
  column: number;
  message: string;
}

export type AssembleLoadResult = LoadResult | { ok: false; error: string; diagnostics: AsmDiagnostic[] };

export interface AssembleRequest {
  /** The source text and the name its errors and source lines carry. */
  text: string;
  file: string;
  /** Files that `.include` may name, by name. */
  includes?: Record<string, string>;
  /** A linker script (the examples' link.ld), placing the sections instead of the default layout. */
  linkerScript?: { text: string; file: string };
  /**
   * Firmware and hart options to switch to with this program (an example that needs them), taken only if
   * the program loads: a failure leaves the previous program, firmware and options as they were.
   */
  firmware?: FirmwareChoice;
  machine?: MachineOptions;
}

/**
 * The CSRs every state view carries, in this order (csrs[i] is CSR_VIEW[i]'s value). Read as M-mode would
 * read them, whatever mode the hart is in.
 */
export const CSR_VIEW = [
  ['mstatus', 0x300],
  ['misa', 0x301],
  ['medeleg', 0x302],
  ['mideleg', 0x303],
  ['mie', 0x304],
  ['mtvec', 0x305],
  ['mscratch', 0x340],
  ['mepc', 0x341],
  ['mcause', 0x342],
  ['mtval', 0x343],
  ['mip', 0x344],
  ['mcounteren', 0x306],
  ['scounteren', 0x106],
  ['pmpcfg0', 0x3a0],
  ['pmpaddr0', 0x3b0],
  ['pmpaddr1', 0x3b1],
  ['pmpaddr2', 0x3b2],
  ['pmpaddr3', 0x3b3],
  ['pmpaddr4', 0x3b4],
  ['pmpaddr5', 0x3b5],
  ['pmpaddr6', 0x3b6],
  ['pmpaddr7', 0x3b7],
  ['sstatus', 0x100],
  ['sie', 0x104],
  ['stvec', 0x105],
  ['sscratch', 0x140],
  ['sepc', 0x141],
  ['scause', 0x142],
  ['stval', 0x143],
  ['sip', 0x144],
  ['satp', 0x180],
  ['mcycle', 0xb00],
  ['minstret', 0xb02],
] as const satisfies readonly (readonly [string, number])[];

export type CsrName = (typeof CSR_VIEW)[number][0];

/** A state view's CSR values by name. */
export function csrMap(csrs: BigUint64Array): Map<CsrName, bigint> {
  return new Map(CSR_VIEW.map(([name], i) => [name, csrs[i] ?? 0n]));
}

/**
 * Trap events travel packed: TRAP_WORDS 32-bit words per trap (see trap-events.ts for the layout and
 * unpackTraps to read them).
 */
export const TRAP_WORDS = 14;

/** One compact view of the machine: what the UI draws in a frame. Typed arrays are transferred, not copied. */
export interface MachineStateView {
  status: MachineStatus;
  /** The loaded program's name (file name), or null. */
  program: string | null;
  firmware: FirmwareChoice['kind'];
  pc: bigint;
  priv: PrivilegeLevel;
  /** x0..x31 (x0 is always 0). */
  x: BigUint64Array;
  /** Bit i set: x[i] differs from the previous view's (every bit clear in the first view after a load). */
  changedMask: number;
  instructionsRetired: bigint;
  /**
   * HART (issue 6): instructions retired in each privilege mode since the load or last reset (Machine.
   * retiredByMode), as numbers (exact below 2^53, some 100 days of guest time at 1000 MIPS). Unlike
   * instructionsRetired (minstret) they count every instruction the hart retired, whatever mcountinhibit
   * or a write to minstret says: an instruction counts in the mode it ran in (an mret in M). Host-SBI calls
   * and emulations count in the guest's mode, as they do in minstret.
   */
  retiredByMode: { user: number; supervisor: number; machine: number };
  /** mtime (the CLINT's timer; it advances with retired instructions). */
  mtime: bigint;
  /** Values of the CSRs in CSR_VIEW, in that order. */
  csrs: BigUint64Array;
  /**
   * Console bytes the guest sent since the previous getState (or since the last load/reset): at most the
   * newest CONSOLE_FRAME_LIMIT, so a flooding guest cannot flood the page.
   */
  consoleBytes: Uint8Array;
  /** Console bytes that were dropped (oldest first) since the previous view because of that limit. */
  consoleDropped: number;
  /** Traps taken since the previous view (newest TRAP_FRAME_LIMIT), packed: see TRAP_WORDS, unpackTraps. */
  traps: Uint32Array;
  trapsDropped: number;
  /** Addresses where a run stops before executing the instruction. */
  breakpoints: bigint[];
}

export const CONSOLE_FRAME_LIMIT = 64 * 1024;
// HART (issue 6): 512, since trap returns travel with the traps (most traps have one), so a frame still
// holds the last 256 traps of a guest that traps and returns in a loop.
export const TRAP_FRAME_LIMIT = 512;

/** A speed: one instruction per Run press, an animated run at `perSecond`, or as fast as the host can. */
export type RunSpeed = { kind: 'step' } | { kind: 'slow'; perSecond: number } | { kind: 'full' };

/** One disassembled instruction, objdump-style, with what names it. */
export interface DisasmLine {
  address: bigint;
  /** The instruction word (a 16-bit one in the low half), or null where memory cannot be read. */
  word: number | null;
  length: 2 | 4;
  /** objdump's text (`addi\tsp,sp,-16`), with `<symbol+off>` on branch targets. */
  text: string;
  /** The symbol that starts here, if any (objdump prints it as a `<name>:` header). */
  label: string | null;
  /** The source line this instruction came from (the user's program and the firmware's alike). */
  source: { file: string; line: number; text: string } | null;
}

/**
 * Bytes of memory; `readable[i]` is 0 where address + i is not RAM (devices are never read) or, for a
 * virtual read, where its page is not mapped for reading (the page shows '--').
 */
export interface MemoryRange {
  address: bigint;
  bytes: Uint8Array;
  readable: Uint8Array;
}

/**
 * The addresses a memory read or write uses (issue 5): 'physical', or 'virtual' as the hart sees them now
 * (satp and the mode its loads and stores use; satp Bare, or M mode without MPRV, is the identity).
 */
export type AddressSpace = 'physical' | 'virtual';

/** One level of a page walk: which PTE was read (VPN[level] indexes the table) and what it held. */
export interface WalkStep {
  level: number;
  vpn: number;
  pteAddress: bigint;
  /** null when the PTE's address is not RAM. */
  pte: bigint | null;
  /** D A G U X W R V, a letter when set, '-' when clear ('' when the PTE could not be read). */
  flags: string;
  kind: 'pointer' | 'leaf' | 'invalid';
}

/** How the hart would translate one virtual address now, without doing it (nothing in the guest changes). */
export interface TranslationView {
  va: bigint;
  /** 'bare': satp MODE is Bare; 'm-mode': the access is M mode's (no translation); 'sv39': walked. */
  mode: 'bare' | 'm-mode' | 'sv39';
  access: 'read' | 'write' | 'execute';
  /** The mode the access is checked at. */
  priv: PrivilegeLevel;
  satp: bigint;
  /** VPN[2], VPN[1], VPN[0] of the address. */
  vpn: [number, number, number];
  pa: bigint | null;
  /** 4096, 2 MiB or 1 GiB when a leaf was reached. */
  pageSize: number | null;
  levels: WalkStep[];
  /** Why there is no physical address: a page fault or access fault, in words. */
  fault: { kind: 'page-fault' | 'access-fault'; reason: string } | null;
}

/** Writing registers and memory is allowed while the machine is not running; `error` says why not. */
export type EditResult = { ok: true } | { ok: false; error: string };

/**
 * The hart's options a lesson may change (MachineConfig): misaligned loads and stores performed (as QEMU) or
 * trapped, and the `time` CSR provided or absent, so that firmware must emulate them (trap and emulate).
 */
export interface MachineOptions {
  misalignedAccess: 'perform' | 'trap';
  timeCsr: 'provided' | 'absent';
  /**
   * HART (issue 6): "break the ISA" (MachineConfig.breakIsa): 'sret-in-u-is-nop' makes sret in U-mode a
   * no-op instead of an illegal instruction, so a monitor never sees a deprivileged guest kernel's sret.
   * Absent: the ISA as specified (setMachineOptions and a load with options clear it). Taken with a reload,
   * like the two above.
   */
  breakIsa?: BreakIsa;
  // --- teaching (issue 6): the engine switch, taken live (no reload) by the running machine ---
  /** Which engine runs the guest (MachineConfig.engine); absent: the machine's default. */
  engine?: 'interpreter' | 'translator';
}

/** A saved machine: the file's bytes (compressed where the host can) and what it holds. */
export interface SavedSnapshot {
  file: Uint8Array;
  /** The machine's RAM size in bytes, to show next to the file's size. */
  ramSize: number;
  /** RAM pages stored (the others are all zero). */
  pages: number;
}

/** Restoring a snapshot: the machine it holds, or why the file was refused (the machine left as it was). */
export type RestoreResult =
  (Extract<LoadResult, { ok: true }> & { ramSize: number }) | { ok: false; error: string };

/** One boot event: the hart's step count and the host milliseconds since power-on (null: not reached). */
export interface BootMarkView {
  steps: number;
  ms: number;
  /** False when it was seen only at the end of a slice (the step count is an upper bound). */
  exact: boolean;
}

export interface BootReport {
  firstConsoleByte: BootMarkView | null;
  firstSupervisorInstruction: BootMarkView | null;
}

/** RAM as the host sees it: all of it is allocated up front; `touchedPages` of it hold anything but zeros. */
export interface MemoryUsage {
  ramSize: number;
  pageSize: number;
  touchedPages: number;
}

export interface EmulatorApi {
  /** Answers at once, even while running: the page uses it to notice a worker that has died. */
  ping(): Promise<'pong'>;
  /** What runs below the program loaded next (and reloads the current one under it). */
  setFirmware(choice: FirmwareChoice): Promise<LoadResult | null>;
  /** The hart's options for the machine powered on next (and the current program reloaded under them). */
  setMachineOptions(options: MachineOptions): Promise<LoadResult | null>;
  /** Load an ELF64 RISC-V executable and reset the machine to its entry. Errors say what is wrong with the file. */
  loadElf(bytes: Uint8Array, name: string): Promise<LoadResult>;
  /** Assemble with hartscope's assembler and load the result; errors carry file, line and column. */
  assembleAndLoad(request: AssembleRequest): Promise<AssembleLoadResult>;
  /**
   * Run until something stops it (exit, wfi, breakpoint, pause). The guest runs in slices of a few
   * milliseconds (at most `sliceInstructions` each) with a yield between them, so pause and getState are
   * answered while it runs. Resolves with the status once running stops.
   */
  run(sliceInstructions?: number): Promise<MachineStatus>;
  /** Stop a run at the end of the current slice. Resolves once it has stopped. */
  pause(): Promise<void>;
  /** Execute `count` instructions (default 1; a trap entry counts as one step). */
  step(count?: number): Promise<MachineStatus>;
  /** Step; if the instruction is a call (jal/jalr writing ra or t0), run until it returns. */
  stepOver(): Promise<MachineStatus>;
  /** Run until the current function returns to its caller. */
  stepOut(): Promise<MachineStatus>;
  /** Run until pc reaches `address` (or something else stops the run first). */
  runTo(address: bigint): Promise<MachineStatus>;
  setBreakpoints(addresses: bigint[]): Promise<void>;
  setSpeed(speed: RunSpeed): Promise<void>;
  /** Power-cycle: reload the program's segments, hart and devices in their reset state. */
  reset(): Promise<void>;
  getState(): Promise<MachineStateView>;
  /** Memory by physical address (the default) or by virtual address as the hart sees it now (issue 5). */
  readMemory(address: bigint, length: number, space?: AddressSpace): Promise<MemoryRange>;
  /** Register 0..31 (x0 ignores writes, as in hardware), or 32 for pc. */
  writeRegister(index: number, value: bigint): Promise<EditResult>;
  /** A 'virtual' write goes through the translation; refused (nothing written) when any page is unmapped. */
  writeMemory(address: bigint, bytes: Uint8Array, space?: AddressSpace): Promise<EditResult>;
  /** The page walk for one virtual address as the hart would do it now (default: a load), for the page. */
  explainTranslation(address: bigint, access?: 'read' | 'write' | 'execute'): Promise<TranslationView>;
  /** Bytes the user typed or pasted, for the guest's UART to receive. */
  consoleInput(bytes: Uint8Array): Promise<void>;
  /**
   * `count` instructions from `address` onward. By default the bytes are read as the hart would fetch them
   * now ('virtual': through satp's Sv39 tables when the hart is in S or U mode, with execute access, changing
   * nothing; physical in M mode or with satp Bare); 'physical' reads RAM by physical address. Bytes that
   * cannot be fetched are lines with word null and a text that says why (the walk's reason, or not memory).
   * fetchMode: read 'virtual' as a fetch from that privilege level would (with the current satp), not from
   * the hart's own: a trap's epc taken in S mode is an S-mode address while the hart sits in M mode.
   */
  disassemble(
    address: bigint,
    count: number,
    space?: AddressSpace,
    fetchMode?: PrivilegeLevel,
  ): Promise<DisasmLine[]>;
  /** Pause and save the whole machine as a snapshot file (emulator/snapshot/). */
  saveSnapshot(): Promise<SavedSnapshot>;
  /** Replace the machine by a snapshot file's; a damaged or foreign file is refused and nothing changes. */
  restoreSnapshot(file: Uint8Array, name: string): Promise<RestoreResult>;
  /**
   * Power-cycle and run from power-on until the first console byte and the first S-mode instruction were
   * both seen (or `budget` steps), then stay paused there: the boot time, in steps and host milliseconds.
   */
  measureBoot(budget?: number): Promise<BootReport>;
  /** How much of RAM the guest has touched (a scan for non-zero pages: a few ms per 128 MiB). */
  memoryUsage(): Promise<MemoryUsage>;
  // --- time travel (issue 6; time-travel-session.ts) ---
  /**
   * Go back `count` instructions (default 1), exact to the instruction: the registers, CSRs, memory and
   * devices as they were then. History starts at the load, the last reset or the last edit from the page,
   * and keeps within a memory bound (old history thins out). Pauses a run first.
   */
  stepBack(count?: number): Promise<MachineStatus>;
  /** Go back to the last time before now that pc was at a breakpoint; found: false (nothing moved) if none. */
  runBack(): Promise<{ found: boolean; status: MachineStatus }>;
  // --- live migration (issue 9; migration-session.ts): the page drives the rounds between two workers ---
  /** Start a pre-copy from this machine (it keeps running): what the target needs to power on alike. */
  beginMigrationSource(): Promise<MigrationSetup>;
  /** Up to `maxPages` pages that changed since they were last sent (the buffer is transferred). */
  migrationRound(maxPages: number): Promise<PageBatch>;
  /** Stop this machine for good and hand over the last dirty pages and the CPU and device state. */
  finishMigration(): Promise<MigrationFinish>;
  /** Power on a machine like the source's, RAM empty, to receive pages; it cannot run until resumed. */
  beginMigrationTarget(setup: MigrationSetup): Promise<void>;
  acceptPages(batch: PageBatch): Promise<void>;
  /** Take the source's CPU and device state; the guest goes on from there at the next run. */
  resumeMigration(state: MigrationFinish['state']): Promise<MachineStatus>;
}
