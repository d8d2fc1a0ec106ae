/**
 * The "break the ISA" switch through the worker's API (HART, issue 6): MachineOptions.breakIsa, set by
 * setMachineOptions or with a program, reaches the hart; leaving it out turns it off again. The guest runs
 * sret in U-mode, then ecall: by the privileged spec the sret traps (illegal instruction, cause 2); with the
 * switch on it does nothing and the ecall from U-mode (cause 8) is the first trap.
 */
import { describe, expect, it } from 'vitest';
import type { MachineOptions } from '../../../src/worker/emulator-api';
import { unpackTraps } from '../../../src/worker/event-buffers';
import { EmulatorSession } from '../../../src/worker/emulator-session';

const GUEST = `
  .globl _start
_start:
  la t0, done
  csrw mtvec, t0
  li t0, -1
  csrw pmpaddr0, t0
  li t0, 0x1f
  csrw pmpcfg0, t0
  li t0, 0x1800
  csrc mstatus, t0
  la t0, user
  csrw mepc, t0
  mret
user:
  sret
  ecall
  .align 2
done:
  j done
`;

const PLAIN: MachineOptions = { misalignedAccess: 'perform', timeCsr: 'provided' };

async function firstTrapCause(s: EmulatorSession): Promise<number> {
  await s.step(100);
  const traps = unpackTraps((await s.getState()).traps).filter((t) => !t.xret);
  return traps[0].cause;
}

describe('MachineOptions.breakIsa', () => {
  it('is off by default, on when a program is loaded with it, off again when options leave it out', async () => {
    const s = new EmulatorSession({ ramSize: 1 << 20 });
    expect(await s.assembleAndLoad({ text: GUEST, file: 'sret.S' })).toMatchObject({ ok: true });
    expect(await firstTrapCause(s)).toBe(2);

    const on = { ...PLAIN, breakIsa: 'sret-in-u-is-nop' as const };
    expect(await s.assembleAndLoad({ text: GUEST, file: 'sret.S', machine: on })).toMatchObject({ ok: true });
    expect(await firstTrapCause(s)).toBe(8);

    expect(await s.setMachineOptions(PLAIN)).toMatchObject({ ok: true }); // reloads the program
    expect(await firstTrapCause(s)).toBe(2);

    expect(await s.setMachineOptions(on)).toMatchObject({ ok: true });
    expect(await firstTrapCause(s)).toBe(8);
    await s.reset(); // a reset keeps the options
    expect(await firstTrapCause(s)).toBe(8);
  });
});
