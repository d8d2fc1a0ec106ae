/**
 * The emulation view's measurement: one workload (bench/workloads/alu.S, 2 million turns of xorshift and a
 * hash) run as plain JavaScript in the page (its twin in bench/native.ts) and as RISC-V in the emulator, both
 * timed with the page's clock. Both print the same number, so the two runs did the same work; `agree` says
 * whether they did. The measurement replaces the loaded program and clears breakpoints: the page reloads
 * the user's program (and restores its speed setting) afterwards.
 */
import aluSource from '../../bench/workloads/alu.S?raw';
import commonSource from '../../bench/workloads/common.inc.S?raw';
import linkScript from '../../bench/workloads/link.ld?raw';
import type { EmulatorApi } from '../../src/worker/emulator-api';
import { runNativeTwin, type CostResults } from './native-twin';

export interface CostMeasurement extends CostResults {
  /** The emulated run printed the same result as the JavaScript twin. */
  agree: boolean;
}

type Api = Pick<EmulatorApi, 'assembleAndLoad' | 'setBreakpoints' | 'setSpeed' | 'run' | 'getState'>;

export async function measureEmulationCost(
  api: Api,
  now: () => number = () => performance.now(),
): Promise<CostMeasurement> {
  const loaded = await api.assembleAndLoad({
    text: aluSource,
    file: 'alu.S',
    includes: { 'common.inc.S': commonSource },
    linkerScript: { text: linkScript, file: 'link.ld' },
    firmware: { kind: 'bare' },
  });
  if (!loaded.ok) throw new Error(`the workload does not load: ${loaded.error}`);
  await api.setBreakpoints([]);
  await api.setSpeed({ kind: 'full' });
  const before = (await api.getState()).instructionsRetired;
  const t0 = now();
  await api.run();
  const emulatedMs = now() - t0;
  const view = await api.getState();
  const printed = new TextDecoder().decode(view.consoleBytes).trim();
  const native = runNativeTwin('alu', now);
  return {
    nativeMs: native.ms,
    emulatedMs,
    instructions: Number(view.instructionsRetired - before),
    agree: printed === (native.result >>> 0).toString(16).padStart(8, '0'),
  };
}
