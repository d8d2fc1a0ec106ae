/**
 * The hart's control and status registers as plain data (numbers only), so that a snapshot is a copy of
 * this object and the UI can diff two of them. 64-bit registers are kept as lo/hi halves like x registers.
 * Which bits exist and how writes are legalised (WARL) lives in csr.ts.
 */
export class CsrState {
  /** mstatus bits 31..0 (the high half holds only the fixed UXL/SXL fields and SD, computed on read). */
  mstatus = 0;
  medeleg = 0;
  mideleg = 0;
  mie = 0;
  /** The software-writable bits of mip (SSIP, STIP, SEIP as written by M-mode or sip). */
  mipSoftware = 0;
  mtvecLo = 0;
  mtvecHi = 0;
  stvecLo = 0;
  stvecHi = 0;
  mepcLo = 0;
  mepcHi = 0;
  sepcLo = 0;
  sepcHi = 0;
  mcauseLo = 0;
  mcauseHi = 0;
  scauseLo = 0;
  scauseHi = 0;
  mtvalLo = 0;
  mtvalHi = 0;
  stvalLo = 0;
  stvalHi = 0;
  mscratchLo = 0;
  mscratchHi = 0;
  sscratchLo = 0;
  sscratchHi = 0;
  mcounteren = 0;
  scounteren = 0;
  mcountinhibit = 0;
  menvcfg = 0;
  senvcfg = 0;
  satpLo = 0;
  satpHi = 0;
  /** mcycle = cycleBase + (hart.cycle - cycleMark); writing mcycle moves base and mark. */
  cycleBaseLo = 0;
  cycleBaseHi = 0;
  cycleMark = 0;
  instretBaseLo = 0;
  instretBaseHi = 0;
  instretMark = 0;
}

// mstatus fields (privileged spec, "Machine Status Registers (mstatus and mstatush)")
export const MSTATUS_SIE = 1 << 1;
export const MSTATUS_MIE = 1 << 3;
export const MSTATUS_SPIE = 1 << 5;
export const MSTATUS_MPIE = 1 << 7;
export const MSTATUS_SPP = 1 << 8;
export const MSTATUS_MPP_SHIFT = 11;
export const MSTATUS_MPP = 3 << MSTATUS_MPP_SHIFT;
export const MSTATUS_MPRV = 1 << 17;
export const MSTATUS_SUM = 1 << 18;
export const MSTATUS_MXR = 1 << 19;
export const MSTATUS_TVM = 1 << 20;
export const MSTATUS_TW = 1 << 21;
export const MSTATUS_TSR = 1 << 22;
/** mstatus[63:32] on RV64: UXL = SXL = 2 (64-bit), both read-only here; SD = 0 while FS and XS are 0. */
export const MSTATUS_HIGH = (2 << 0) | (2 << 2);

export const MSTATUS_WRITABLE =
  MSTATUS_SIE |
  MSTATUS_MIE |
  MSTATUS_SPIE |
  MSTATUS_MPIE |
  MSTATUS_SPP |
  MSTATUS_MPP |
  MSTATUS_MPRV |
  MSTATUS_SUM |
  MSTATUS_MXR |
  MSTATUS_TVM |
  MSTATUS_TW |
  MSTATUS_TSR;

/** The part of mstatus visible through sstatus (its high half shows UXL only). */
export const SSTATUS_MASK = MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR;
export const SSTATUS_HIGH = 2;

export const SATP_MODE_BARE = 0;
export const SATP_MODE_SV39 = 8;
