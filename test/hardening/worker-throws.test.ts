/**
 * "A worker that throws" (issue 8), inside the worker: if hartscope itself fails while running a guest (a
 * bug: guests only ever trap), the session catches it, shows `internal error: ...` as the machine's status
 * and goes on answering; loading a program again gives a working machine. (A worker that dies or stops
 * answering is the page's part: test/ui/app.browser.test.tsx, "reports a worker that fails and restarts it".)
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Machine } from '../../emulator/machine';
import { EmulatorSession } from '../../src/worker/emulator-session';
import { EXAMPLE } from './bad-elf-files';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('an exception inside the emulator while it runs a guest', () => {
  it('is shown as the status "internal error: ...", and the session keeps answering', async () => {
    const s = new EmulatorSession({ ramSize: 1 << 20 });
    expect((await s.loadElf(EXAMPLE, 'hello.elf')).ok).toBe(true);
    const bug = vi.spyOn(Machine.prototype, 'run').mockImplementation(() => {
      throw new Error('simulated emulator bug');
    });
    const failed = { kind: 'error', message: 'internal error: simulated emulator bug' };
    expect(await s.run()).toEqual(failed);
    expect(await s.step()).toEqual(failed);
    expect((await s.getState()).status).toEqual(failed);
    expect(await s.ping()).toBe('pong');

    bug.mockRestore();
    expect((await s.loadElf(EXAMPLE, 'hello.elf')).ok).toBe(true);
    expect(await s.run()).toEqual({ kind: 'exit', code: 0, via: 'finisher' });
  });
});
