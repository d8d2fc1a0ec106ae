/**
 * Trap causes, by name (privileged spec, "Machine Cause Register (mcause)", table of exception codes).
 * Code raises these as values; nothing in the emulator writes a bare cause number.
 */
export const Exception = {
  InstructionAddressMisaligned: 0,
  InstructionAccessFault: 1,
  IllegalInstruction: 2,
  Breakpoint: 3,
  LoadAddressMisaligned: 4,
  LoadAccessFault: 5,
  StoreAddressMisaligned: 6,
  StoreAccessFault: 7,
  EcallFromU: 8,
  EcallFromS: 9,
  EcallFromM: 11,
  InstructionPageFault: 12,
  LoadPageFault: 13,
  StorePageFault: 15,
} as const;
export type ExceptionCode = (typeof Exception)[keyof typeof Exception];

/** Interrupt codes; also the bit numbers in mip/mie (and sip/sie). */
export const Interrupt = {
  SupervisorSoftware: 1,
  MachineSoftware: 3,
  SupervisorTimer: 5,
  MachineTimer: 7,
  SupervisorExternal: 9,
  MachineExternal: 11,
} as const;
export type InterruptCode = (typeof Interrupt)[keyof typeof Interrupt];

export const MIP_SSIP = 1 << Interrupt.SupervisorSoftware;
export const MIP_MSIP = 1 << Interrupt.MachineSoftware;
export const MIP_STIP = 1 << Interrupt.SupervisorTimer;
export const MIP_MTIP = 1 << Interrupt.MachineTimer;
export const MIP_SEIP = 1 << Interrupt.SupervisorExternal;
export const MIP_MEIP = 1 << Interrupt.MachineExternal;
export const SUPERVISOR_INTERRUPTS = MIP_SSIP | MIP_STIP | MIP_SEIP;
export const ALL_INTERRUPTS = SUPERVISOR_INTERRUPTS | MIP_MSIP | MIP_MTIP | MIP_MEIP;

/**
 * Privileged spec, "Machine Interrupt Registers": "Multiple simultaneous interrupts destined for M-mode are
 * handled in the following decreasing priority order: MEI, MSI, MTI, SEI, SSI, STI."
 */
export const INTERRUPT_PRIORITY: readonly InterruptCode[] = [
  Interrupt.MachineExternal,
  Interrupt.MachineSoftware,
  Interrupt.MachineTimer,
  Interrupt.SupervisorExternal,
  Interrupt.SupervisorSoftware,
  Interrupt.SupervisorTimer,
];

export const EXCEPTION_NAMES: Record<number, string> = {
  0: 'instruction address misaligned',
  1: 'instruction access fault',
  2: 'illegal instruction',
  3: 'breakpoint',
  4: 'load address misaligned',
  5: 'load access fault',
  6: 'store/AMO address misaligned',
  7: 'store/AMO access fault',
  8: 'environment call from U-mode',
  9: 'environment call from S-mode',
  11: 'environment call from M-mode',
  12: 'instruction page fault',
  13: 'load page fault',
  15: 'store/AMO page fault',
};

export const INTERRUPT_NAMES: Record<number, string> = {
  1: 'supervisor software interrupt',
  3: 'machine software interrupt',
  5: 'supervisor timer interrupt',
  7: 'machine timer interrupt',
  9: 'supervisor external interrupt',
  11: 'machine external interrupt',
};

/** Exceptions M-mode may delegate to S-mode (medeleg is WARL; ecall from M can never be delegated). */
export const DELEGABLE_EXCEPTIONS =
  (1 << Exception.InstructionAddressMisaligned) |
  (1 << Exception.InstructionAccessFault) |
  (1 << Exception.IllegalInstruction) |
  (1 << Exception.Breakpoint) |
  (1 << Exception.LoadAddressMisaligned) |
  (1 << Exception.LoadAccessFault) |
  (1 << Exception.StoreAddressMisaligned) |
  (1 << Exception.StoreAccessFault) |
  (1 << Exception.EcallFromU) |
  (1 << Exception.EcallFromS) |
  (1 << Exception.InstructionPageFault) |
  (1 << Exception.LoadPageFault) |
  (1 << Exception.StorePageFault);
