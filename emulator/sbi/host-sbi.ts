/**
 * Host-side SBI: the SBI served by TypeScript in the emulator, the way a hypervisor such as KVM serves a
 * guest's SBI calls, with no firmware in guest memory (MachineConfig sbi: 'host'). Under the monitor
 * (firmware/monitor/), an `ecall` from S-mode is a trap into M-mode firmware that runs a few hundred guest
 * instructions; here the trap leaves the guest machine instead: the host takes it, does the work and
 * resumes the guest after the ecall. The machine reports each such exit (onVmExit), so the UI can show
 * "VM exit" where the monitor shows a jump into firmware.
 *
 * The monitor is the reference for everything a guest sees: the state it enters the payload in, every
 * call's answer, the timer relay and trap-and-emulate. A guest cannot tell the two apart except by timing
 * (no firmware instructions run, so mtime and the counters advance less) and by sbi_get_impl_id.
 *
 * How the steps count: the trap into the host is one step of the machine (as the trap into the monitor is),
 * and a call or emulation the host completes retires the ecall or the emulated instruction (instret + 1), as
 * if the hart had executed it itself. A machine timer interrupt relayed to the guest takes a step and
 * retires nothing.
 */
import { PAYLOAD_BASE, RAM_BASE } from '../board/memory-map';
import { fromBigInt, out, toBigInt } from '../int64';
import {
  EXCEPTION_NAMES,
  Exception,
  INTERRUPT_NAMES,
  Interrupt,
  MIP_MTIP,
  MIP_SEIP,
  MIP_SSIP,
  MIP_STIP,
} from '../hart/causes';
import { writeCsr } from '../hart/csr';
import { CSR } from '../hart/csr-numbers';
import { MSTATUS_MPP, MSTATUS_MPP_SHIFT } from '../hart/csr-state';
import { Priv } from '../hart/privilege';
import {
  redirectToSupervisor,
  returnFromMachineTrap,
  type TrapInterceptor,
  type TrapRecord,
} from '../hart/trap';
import { type SbiCallContext, serveSbiCall } from './calls';
import {
  type Emulation,
  emulateIllegalInstruction,
  emulateMisaligned,
  type GuestTrap,
  retire,
} from './emulate';
import { isLegacyExtension, sbiCallNames } from './spec';

/** What happened at one VM exit. `pc` is where the guest was; `steps` the machine's step count then. */
export type VmExitRecord = { pc: bigint; steps: number } & (
  | {
      /** An SBI call (ecall from S-mode), served by the host. */
      kind: 'sbi-call';
      eid: bigint;
      fid: bigint;
      /** 'BASE', 'DBCN', 'legacy'... and the spec's function name, e.g. 'sbi_debug_console_write'. */
      extension: string;
      name: string;
      /** a0..a5 as the guest passed them (unsigned). */
      args: bigint[];
      /** The sbiret (value null for the legacy calls, which return only a0), or null: it did not return. */
      result: { error: bigint; value: bigint | null } | null;
    }
  | {
      /** The machine timer fired; the host raised the supervisor timer interrupt (mip.STIP) for the guest. */
      kind: 'timer';
    }
  | {
      /** Trap and emulate: the host completed an instruction the hart does not do (a misaligned access, a
       * read of `time`). */
      kind: 'emulated';
      cause: number;
    }
  | {
      /** An exception the guest's kernel handles but the hart does not delegate: passed to S-mode. */
      kind: 'redirect';
      cause: number;
    }
  | {
      /** A trap only M-mode firmware could handle: the machine stops (exit code 1, as the monitor's panic). */
      kind: 'stop';
      interrupt: boolean;
      cause: number;
      message: string;
    }
);

/** What the host SBI needs of the machine. */
export interface HostSbiMachine extends SbiCallContext {
  notice(message: string): void;
  vmExit(record: VmExitRecord): void;
}

// The monitor's boot (monitor.S): PMP entry 0 keeps its 2 MiB from S and U-mode, entry 1 opens the rest
// (NAPOT addresses: base / 4 with size / 8 - 1 in the low bits; pmpcfg bytes: A = NAPOT, R, W, X).
const PMP_R = 0x01;
const PMP_W = 0x02;
const PMP_X = 0x04;
const PMP_NAPOT = 0x18;
const PMPADDR0 = (RAM_BASE >>> 2) | ((PAYLOAD_BASE - RAM_BASE) / 8 - 1);
const PMPCFG0 = ((PMP_NAPOT | PMP_R | PMP_W | PMP_X) << 8) | PMP_NAPOT;
// The traps an operating system handles itself, as OpenSBI delegates them; and the supervisor interrupts.
const MEDELEG =
  (1 << Exception.InstructionAddressMisaligned) |
  (1 << Exception.Breakpoint) |
  (1 << Exception.EcallFromU) |
  (1 << Exception.InstructionPageFault) |
  (1 << Exception.LoadPageFault) |
  (1 << Exception.StorePageFault);
const MIDELEG = MIP_SSIP | MIP_STIP | MIP_SEIP;
// mcounteren: S-mode reads cycle, time and instret itself.
const MCOUNTEREN = 7;
const T0 = 5;
const A0 = 10;
const A1 = 11;

export class HostSbi {
  constructor(private readonly machine: HostSbiMachine) {}

