/** The Machines view's own guests, run in the worker's session: each does what its header says. */
import { describe, expect, it } from 'vitest';
import { EmulatorSession } from '../../../src/worker/emulator-session';
import { assembleRequest } from '../../../ui/app/examples';
import { GUESTS } from '../../../ui/machines/guests';

async function load(file: string): Promise<EmulatorSession> {
  const g = GUESTS.find((x) => x.file === file)!;
  const s = new EmulatorSession({ ramSize: 1 << 20 });
  const r = await s.assembleAndLoad(assembleRequest(g.file, g.text, 'bare'));
  expect(r.ok, r.ok ? '' : r.error).toBe(true);
  return s;
}
const consoleText = async (s: EmulatorSession) => new TextDecoder().decode((await s.getState()).consoleBytes);

describe('the Machines view guests', () => {
  it('heartbeat prints numbered beats about 5 million instructions apart', async () => {
    const s = await load('heartbeat.S');
    await s.step(4_000_000);
    expect(await consoleText(s)).toBe('beat 0\n');
    await s.step(6_500_000);
    expect(await consoleText(s)).toBe('beat 1\nbeat 2\n');
  });

  it('spin stays at its one instruction and prints nothing', async () => {
    const s = await load('spin.S');
    await s.step(10_001);
    const v = await s.getState();
    expect(v.pc).toBe(0x8000_0000n);
    expect(v.consoleBytes.length).toBe(0);
    expect(v.status).toEqual({ kind: 'paused', cause: 'step' });
  });

  it('flood prints its line over and over', async () => {
    const s = await load('flood.S');
    await s.step(100_000);
    const text = await consoleText(s);
    expect(text.startsWith('flood! flood! flood! flood! flood!\nflood! flood!')).toBe(true);
  });

  it('crash prints X and then traps forever (instruction access fault at 0)', async () => {
    const s = await load('crash.S');
    await s.step(10_000);
    const v = await s.getState();
    expect(new TextDecoder().decode(v.consoleBytes)).toBe('X\n');
    expect(v.pc).toBe(0n);
    expect(v.status).toEqual({ kind: 'paused', cause: 'step' });
    const mcause = [...(await import('../../../src/worker/emulator-api')).csrMap(v.csrs)].find(
      ([n]) => n === 'mcause',
    )?.[1];
    expect(mcause).toBe(1n); // instruction access fault (privileged spec, table 3.6)
  });
});
