import { expect } from 'vitest';
import { CSR } from '../../../emulator/hart/csr-numbers';
import type { Machine } from '../../../emulator/machine';
import { assemble, csrValue, machineFor, reg, runTo } from './harness';

/**
 * Assembly snippets and runners shared by the hart's unit tests: getting from M-mode into S or U, running a
 * body in a given mode with every trap sent to `done`, and reading what the trap left behind. Bit positions
 * are written out from the privileged spec here rather than taken from the emulator, so the tests stay an
 * independent reading of the spec.
 */

export type Mode = 'M' | 'S' | 'U';

/** mcause/scause bit 63: "The Interrupt bit ... is set if the trap was caused by an interrupt." */
export const INTERRUPT = 1n << 63n;
/** mip/mie bits ("Machine Interrupt Registers"): the bit number is the interrupt's exception code. */
export const MIP = { SSIP: 1 << 1, MSIP: 1 << 3, STIP: 1 << 5, MTIP: 1 << 7, SEIP: 1 << 9, MEIP: 1 << 11 };

/** mstatus bits ("Machine Status Registers"). */
export const MSTATUS = {
  SIE: 1n << 1n,
  MIE: 1n << 3n,
  SPIE: 1n << 5n,
  MPIE: 1n << 7n,
  SPP: 1n << 8n,
  MPRV: 1n << 17n,
};
/** mstatus.MPP, bits 12:11. */
export const mpp = (mstatus: bigint): bigint => (mstatus >> 11n) & 3n;

/** PMP entry 0 = NAPOT over all of memory with RWX, so S and U may run (pmp.test.ts shows why it is needed). */
export const OPEN_PMP = `
  li t0, -1
  csrw pmpaddr0, t0
  li t0, 0x1f
  csrw pmpcfg0, t0`;

/** mret from M-mode into `mode` at `label`, the PMP left as it is (mstatus.MPIE is left as the caller set it). */
export const mretTo = (mode: 'S' | 'U', label: string): string => `
  li t0, 0x1800
  csrc mstatus, t0
  li t0, ${mode === 'S' ? 0x800 : 0}
  csrs mstatus, t0
  la t0, ${label}
  csrw mepc, t0
  mret`;

/** Open the PMP and mret from M-mode into `mode` at `label`. */
export const enter = (mode: 'S' | 'U', label: string): string => `
  ${OPEN_PMP}
  ${mretTo(mode, label)}`;

/**
 * `body` between a0 = 0x55 and s11 = 1, so a test can tell whether it began and whether it ran to its end,
 * followed by `done`, where the runners send every trap.
 */
export const markedBody = (body: string): string => `
    li a0, 0x55
    ${body}
    li s11, 1
  .align 2
  done: nop`;

/** The address of `label`, failing loudly if the snippet has no such label. */
export function labelAddress(symbols: Map<string, number>, label: string): bigint {
  const v = symbols.get(label);
  if (v === undefined) throw new Error(`no label ${label}`);
  return BigInt(v);
}

export interface Started {
  m: Machine;
  symbols: Map<string, number>;
  at: (label: string) => bigint;
}

/** Assemble and load `source` without running it. */
export function start(source: string): Started {
  const { m, symbols } = machineFor(source);
  return { m, symbols, at: (l) => labelAddress(symbols, l) };
}

export interface Outcome extends Started {
  /** The 32-bit word assembled at label `fault` (what mtval must hold after an illegal instruction). */
  faultWord: bigint;
}

export interface RunInOptions {
  /** Open the PMP before entering S or U (false: `setup` programs it). */
  openPmp?: boolean;
  /** Assembly placed after `done` (data the body uses). */
  after?: string;
}

/** Run `body` (see markedBody) in `mode` after `setup` (in M); mtvec and stvec both point at `done`. */
export function runIn(mode: Mode, body: string, setup = '', options: RunInOptions = {}): Outcome {
  const { openPmp = true, after = '' } = options;
  const source = `
    la t0, done
    csrw mtvec, t0
    csrw stvec, t0
    ${setup}
    ${mode === 'M' ? '' : openPmp ? enter(mode, 'body') : mretTo(mode, 'body')}
  .align 2
  body:
    ${markedBody(body)}
  ${after}`;
  const started = start(source);
  runTo(started.m, started.symbols);
  const { bytes } = assemble(source);
  const f = started.symbols.get('fault');
  const faultWord =
    f === undefined
      ? -1n
      : BigInt(new DataView(bytes.buffer, bytes.byteOffset).getUint32(f - 0x80000000, true));
  return { ...started, faultWord };
}

/** The body ran to its end and nothing trapped into M-mode. */
export function expectNoTrap(m: Machine): void {
  expect(reg(m, 's11')).toBe(1n);
  expect(csrValue(m, CSR.mcause)).toBe(0n);
}

/** A trap into M-mode with this cause and mtval (and mepc, if given) stopped the body. */
export function expectTrapInM(m: Machine, cause: bigint, tval: bigint, epc?: bigint): void {
  expect(csrValue(m, CSR.mcause)).toBe(cause);
  expect(csrValue(m, CSR.mtval)).toBe(tval);
  if (epc !== undefined) expect(csrValue(m, CSR.mepc)).toBe(epc);
  expect(reg(m, 's11')).toBe(0n);
}
