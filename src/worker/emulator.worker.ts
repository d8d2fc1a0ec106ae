/**
 * The worker entry: one EmulatorSession exposed with comlink. The typed arrays of state views and memory
 * reads are transferred to the page (moved, not copied).
 */
import * as Comlink from 'comlink';
import type { EmulatorApi } from './emulator-api';
import { EmulatorSession } from './emulator-session';

// The monitor's sources travel with the worker, so choosing the hartscope monitor needs no fetch.
const monitorSources: Record<string, string> = {};
for (const [path, text] of Object.entries(
  import.meta.glob<string>('../../firmware/monitor/*.S', { query: '?raw', import: 'default', eager: true }),
)) {
  monitorSources[path.replace(/^.*\//, '')] = text;
}

const session = new EmulatorSession({}, { monitorSources });

const api: EmulatorApi = {
  ping: () => session.ping(),
  setFirmware: (choice) => session.setFirmware(choice),
  setMachineOptions: (options) => session.setMachineOptions(options),
  loadElf: (bytes, name) => session.loadElf(bytes, name),
  assembleAndLoad: (request) => session.assembleAndLoad(request),
  run: (slice) => session.run(slice),
  pause: () => session.pause(),
  step: (count) => session.step(count),
  stepOver: () => session.stepOver(),
  stepOut: () => session.stepOut(),
  runTo: (address) => session.runTo(address),
  setBreakpoints: (addresses) => session.setBreakpoints(addresses),
  setSpeed: (speed) => session.setSpeed(speed),
  reset: () => session.reset(),
  async getState() {
    const view = await session.getState();
    return Comlink.transfer(view, [
      view.x.buffer,
      view.csrs.buffer,
      view.consoleBytes.buffer,
      view.traps.buffer,
    ]);
  },
  async readMemory(address, length, space) {
    const range = await session.readMemory(address, length, space);
    return Comlink.transfer(range, [range.bytes.buffer, range.readable.buffer]);
  },
  writeRegister: (index, value) => session.writeRegister(index, value),
  writeMemory: (address, bytes, space) => session.writeMemory(address, bytes, space),
  explainTranslation: (address, access) => session.explainTranslation(address, access),
  consoleInput: (bytes) => session.consoleInput(bytes),
  disassemble: (address, count, space, fetchMode) => session.disassemble(address, count, space, fetchMode),
  async saveSnapshot() {
    const saved = await session.saveSnapshot();
    return Comlink.transfer(saved, [saved.file.buffer]);
  },
  restoreSnapshot: (file, name) => session.restoreSnapshot(file, name),
  measureBoot: (budget) => session.measureBoot(budget),
  memoryUsage: () => session.memoryUsage(),
  // Time travel (issue 6).
  stepBack: (count) => session.stepBack(count),
  runBack: () => session.runBack(),
  // Live migration (issue 9): page batches are transferred, not copied.
  beginMigrationSource: () => session.beginMigrationSource(),
  async migrationRound(maxPages) {
    const batch = await session.migrationRound(maxPages);
    return Comlink.transfer(batch, [batch.indices.buffer, batch.data.buffer]);
  },
  async finishMigration() {
    const fin = await session.finishMigration();
    return Comlink.transfer(fin, [fin.pages.indices.buffer, fin.pages.data.buffer]);
  },
  beginMigrationTarget: (setup) => session.beginMigrationTarget(setup),
  acceptPages: (batch) => session.acceptPages(batch),
  resumeMigration: (state) => session.resumeMigration(state),
};

Comlink.expose(api);
