/**
 * The runner's `--firmware`: what runs in M-mode below an S-mode payload, as on a real board.
 *   monitor  hartscope's SBI-like monitor, assembled from firmware/monitor/*.S by hartscope's assembler
 *   host     no firmware in RAM: the emulator serves the SBI itself (MachineConfig sbi: 'host')
 *   FILE     a firmware ELF, e.g. Debian's OpenSBI fw_jump.elf, loaded with the payload
 * Either way the payload runs from 0x8020_0000 in S-mode, where firmware enters it (OpenSBI's fw_jump does).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { PAYLOAD_BASE } from '../../emulator/board/memory-map';
import { assembleMonitor, combineImages } from '../../emulator/firmware-boot';
import type { ProgramImage } from '../../emulator/image';
import { loadElf } from '../../emulator/loader/elf';

/** firmware/monitor/, beside src/ (launch.mjs keeps import.meta.url pointing at this source file). */
const MONITOR_DIR = fileURLToPath(new URL('../../firmware/monitor/', import.meta.url));

/** The monitor, assembled from its sources. */
export function monitorImage(): ProgramImage {
  const sources: Record<string, string> = {};
  for (const f of readdirSync(MONITOR_DIR)) {
    if (f.endsWith('.S')) sources[f] = readFileSync(join(MONITOR_DIR, f), 'utf8');
  }
  return assembleMonitor(sources);
}

/** A problem with the firmware or the payload, said in a sentence for the user. */
export class FirmwareError extends Error {
  override name = 'FirmwareError';
}

const hex = (n: number): string => `0x${n.toString(16)}`;

/**
 * The image to load for `firmware` ('monitor' or an ELF file's path) with `payload`: both together, started
 * at the firmware's entry. The payload must start at 0x8020_0000, since that is where firmware jumps.
 */
export function withFirmware(firmware: string, payload: ProgramImage): ProgramImage {
  checkPayload(payload);
  let image: ProgramImage;
  if (firmware === 'monitor') image = monitorImage();
  else {
    let bytes: Buffer;
    try {
      bytes = readFileSync(firmware);
    } catch (e) {
      throw new FirmwareError(`cannot read ${firmware}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    try {
      image = loadElf(bytes);
    } catch (e) {
      throw new FirmwareError(`${firmware}: ${(e as Error).message}`);
    }
  }
  try {
    return combineImages(image, payload);
  } catch (e) {
    throw new FirmwareError(`the firmware and the payload overlap: ${(e as Error).message}`);
  }
}

/** The payload must begin at 0x8020_0000, where the firmware (or the host) enters S-mode. */
export function checkPayload(payload: ProgramImage): void {
  if (payload.entry !== PAYLOAD_BASE) {
    throw new FirmwareError(
      `the payload's entry point is ${hex(payload.entry)}, but firmware enters S-mode at ` +
        `${hex(PAYLOAD_BASE)}: link it there (a .S file without -T is placed there already)`,
    );
  }
}
