/**
 * Looking into the session's machine and editing it while paused: the state view the page polls, memory,
 * registers and disassembly. Machine-level helpers are in inspect.ts.
 */
import type {
  AddressSpace,
  DisasmLine,
  EditResult,
  MachineStateView,
  MemoryRange,
  PrivilegeLevel,
  TranslationView,
} from './emulator-api';
import {
  disassembleRange,
  explainTranslation,
  readCsrView,
  readMemory,
  readVirtualMemory,
  writeMemory,
  writeVirtualMemory,
} from './inspect';
import type { SessionState } from './session-state';

/** The page's view of the machine now; drains the console and trap buffers. */
export function stateView(s: SessionState): MachineStateView {
  const m = s.machine;
  const hart = m.hart;
  // Each register as two 32-bit halves, low first: on a little-endian host (every browser's) that is the
  // memory layout of a 64-bit integer, so one BigUint64Array view reads them without per-register BigInt math.
  const halves = new Uint32Array(64);
  let changedMask = 0;
  for (let i = 0; i < 32; i++) {
    halves[2 * i] = hart.x[i];
    halves[2 * i + 1] = hart.x[i + 32];
    if (hart.x[i] !== s.previousX[i] || hart.x[i + 32] !== s.previousX[i + 32]) changedMask |= 1 << i;
  }
  s.previousX = hart.x.slice();
  const consoleOut = s.console.drain();
  const trapsOut = s.traps.drain();
  return {
    status: s.status,
    program: s.program,
    firmware: s.firmware.kind,
    pc: hart.getPc(),
    priv: hart.priv as PrivilegeLevel,
    x: new BigUint64Array(halves.buffer),
    changedMask: changedMask >>> 0,
    instructionsRetired: m.instructionsRetired,
    retiredByMode: m.retiredByMode, // HART (issue 6)
    mtime: BigInt(Math.floor(m.clint.mtime)),
    csrs: readCsrView(m),
    consoleBytes: consoleOut.bytes,
    consoleDropped: consoleOut.dropped,
    traps: trapsOut.words,
    trapsDropped: trapsOut.dropped,
    breakpoints: s.breakpoints,
  };
}

export function sessionReadMemory(
  s: SessionState,
  address: bigint,
  length: number,
  space: AddressSpace = 'physical',
): MemoryRange {
  const at = BigInt.asUintN(64, address);
  return space === 'virtual' ? readVirtualMemory(s.machine, at, length) : readMemory(s.machine, at, length);
}

const ACCESSES = ['read', 'write', 'execute'] as const;

export function sessionExplainTranslation(
  s: SessionState,
  address: bigint,
  access: TranslationView['access'] = 'read',
): TranslationView {
  const a = ACCESSES.includes(access) ? access : 'read';
  return explainTranslation(s.machine, BigInt.asUintN(64, address), a);
}

export function sessionWriteRegister(s: SessionState, index: number, value: bigint): EditResult {
  if (s.running) return { ok: false, error: 'pause the machine to edit registers' };
  if (!Number.isInteger(index) || index < 0 || index > 32)
    return { ok: false, error: `no register ${index}` };
  const v = BigInt.asUintN(64, value);
  const lo = Number(v & 0xffff_ffffn) | 0;
  const hi = Number(v >> 32n) | 0;
  // A RISC-V hart has no odd pc (bit 0 of pc, mepc and jalr's target is always 0).
  if (index === 32 && (lo & 1) !== 0)
    return { ok: false, error: 'pc must be even: RISC-V instructions are 2-byte aligned' };
  if (index === 32) s.machine.hart.setPc(lo, hi);
  else s.machine.hart.setX(index, lo, hi);
  s.history.forget();
  return { ok: true };
}

export function sessionWriteMemory(
  s: SessionState,
  address: bigint,
  bytes: Uint8Array,
  space: AddressSpace = 'physical',
): EditResult {
  if (s.running) return { ok: false, error: 'pause the machine to edit memory' };
  if (space === 'virtual') {
    const refused = writeVirtualMemory(s.machine, BigInt.asUintN(64, address), bytes);
    if (refused !== null) return { ok: false, error: refused };
  } else if (!writeMemory(s.machine, BigInt.asUintN(64, address), bytes))
    return { ok: false, error: `0x${address.toString(16)} (+${bytes.length}) is not all RAM` };
  s.history.forget();
  return { ok: true };
}

export function sessionDisassemble(
  s: SessionState,
  address: bigint,
  count: number,
  space: AddressSpace = 'virtual',
  fetchMode?: PrivilegeLevel,
): DisasmLine[] {
  const where = space === 'physical' ? 'physical' : 'virtual';
  return disassembleRange(s.machine, s.index, BigInt.asUintN(64, address), count, where, fetchMode);
}