  /**
   * Put the freshly reset hart where the monitor leaves it: its CSRs as monitor.S sets them (M-mode
   * writes, legalised by the hart like any other), then the monitor's mret into S-mode at `entry`, with
   * a0 = hart id, a1 = the device tree. mtvec and mscratch stay 0: there is no M-mode code to point at.
   */
  enterPayload(entry: number, deviceTree: number): void {
    const h = this.machine.hart;
    const write = (num: number, lo: number, hi = 0): void => {
      if (!writeCsr(h, num, lo, hi)) throw new Error(`the host cannot write CSR 0x${num.toString(16)}`);
    };
    write(CSR.pmpaddr0, PMPADDR0);
    write(CSR.pmpaddr0 + 1, -1, -1);
    write(CSR.pmpcfg0, PMPCFG0);
    write(CSR.medeleg, MEDELEG);
    write(CSR.mideleg, MIDELEG);
    write(CSR.mie, 0);
    write(CSR.mcounteren, MCOUNTEREN);
    write(CSR.mstatus, (h.csr.mstatus & ~MSTATUS_MPP) | (Priv.S << MSTATUS_MPP_SHIFT));
    write(CSR.mepc, entry | 0);
    returnFromMachineTrap(h);
    h.setPc(h.npcLo, h.npcHi);
    h.setX(A0, h.config.hartId, 0);
    h.setX(A1, deviceTree, 0);
    // The monitor's last `li t0, PAYLOAD_BASE` before its mret leaves that in t0; so does the host, so that
    // not even a payload that reads a register it was not given can tell the difference.
    h.setX(T0, PAYLOAD_BASE, 0);
  }

  /** The hart's interceptor (hart.interceptTrap): every trap headed for M-mode comes here. */
  readonly interceptTrap: TrapInterceptor = (interrupt, cause, tvalLo, tvalHi) => {
    const h = this.machine.hart;
    h.slowPath = true; // a VM exit may change what interrupts are pending or enabled
    if (interrupt) return cause === Interrupt.MachineTimer ? this.machineTimer() : this.stop(true, cause);
    if (h.priv === Priv.M) return this.stop(false, cause);
    switch (cause) {
      case Exception.EcallFromS:
        return this.serveCall();
      case Exception.IllegalInstruction:
        return this.emulated(cause, () => emulateIllegalInstruction(h, tvalLo, tvalHi));
      case Exception.LoadAddressMisaligned:
      case Exception.StoreAddressMisaligned:
        return this.emulated(cause, () => emulateMisaligned(h, cause, tvalLo, tvalHi));
    }
    return this.redirect({ cause, tvalLo, tvalHi });
  };

  private exit(record: VmExitRecord): void {
    this.machine.vmExit(record);
  }

  private where(): { pc: bigint; steps: number } {
    const h = this.machine.hart;
    return { pc: h.getPc(), steps: h.steps };
  }

  /**
   * An SBI call (spec chapter 3): a7 = EID, a6 = FID, a0..a5 = arguments; the answer goes to a0 (error)
   * and a1 (value; not for the legacy extensions), every other register is preserved, and the guest resumes
   * after the ecall (always 4 bytes). Like the monitor's trap and mret, the exit breaks an LR reservation.
   */
  private serveCall(): null {
    const h = this.machine.hart;
    const at = this.where();
    const reg = (i: number): bigint => toBigInt(h.x[i], h.x[i + 32]);
    const eid = reg(17);
    const fid = reg(16);
    const args = [10, 11, 12, 13, 14, 15].map(reg);
    const result = serveSbiCall(this.machine, eid, fid, args);
    const legacy = isLegacyExtension(eid);
    if (result !== null) {
      fromBigInt(result.error);
      h.setX(A0, out[0], out[1]);
      if (!legacy) {
        fromBigInt(result.value);
        h.setX(A1, out[0], out[1]);
      }
      h.reservationValid = false;
      retire(h, 4);
    }
    this.exit({
      kind: 'sbi-call',
      ...at,
      eid,
      fid,
      ...sbiCallNames(eid, fid),
      args,
      result:
        result === null
          ? null
          : {
              error: BigInt.asIntN(64, result.error),
              value: legacy ? null : BigInt.asUintN(64, result.value),
            },
    });
    return null;
  }

  /**
   * The machine timer fired (sbi_timer_interrupt): stop listening to it (mie.MTIE = 0; MTIP stays pending
   * until mtimecmp is written again) and raise STIP, which mideleg sends to S-mode. The hart wakes from
   * wfi, as it does for the monitor's trap.
   */
  private machineTimer(): null {
    const h = this.machine.hart;
    h.csr.mie &= ~MIP_MTIP;
    h.csr.mipSoftware |= MIP_STIP;
    h.waitingForInterrupt = false;
    this.exit({ kind: 'timer', ...this.where() });
    return null;
  }

  private emulated(cause: number, emulate: () => Emulation): TrapRecord | null {
    const at = this.where();
    const r = emulate();
    if (r !== 'emulated') return this.redirect(r);
    this.exit({ kind: 'emulated', ...at, cause });
    return null;
  }

  private redirect(trap: GuestTrap): TrapRecord {
    this.exit({ kind: 'redirect', ...this.where(), cause: trap.cause });
    return redirectToSupervisor(this.machine.hart, trap.cause, trap.tvalLo, trap.tvalHi);
  }

  /**
   * A machine interrupt other than the timer (the host enables none), or an exception in M-mode (the guest
   * never runs there): the monitor would panic with exit code 1; the host stops the run the same way and
   * says why. The hart does not trap; pc stays where the guest was.
   */
  private stop(interrupt: boolean, cause: number): null {
    const what = (interrupt ? INTERRUPT_NAMES : EXCEPTION_NAMES)[cause] ?? `cause ${cause}`;
    const message =
      `the guest raised ${interrupt ? 'an interrupt' : 'an exception'} (${what}) that only M-mode firmware ` +
      'could handle, and under host SBI there is none: the machine stops (exit code 1, as the monitor does)';
    this.machine.notice(message);
    this.machine.exit(1);
    this.exit({ kind: 'stop', ...this.where(), interrupt, cause, message });
    return null;
  }
}
