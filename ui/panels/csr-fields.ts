/**
 * CSR values decoded into their named fields, for the CSR panel. Bit positions are those of the RISC-V
 * privileged specification (version 1.12, RV64): "Machine Status Register (mstatus)", "Supervisor Status
 * Register (sstatus)", "Machine Cause Register", "Machine Trap-Vector Base-Address Register", "Supervisor
 * Address Translation and Protection (satp) Register", "Machine Interrupt Registers (mip and mie)",
 * "Machine Trap Delegation Registers", "Counter-Enable Registers" and "Physical Memory Protection".
 * The trap cause names are the emulator's own (emulator/hart/causes.ts), so panel and machine agree.
 */
import { EXCEPTION_NAMES, INTERRUPT_NAMES } from '../../emulator/hart/causes';

/** One field of a CSR: its name, its bit range as the spec writes it, its raw value and a readable value. */
export interface CsrField {
  name: string;
  /** "12:11" or "3". */
  bits: string;
  value: bigint;
  /** The value as a reader wants it: "M", "Dirty", "64", "1". */
  text: string;
  /** What the field means, for a tooltip. */
  title: string;
}

interface FieldSpec {
  name: string;
  hi: number;
  lo: number;
  title: string;
  show?: (v: bigint) => string;
}

/** Bits hi..lo of v (inclusive), as the spec writes ranges. */
export function bitRange(v: bigint, hi: number, lo: number): bigint {
  return (BigInt.asUintN(64, v) >> BigInt(lo)) & ((1n << BigInt(hi - lo + 1)) - 1n);
}

const MODE_LETTER: Record<string, string> = { '0': 'U', '1': 'S', '2': 'reserved', '3': 'M' };
const priv = (v: bigint): string => MODE_LETTER[v.toString()];
const spp = (v: bigint): string => (v === 0n ? 'U' : 'S');
/** FS, VS and XS: "Off, Initial, Clean, Dirty" (privileged spec, "Extension Context Status"). */
const context = (v: bigint): string => ['Off', 'Initial', 'Clean', 'Dirty'][Number(v)];
/** UXL and SXL: 1 = 32, 2 = 64, 3 = 128 bits ("Base ISA Control in mstatus Register"). */
const xlen = (v: bigint): string => (v === 0n ? 'reserved' : String(16 << Number(v)));

function decodeFields(v: bigint, specs: readonly FieldSpec[]): CsrField[] {
  return specs.map(({ name, hi, lo, title, show }) => {
    const value = bitRange(v, hi, lo);
    return {
      name,
      bits: hi === lo ? `${lo}` : `${hi}:${lo}`,
      value,
      text: show ? show(value) : `${value}`,
      title,
    };
  });
}

const f = (name: string, hi: number, lo: number, title: string, show?: (v: bigint) => string): FieldSpec => ({
  name,
  hi,
  lo,
  title,
  show,
});

const SIE = f('SIE', 1, 1, 'S-mode interrupts enabled');
const SPIE = f('SPIE', 5, 5, 'SIE before the last trap into S-mode');
const UBE = f('UBE', 6, 6, 'U-mode data accesses are big-endian');
const SPP = f('SPP', 8, 8, 'mode before the last trap into S-mode', spp);
const VS = f('VS', 10, 9, 'vector unit state', context);
const FS = f('FS', 14, 13, 'floating-point unit state', context);
const XS = f('XS', 16, 15, 'other extensions state (read-only summary)', context);
const SUM = f('SUM', 18, 18, 'S-mode may access U-mode pages');
const MXR = f('MXR', 19, 19, 'loads from executable-only pages allowed');
const UXL = f('UXL', 33, 32, 'XLEN in U-mode', xlen);
const SD = f('SD', 63, 63, 'FS, VS or XS is Dirty (read-only summary)');

const MSTATUS: readonly FieldSpec[] = [
  SIE,
  f('MIE', 3, 3, 'M-mode interrupts enabled'),
  SPIE,
  UBE,
  f('MPIE', 7, 7, 'MIE before the last trap into M-mode'),
  SPP,
  VS,
  f('MPP', 12, 11, 'mode before the last trap into M-mode (mret returns there)', priv),
  FS,
  XS,
  f('MPRV', 17, 17, 'loads and stores use the privilege in MPP'),
  SUM,
  MXR,
  f('TVM', 20, 20, 'trap S-mode satp accesses and sfence.vma'),
  f('TW', 21, 21, 'trap wfi in lower modes'),
  f('TSR', 22, 22, 'trap sret in S-mode'),
  UXL,
  f('SXL', 35, 34, 'XLEN in S-mode', xlen),
  f('SBE', 36, 36, 'S-mode data accesses are big-endian'),
  f('MBE', 37, 37, 'M-mode data accesses are big-endian'),
  SD,
];

/** sstatus is a restricted view of mstatus: the same bits at the same positions. */
const SSTATUS: readonly FieldSpec[] = [SIE, SPIE, UBE, SPP, VS, FS, XS, SUM, MXR, UXL, SD];

export const decodeMstatus = (v: bigint): CsrField[] => decodeFields(v, MSTATUS);
export const decodeSstatus = (v: bigint): CsrField[] => decodeFields(v, SSTATUS);

/** Interrupt bits of mip/mie: bit n is interrupt code n (privileged spec, "mip and mie"). */
const INTERRUPT_BITS: readonly [string, number, string][] = [
  ['SS', 1, 'supervisor software'],
  ['MS', 3, 'machine software'],
  ['ST', 5, 'supervisor timer'],
  ['MT', 7, 'machine timer'],
  ['SE', 9, 'supervisor external'],
  ['ME', 11, 'machine external'],
];

