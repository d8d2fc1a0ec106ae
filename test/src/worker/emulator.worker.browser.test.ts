/**
 * The real worker in Chromium: the page's comlink proxy reaches the EmulatorApi in a module Worker, the
 * machine runs there, and state comes back with its typed arrays.
 */
import { afterEach, describe, expect, it } from 'vitest';
import helloElfUrl from '../../../firmware/examples/hello.elf?url';
import { connectEmulator, type EmulatorConnection } from '../../../src/worker/client';

const HELLO_TEXT = 'Hello from hartscope! This is M-mode.\nAnd this is U-mode, printing through an ecall.\n';
const hello = async (): Promise<Uint8Array> => new Uint8Array(await (await fetch(helloElfUrl)).arrayBuffer());

let connection: EmulatorConnection | null = null;
afterEach(() => connection?.terminate());

describe('the emulator worker', () => {
  it('answers getState before anything is loaded', async () => {
    connection = connectEmulator();
    const v = await connection.api.getState();
    expect(v.status).toEqual({ kind: 'empty' });
    expect(v.x).toBeInstanceOf(BigUint64Array);
    expect(v.x.length).toBe(32);
  });

  it('loads and runs the bundled example to its exit, returning its console bytes', async () => {
    connection = connectEmulator();
    const { api } = connection;
    expect(await api.loadElf(await hello(), 'hello.elf')).toMatchObject({ ok: true, entry: 0x8000_0000n });
    expect(await api.run()).toEqual({ kind: 'exit', code: 0, via: 'finisher' });
    const v = await api.getState();
    expect(new TextDecoder().decode(v.consoleBytes)).toBe(HELLO_TEXT);
    expect(v.instructionsRetired).toBeGreaterThan(0n);
  });

  it('handles pause while a run is in progress (it yields between slices)', async () => {
    connection = connectEmulator();
    const { api } = connection;
    await api.loadElf(await hello(), 'hello.elf');
    // One instruction per slice: the run cannot finish before the pause message is handled, unless the
    // worker failed to yield between slices.
    const running = api.run(1);
    await api.pause();
    expect(await running).toEqual({ kind: 'paused', cause: 'user' });
    const v = await api.getState();
    expect(v.status).toEqual({ kind: 'paused', cause: 'user' });
    expect(v.instructionsRetired).toBeGreaterThan(0n);
    expect(await api.run()).toEqual({ kind: 'exit', code: 0, via: 'finisher' });
  });
});
