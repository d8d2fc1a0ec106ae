/**
 * The worker's view of privilege modes (HART, issue 6): instructions retired per mode, and trap returns
 * (mret, sret) in the trap stream between the traps, in order, which is what the teaching view's trapSpans
 * needs to say how long each handler ran. The guest is test/emulator/hart/mode-guest.ts; every expected
 * count below is read off its source (its comments number the instructions of each mode), every address is
 * one of its labels.
 */
import { describe, expect, it } from 'vitest';
import { unpackTraps, type TrapEvent } from '../../../src/worker/event-buffers';
import { EmulatorSession } from '../../../src/worker/emulator-session';
import { LessonStateTracker, privEventOf } from '../../../ui/teaching/lesson-state';
import { trapSpans } from '../../../ui/teaching/virtualization';
import { MODE_GUEST, MODE_GUEST_RETIRED } from '../../emulator/hart/mode-guest';

const M = 3;
const S = 1;
const U = 0;

async function loaded(engine: 'interpreter' | 'translator') {
  const s = new EmulatorSession({ ramSize: 1 << 20, engine, translateAfter: 1 });
  const r = await s.assembleAndLoad({ text: `.globl _start\n_start:\n${MODE_GUEST}`, file: 'modes.S' });
  if (!r.ok) throw new Error(r.error);
  const at = (name: string): bigint => {
    const sym = r.symbols.find((x) => x.name === name);
    if (!sym) throw new Error(`no symbol ${name}`);
    return sym.address;
  };
  return { s, at };
}

describe.each(['interpreter', 'translator'] as const)('mode events in the worker (%s)', (engine) => {
  it('the state view carries the instructions retired per mode', async () => {
    const { s } = await loaded(engine);
    expect((await s.getState()).retiredByMode).toEqual({ user: 0, supervisor: 0, machine: 0 });
    expect(await s.run()).toEqual({ kind: 'exit', code: 0, via: 'finisher' });
    expect((await s.getState()).retiredByMode).toEqual(MODE_GUEST_RETIRED);
  });

  it('traps and returns arrive in order with modes, pcs and instruction counts', async () => {
    const { s, at } = await loaded(engine);
    await s.run();
    const events = unpackTraps((await s.getState()).traps);
    const pick = (e: TrapEvent) => ({
      xret: e.xret,
      cause: e.cause,
      fromPriv: e.fromPriv,
      toPriv: e.toPriv,
      epc: e.epc,
      handler: e.handler,
      instret: e.instret,
    });
    expect(events.map(pick)).toEqual([
      // M's 124th instruction is the mret into S at s_main.
      {
        xret: 'mret',
        cause: 0,
        fromPriv: M,
        toPriv: S,
        epc: at('m_ret'),
        handler: at('s_main'),
        instret: 124n,
      },
      // S's 68th, the sret into U: 124 + 68.
      {
        xret: 'sret',
        cause: 0,
        fromPriv: S,
        toPriv: U,
        epc: at('s_ret'),
        handler: at('u_main'),
        instret: 192n,
      },
      // U's ecall after 41 U instructions (cause 8, delegated by medeleg bit 8): not retired itself.
      {
        xret: undefined,
        cause: 8,
        fromPriv: U,
        toPriv: S,
        epc: at('u_ecall'),
        handler: at('s_trap'),
        instret: 233n,
      },
      // The handler's 25 instructions, its sret included, back to the instruction after the ecall.
      {
        xret: 'sret',
        cause: 0,
        fromPriv: S,
        toPriv: U,
        epc: at('s_trap_ret'),
        handler: at('u_ecall') + 4n,
        instret: 258n,
      },
      // 13 more in U, then the load from address 0: a load access fault (5) to M.
      {
        xret: undefined,
        cause: 5,
        fromPriv: U,
        toPriv: M,
        epc: at('u_fault'),
        handler: at('m_trap'),
        instret: 271n,
      },
    ]);
    expect(events[2]).toMatchObject({ delegated: true, interrupt: false, vmExit: false });
    expect(events[4]).toMatchObject({ delegated: false, tval: 0n });
  });

  it('trapSpans reads the handler lengths off the stream; returns are not taken for traps', async () => {
    const { s } = await loaded(engine);
    await s.run();
    const view = await s.getState();
    const tracker = new LessonStateTracker([]);
    const lessonState = tracker.update(view);
    // The last trap, not the last event: the load access fault.
    expect(lessonState.lastTrap).toEqual({ cause: 5, interrupt: false });
    expect(tracker.events.map((e) => e.kind)).toEqual(['return', 'return', 'trap', 'return', 'trap']);
    // The mret and the first sret close no trap; the ecall's handler ran 25 instructions (258 - 233); the
    // M handler never returns (it exits the machine).
    expect(trapSpans(tracker.events)).toEqual([
      { index: 2, handlerInstructions: 25 },
      { index: 4, handlerInstructions: null },
    ]);
    expect(unpackTraps(view.traps).map(privEventOf)[1]).toEqual({
      kind: 'return',
      step: 192,
      from: S,
      to: U,
      detail: 'sret',
    });
  });
});
