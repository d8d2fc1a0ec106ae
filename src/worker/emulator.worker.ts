/**
 * The worker entry: one EmulatorSession exposed with comlink. getState's typed arrays are transferred to the
 * page (moved, not copied).
 */
import * as Comlink from 'comlink';
import type { EmulatorApi, MachineStateView } from './emulator-api';
import { EmulatorSession } from './emulator-session';

const session = new EmulatorSession();

const api: EmulatorApi = {
  loadElf: (bytes, name) => session.loadElf(bytes, name),
  run: (slice) => session.run(slice),
  pause: () => session.pause(),
  step: (count) => session.step(count),
  reset: () => session.reset(),
  async getState(): Promise<MachineStateView> {
    const view = await session.getState();
    return Comlink.transfer(view, [view.x.buffer, view.consoleBytes.buffer]);
  },
};

Comlink.expose(api);
