import type { Htif } from '../devices/htif';
import type { ProgramImage } from '../image';
import type { Machine, StopReason } from '../machine';

/**
 * The parts of a Machine that a snapshot needs and the class keeps private: the loaded image, the HTIF
 * device it mapped, and how the guest stopped. TypeScript lets code name a private member with brackets
 * (and still checks the name and type); keeping every such use in this one file leaves one place to change
 * when Machine offers public accessors for them.
 */
export function loadedImage(m: Machine): ProgramImage | null {
  return m['image'];
}

export function htifOf(m: Machine): Htif | null {
  return m['htif'];
}

export function stopOf(m: Machine): { get(): StopReason | null; set(stop: StopReason | null): void } {
  return {
    get: () => m['exit'],
    set: (stop) => {
      m['exit'] = stop;
    },
  };
}