/**
 * mip/mie (suffix 'IP'/'IE'): the six standard interrupt bits, SSIP MSIP STIP MTIP SEIP MEIP. sip/sie
 * (supervisorOnly) show the three that S-mode sees.
 */
export function decodeInterruptBits(v: bigint, suffix: 'IP' | 'IE', supervisorOnly = false): CsrField[] {
  return INTERRUPT_BITS.filter(([name]) => !supervisorOnly || name.startsWith('S')).map(
    ([name, bit, what]) => {
      const value = bitRange(v, bit, bit);
      const title = `${what} interrupt ${suffix === 'IP' ? 'pending' : 'enabled'}`;
      return { name: name + suffix, bits: `${bit}`, value, text: `${value}`, title };
    },
  );
}

export interface DecodedCause {
  interrupt: boolean;
  code: bigint;
  /** "environment call from U-mode", "machine timer interrupt", or "reserved (code 10)". */
  name: string;
}

/** mcause/scause: bit 63 says interrupt (1) or exception (0); the rest is the code. */
export function decodeCause(v: bigint): DecodedCause {
  const u = BigInt.asUintN(64, v);
  const interrupt = u >> 63n === 1n;
  const code = BigInt.asUintN(63, u);
  const table = interrupt ? INTERRUPT_NAMES : EXCEPTION_NAMES;
  const name = code < 64n ? table[Number(code)] : undefined;
  return { interrupt, code, name: name ?? `reserved (code ${code})` };
}

/** The name of a trap cause given as interrupt flag + code, as the trap log shows it. */
export function causeName(interrupt: boolean, code: number | bigint): string {
  return decodeCause((interrupt ? 1n << 63n : 0n) | BigInt(code)).name;
}

export function decodeCauseFields(v: bigint): CsrField[] {
  const c = decodeCause(v);
  return [
    {
      name: 'Interrupt',
      bits: '63',
      value: c.interrupt ? 1n : 0n,
      text: c.interrupt ? '1 (interrupt)' : '0 (exception)',
      title: 'interrupt or exception',
    },
    {
      name: 'Code',
      bits: '62:0',
      value: c.code,
      text: `${c.code} ${c.name}`,
      title: 'exception or interrupt code',
    },
  ];
}

/** mtvec/stvec: BASE (4-byte aligned) and MODE (0 Direct, 1 Vectored: interrupts jump to BASE + 4*cause). */
export function decodeTvec(v: bigint): CsrField[] {
  const mode = bitRange(v, 1, 0);
  const base = BigInt.asUintN(64, v) & ~3n;
  const modeName = mode === 0n ? 'Direct' : mode === 1n ? 'Vectored' : 'reserved';
  return [
    {
      name: 'BASE',
      bits: '63:2',
      value: base,
      text: `0x${base.toString(16)}`,
      title: 'trap handler address',
    },
    { name: 'MODE', bits: '1:0', value: mode, text: modeName, title: 'Direct: all traps to BASE' },
  ];
}

const SATP_MODES: Record<string, string> = {
  '0': 'Bare',
  '8': 'Sv39',
  '9': 'Sv48',
  '10': 'Sv57',
  '11': 'Sv64',
};

/** satp (RV64): MODE 63:60, ASID 59:44, PPN 43:0 (the root page table is at PPN * 4096). */
export function decodeSatp(v: bigint): CsrField[] {
  const mode = bitRange(v, 63, 60);
  const asid = bitRange(v, 59, 44);
  const ppn = bitRange(v, 43, 0);
  return [
    {
      name: 'MODE',
      bits: '63:60',
      value: mode,
      text: SATP_MODES[mode.toString()] ?? 'reserved',
      title: 'paging',
    },
    { name: 'ASID', bits: '59:44', value: asid, text: `${asid}`, title: 'address space identifier' },
    {
      name: 'PPN',
      bits: '43:0',
      value: ppn,
      text: `0x${ppn.toString(16)} (root 0x${(ppn << 12n).toString(16)})`,
      title: 'physical page number of the root page table',
    },
  ];
}

/** The names of the set bits of medeleg (exception codes) or mideleg (interrupt codes), low bit first. */
export function delegatedNames(v: bigint, kind: 'exceptions' | 'interrupts'): string[] {
  const table = kind === 'exceptions' ? EXCEPTION_NAMES : INTERRUPT_NAMES;
  const names: string[] = [];
  for (let bit = 0; bit < 64; bit++) {
    if (bitRange(v, bit, bit) === 1n) names.push(table[bit] ?? `bit ${bit}`);
  }
  return names;
}

/** mcounteren/scounteren: CY (cycle), TM (time), IR (instret), HPM3..HPM31, each 1 = readable one level down. */
export function decodeCounteren(v: bigint): CsrField[] {
  const fields: CsrField[] = [
    ['CY', 0, 'cycle'],
    ['TM', 1, 'time'],
    ['IR', 2, 'instret'],
  ].map(([name, bit, what]) => {
    const value = bitRange(v, bit as number, bit as number);
    return { name: name as string, bits: `${bit}`, value, text: `${value}`, title: `${what} readable below` };
  });
  const hpm = bitRange(v, 31, 3);
  if (hpm !== 0n) {
    const text = `0x${(hpm << 3n).toString(16)}`;
    fields.push({ name: 'HPM', bits: '31:3', value: hpm, text, title: 'hpmcounter3..31 readable below' });
  }
  return fields;
}
