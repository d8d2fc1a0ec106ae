import { Machine } from '../machine';

/**
 * A new, empty machine configured as `m` is (RAM size, the hart's options, who serves SBI calls, the
 * engine): the target of a migration must be such a machine (migration.ts refuses any other).
 */
export function machineLike(m: Machine): Machine {
  return new Machine({
    ramSize: m.ramSize,
    misalignedAccess: m.hart.config.misalignedAccess,
    timeCsr: m.hart.config.timeCsr ?? 'provided',
    engine: m.engine,
    sbi: m.hostSbi !== null ? 'host' : 'none',
  });
}
