/**
 * The SBI calls, served in TypeScript: one function per extension, each answering exactly as the monitor's
 * handler of the same name in firmware/monitor/sbi_*.S does (that assembly is the reference for what a
 * guest sees; the comments here say only where the host does something differently). Arguments and results
 * are BigInts: a call is rare, and the values are whole 64-bit registers.
 */
import { CLINT_BASE, PAYLOAD_BASE, RAM_BASE, UART0_BASE } from '../board/memory-map';
import type { Bus } from '../bus';
import { fromBigInt, out } from '../int64';
import { MIP_MTIP, MIP_SSIP, MIP_STIP } from '../hart/causes';
import { readCsr } from '../hart/csr';
import { CSR } from '../hart/csr-numbers';
import { type Hart, TRAP } from '../hart/hart';
import { Priv } from '../hart/privilege';
import {
  HOST_IMPL_ID,
  IMPL_VERSION,
  isImplementedExtension,
  SBI_HSM_STARTED,
  SBI_SPEC_VERSION,
  SbiError,
  SbiExtension,
  SrstReason,
  SrstType,
} from './spec';

/** What a call needs of the machine. */
export interface SbiCallContext {
  readonly hart: Hart;
  readonly bus: Bus;
  /** End the run with this exit code (the monitor writes the SiFive test finisher). */
  exit(code: number): void;
  /** Restart the machine from the payload (the monitor's cold/warm reboot through the finisher). */
  reboot(): void;
}

/** struct sbiret. For the legacy extensions only `error` (a0) is returned. */
export interface SbiResult {
  error: bigint;
  value: bigint;
}

/** a0..a5 of the call. */
export type SbiArgs = readonly bigint[];

const ok = (value: bigint | number): SbiResult => ({ error: SbiError.Success, value: BigInt(value) });
const notSupported: SbiResult = { error: SbiError.NotSupported, value: 0n };
const invalidParam: SbiResult = { error: SbiError.InvalidParam, value: 0n };

/** Serve one call. null: the call does not return (shutdown or reboot). */
export function serveSbiCall(ctx: SbiCallContext, eid: bigint, fid: bigint, a: SbiArgs): SbiResult | null {
  if (eid > 0xffffffffn) return notSupported;
  switch (Number(eid)) {
    case SbiExtension.LegacySetTimer:
      programTimer(ctx, a[0]);
      return ok(0);
    case SbiExtension.LegacyConsolePutchar:
      consolePutc(ctx.bus, Number(a[0] & 0xffn));
      return ok(0);
    case SbiExtension.LegacyConsoleGetchar:
      return { error: BigInt(consoleGetc(ctx.bus)), value: 0n };
    case SbiExtension.LegacyShutdown:
      ctx.exit(0);
      return null;
    case SbiExtension.Base:
      return base(ctx.hart, fid, a);
    case SbiExtension.Time:
      if (fid !== 0n) return notSupported;
      programTimer(ctx, a[0]);
      return ok(0);
    case SbiExtension.Ipi:
      return ipi(ctx.hart, fid, a);
    case SbiExtension.Rfence:
      return rfence(ctx.hart, fid, a);
    case SbiExtension.Hsm:
      if (fid !== 2n) return notSupported;
      return a[0] === 0n ? ok(SBI_HSM_STARTED) : invalidParam;
    case SbiExtension.Srst:
      return systemReset(ctx, fid, a);
    case SbiExtension.Dbcn:
      return debugConsole(ctx, fid, a);
  }
  return notSupported;
}

// ---- BASE (sbi_base.S) ----

function base(h: Hart, fid: bigint, a: SbiArgs): SbiResult {
  switch (fid) {
    case 0n:
      return ok(SBI_SPEC_VERSION);
    case 1n:
      return ok(HOST_IMPL_ID);
    case 2n:
      return ok(IMPL_VERSION);
    case 3n:
      return ok(isImplementedExtension(a[0]) ? 1 : 0);
    case 4n:
      return ok(readMachineCsr(h, CSR.mvendorid));
    case 5n:
      return ok(readMachineCsr(h, CSR.marchid));
    case 6n:
      return ok(readMachineCsr(h, CSR.mimpid));
  }
  return notSupported;
}

/**
 * Run `access` as the monitor's M-mode code would run it: loads and stores at physical addresses, without
 * PMP (its entries are not locked). False when an access faulted (nothing answers at the address).
 */
export function asMachineMode(h: Hart, access: () => void): boolean {
  const mode = h.priv;
  h.priv = Priv.M;
  h.onAddressingChanged();
  try {
    access();
    return true;
  } catch (e) {
    if (e !== TRAP) throw e;
    return false;
  } finally {
    h.priv = mode;
    h.onAddressingChanged();
  }
}

/** A CSR as M-mode reads it (the guest, in S-mode, may not): the hart's own answer, not a copy of it. */
export function readMachineCsr(h: Hart, num: number): bigint {
  const mode = h.priv;
  h.priv = Priv.M;
  const readable = readCsr(h, num);
  h.priv = mode;
  if (!readable) throw new Error(`CSR 0x${num.toString(16)} is not readable in M-mode`);
  return (BigInt(out[1] >>> 0) << 32n) | BigInt(out[0] >>> 0);
}

// ---- TIME and legacy set_timer (sbi_time.S) ----

const MTIMECMP = CLINT_BASE + 0x4000;

/**
 * Program the next timer event, as sbi_timer_program does: mtimecmp = the time asked for, clear the
 * supervisor timer interrupt the last event raised, and listen for the machine timer (mie.MTIE). When it
 * fires, the hart's trap to M-mode comes to the host (HostSbi.machineTimer), which raises STIP.
 */
