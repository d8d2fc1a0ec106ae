/**
 * The emulation cost, measured in the page: a benchmark workload run as plain JavaScript (bench/native.ts,
 * the same algorithm and data as the guest program bench/workloads/<name>.S, which bench/run.ts checks
 * print the same number), and helpers to name the host's architecture and to state the slowdown.
 */
import { WORKLOADS } from '../../bench/native';

export interface NativeRun {
  name: string;
  /** The workload's result: the number its RISC-V twin prints. */
  result: number;
  ms: number;
}

/** Run the JavaScript twin of workload `name` (default: alu, xorshift and a hash, 2 million turns). */
export function runNativeTwin(name = 'alu', now: () => number = () => performance.now()): NativeRun {
  const w = WORKLOADS.find((x) => x.name === name);
  if (!w) throw new Error(`no workload ${name}`);
  const t0 = now();
  const result = w.native();
  return { name, result, ms: now() - t0 };
}

export interface CostResults {
  nativeMs: number;
  emulatedMs: number;
  /** Guest instructions the emulated run retired. */
  instructions: number;
}

/** How many times slower the emulated run was, and the guest's speed in millions of instructions a second. */
export function emulationCost(r: CostResults): {
  slowdown: number;
  mips: number;
  hostNsPerGuestInstruction: number;
} {
  return {
    slowdown: r.nativeMs > 0 ? r.emulatedMs / r.nativeMs : Infinity,
    mips: r.emulatedMs > 0 ? r.instructions / r.emulatedMs / 1000 : 0,
    hostNsPerGuestInstruction: r.instructions > 0 ? (r.emulatedMs * 1e6) / r.instructions : 0,
  };
}

/** What navigator.userAgentData.getHighEntropyValues(['architecture', 'bitness']) returns, where it exists. */
export interface UaArchHints {
  architecture?: string;
  bitness?: string;
}

/**
 * The host's processor architecture, as well as the browser reports it: the client hints when present
 * (Chromium), else the user-agent string. SIMPLIFICATION: browsers hide or fake this (Safari on Apple
 * silicon says "Intel Mac OS X"), so the answer is a best guess and says so when it is unsure.
 */
export function hostArchitecture(userAgent: string, hints?: UaArchHints): string {
  if (hints?.architecture) {
    const bits = hints.bitness === '64';
    if (hints.architecture === 'x86') return bits ? 'x86-64' : 'x86 (32-bit)';
    if (hints.architecture === 'arm') return bits ? 'ARM64 (AArch64)' : 'ARM (32-bit)';
    return hints.architecture;
  }
  const ua = userAgent;
  if (/aarch64|arm64/i.test(ua)) return 'ARM64 (AArch64)';
  if (/Android/i.test(ua) || /iPhone|iPad/i.test(ua)) return 'ARM64 (AArch64), most likely';
  if (/riscv64/i.test(ua)) return 'RISC-V 64 (the same as the guest!)';
  if (/x86_64|x64|amd64|Win64|WOW64/i.test(ua)) return 'x86-64';
  if (/Macintosh/i.test(ua)) return 'x86-64 or ARM64 (macOS does not say which)';
  if (/armv7|armv8|arm/i.test(ua)) return 'ARM';
  if (/i[3-6]86|x86/i.test(ua)) return 'x86';
  return 'unknown';
}
