/**
 * Booting as real boards do (DESIGN.md: "Firmware"): M-mode firmware at 0x8000_0000 and an S-mode payload at
 * 0x8020_0000, loaded together as one program image that starts at the firmware's entry.
 *
 * The monitor's sources live in firmware/monitor/*.S. emulator/ reads no files, so the caller hands them in
 * as a map from file name to text: Node tests read them with fs, the page imports them with Vite's `?raw`.
 */
import { assemble } from './asm/assembler';
import type { ProgramImage, Segment } from './image';

/** The file the monitor is assembled from; it `.include`s the others. */
export const MONITOR_MAIN = 'monitor.S';

/** The monitor's source files: monitor.S and every file it includes, by name. */
export type MonitorSources = Readonly<Record<string, string>>;

/** Assemble the monitor with hartscope's own assembler, at 0x8000_0000. Throws with every error listed. */
export function assembleMonitor(sources: MonitorSources): ProgramImage {
  const main = sources[MONITOR_MAIN];
  if (main === undefined) throw new Error(`the monitor's sources have no ${MONITOR_MAIN}`);
  const result = assemble(main, {
    file: MONITOR_MAIN,
    include: (name) => sources[name.replace(/^.*\//, '')],
  });
  if (!result.image) {
    const lines = result.errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message}`);
    throw new Error(`the monitor does not assemble:\n${lines.join('\n')}`);
  }
  return result.image;
}

const end = (s: Segment): number => s.address + Math.max(s.memSize, s.data.length);
const hex = (n: number): string => `0x${n.toString(16)}`;

/**
 * One image holding the firmware and the payload: both sets of segments, symbols and source lines, and the
 * firmware's entry (the hart starts in the firmware, which enters the payload). Segments that overlap would
 * overwrite each other in RAM, so they are refused.
 */
export function combineImages(firmware: ProgramImage, payload: ProgramImage): ProgramImage {
  for (const [i, f] of firmware.segments.entries()) {
    for (const [j, p] of payload.segments.entries()) {
      if (f.address < end(p) && p.address < end(f)) {
        throw new Error(
          `firmware segment ${i} (${hex(f.address)}..${hex(end(f))}) overlaps payload segment ${j} ` +
            `(${hex(p.address)}..${hex(end(p))})`,
        );
      }
    }
  }
  return {
    entry: firmware.entry,
    segments: [...firmware.segments, ...payload.segments],
    symbols: [...firmware.symbols, ...payload.symbols],
    sourceMap: new Map([...firmware.sourceMap, ...payload.sourceMap]),
  };
}