function programTimer(ctx: SbiCallContext, when: bigint): void {
  fromBigInt(when);
  ctx.bus.write(MTIMECMP, 8, out[0], out[1]);
  ctx.hart.csr.mipSoftware &= ~MIP_STIP;
  ctx.hart.csr.mie |= MIP_MTIP;
}

// ---- HSM, IPI and RFENCE for the one hart (sbi_hart.S) ----

/** A hart mask (spec 3.1) selects hart 0 (1), no hart (0), or a hart that does not exist (-1). */
function selectsSelf(mask: bigint, maskBase: bigint): 1 | 0 | -1 {
  if (maskBase === 0xffffffffffffffffn) return 1; // every hart
  if (maskBase !== 0n) return mask === 0n ? 0 : -1;
  if (mask >> 1n !== 0n) return -1;
  return mask === 1n ? 1 : 0;
}

function ipi(h: Hart, fid: bigint, a: SbiArgs): SbiResult {
  if (fid !== 0n) return notSupported;
  const selected = selectsSelf(a[0], a[1]);
  if (selected < 0) return invalidParam;
  if (selected) h.csr.mipSoftware |= MIP_SSIP; // an IPI arrives as a supervisor software interrupt
  return ok(0);
}

function rfence(h: Hart, fid: bigint, a: SbiArgs): SbiResult {
  if (fid >= 3n) return notSupported;
  const selected = selectsSelf(a[0], a[1]);
  if (selected < 0) return invalidParam;
  if (selected) {
    // SIMPLIFICATION (as in the monitor): sfence.vma flushes every address and ASID.
    if (fid !== 0n) h.onAddressingChanged();
    h.onCodeFence(); // what fence.i and sfence.vma do to the translator's blocks
  }
  return ok(0);
}

// ---- SRST (sbi_srst.S) ----

function systemReset(ctx: SbiCallContext, fid: bigint, a: SbiArgs): SbiResult | null {
  if (fid !== 0n) return notSupported;
  const [type, reason] = a;
  if (type > SrstType.WarmReboot || reason > SrstReason.SystemFailure) return invalidParam;
  // The monitor's exit codes: shutdown with "system failure" ends the run with 1, with "no reason" 0.
  if (type === SrstType.Shutdown) ctx.exit(reason === SrstReason.SystemFailure ? 1 : 0);
  else ctx.reboot();
  return null;
}

// ---- DBCN (sbi_dbcn.S) and the console (console.S) ----

// NS16550A registers, as console.S uses them.
const UART_RBR = UART0_BASE + 0;
const UART_THR = UART0_BASE + 0;
const UART_LSR = UART0_BASE + 5;
const LSR_DR = 0x01;

/**
 * Send a byte through the UART's transmitter, as the guest's own store would. SIMPLIFICATION: the monitor
 * first waits for LSR.THRE; hartscope's UART transmits at once, so THRE is always set and there is no wait.
 */
function consolePutc(bus: Bus, byte: number): void {
  bus.write(UART_THR, 1, byte, 0);
}

/** The next received byte, or -1 when none is waiting: LSR.DR, then RBR, as console_getc reads them. */
function consoleGetc(bus: Bus): number {
  bus.read(UART_LSR, 1, out);
  if ((out[0] & LSR_DR) === 0) return -1;
  bus.read(UART_RBR, 1, out);
  return out[0] & 0xff;
}

const MASK64 = 0xffffffffffffffffn;

/**
 * sbi_dbcn_check_buffer: the range may not wrap around, and may not touch the firmware's 2 MiB below the
 * payload, which PMP keeps from the guest (under host SBI that region holds no firmware, but stays reserved,
 * as OpenSBI's fw_jump reserves it, so that a guest sees the same machine either way).
 */
function bufferAcceptable(num: bigint, lo: bigint, hi: bigint): boolean {
  if (hi !== 0n) return false;
  const end = (lo + num) & MASK64;
  if (end < lo) return false;
  if (num === 0n || lo >= BigInt(PAYLOAD_BASE)) return true;
  return end <= BigInt(RAM_BASE);
}

/**
 * DBCN takes physical addresses (spec 12.1: "the buffer ... is specified using physical address"), so the
 * bytes are loaded and stored as M-mode code would (the monitor's own lbu and sb): with neither the guest's
 * page tables nor PMP. An address where nothing answers ends the call with SBI_ERR_INVALID_PARAM, the bytes
 * done so far staying done.
 */
function debugConsole(ctx: SbiCallContext, fid: bigint, a: SbiArgs): SbiResult {
  const { hart, bus } = ctx;
  if (fid === 2n) {
    consolePutc(bus, Number(a[0] & 0xffn));
    return ok(0);
  }
  if (fid > 1n) return notSupported;
  const [num, lo, hi] = a;
  if (!bufferAcceptable(num, lo, hi)) return invalidParam;
  let done = 0n;
  const copied = asMachineMode(hart, () => {
    for (let address = lo; done < num; address++, done++) {
      fromBigInt(address);
      const [addressLo, addressHi] = [out[0], out[1]];
      if (fid === 0n) {
        hart.load(addressLo, addressHi, 1);
        consolePutc(bus, out[0] & 0xff);
      } else {
        const byte = consoleGetc(bus);
        if (byte < 0) break; // nothing more waiting: the read does not wait
        // Taken from the UART before the store, so a faulting store loses it, as in the monitor.
        hart.store(addressLo, addressHi, 1, byte, 0);
      }
    }
  });
  return copied ? ok(done) : invalidParam;
}
