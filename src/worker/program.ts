/**
 * Building what the machine loads: the user's program (an ELF, or source for hartscope's assembler) placed
 * under the chosen firmware, plus the source text of every file, so the disassembly can show source lines.
 */
import { PAYLOAD_BASE, RAM_BASE } from '../../emulator/board/memory-map';
import { assemble } from '../../emulator/asm/assembler';
import { assembleMonitor, combineImages, type MonitorSources } from '../../emulator/firmware-boot';
import type { ProgramImage } from '../../emulator/image';
import { ElfError, loadElf } from '../../emulator/loader/elf';
import type { AsmDiagnostic, AssembleRequest, FirmwareChoice } from './emulator-api';

export interface BuiltProgram {
  image: ProgramImage;
  /** Source text by file name, split into lines. */
  sources: Map<string, string[]>;
}

/** A problem the user can fix (a file that is not an ELF, a program that does not assemble). */
export class ProgramError extends Error {
  override name = 'ProgramError';
  constructor(
    message: string,
    readonly diagnostics: AsmDiagnostic[] = [],
  ) {
    super(message);
  }
}

const lines = (text: string): string[] => text.split(/\r?\n/);

/** Where the program's code goes: the start of RAM when it runs bare, else where firmware jumps to. */
export function programBase(firmware: FirmwareChoice): number {
  return firmware.kind === 'bare' ? RAM_BASE : PAYLOAD_BASE;
}

export function assembleProgram(request: AssembleRequest, firmware: FirmwareChoice): BuiltProgram {
  const includes = request.includes ?? {};
  const result = assemble(request.text, {
    file: request.file,
    textBase: programBase(firmware),
    include: (name) => includes[name] ?? includes[name.replace(/^.*\//, '')],
    linkerScript: request.linkerScript,
  });
  if (!result.image) {
    const diagnostics = result.errors.map(({ file, line, column, message }) => ({
      file,
      line,
      column,
      message,
    }));
    const first = diagnostics[0];
    const more = diagnostics.length > 1 ? ` (and ${diagnostics.length - 1} more)` : '';
    throw new ProgramError(
      first
        ? `${first.file}:${first.line}:${first.column}: ${first.message}${more}`
        : `${request.file}: no image`,
      diagnostics,
    );
  }
  const sources = new Map<string, string[]>([[request.file, lines(request.text)]]);
  for (const [name, text] of Object.entries(includes)) sources.set(name, lines(text));
  return { image: result.image, sources };
}

export function elfProgram(bytes: Uint8Array, name: string): BuiltProgram {
  try {
    return { image: loadElf(bytes), sources: new Map() };
  } catch (e) {
    if (e instanceof ElfError) throw new ProgramError(`${name}: ${e.message}`);
    throw e;
  }
}

/** Firmware images are built once per session (the monitor takes a moment to assemble). */
export class FirmwareCache {
  private monitor: BuiltProgram | null = null;

  constructor(private readonly monitorSources: MonitorSources | null) {}

  /**
   * The program placed under `firmware`. SIMPLIFICATION: 'host' (SBI served by the machine) loads the payload
   * alone; the machine's own host-SBI mode supplies the rest.
   */
  place(program: BuiltProgram, firmware: FirmwareChoice): BuiltProgram {
    if (firmware.kind === 'bare' || firmware.kind === 'host') return program;
    const below =
      firmware.kind === 'monitor' ? this.buildMonitor() : elfProgram(firmware.bytes, firmware.name);
    try {
      return {
        image: combineImages(below.image, program.image),
        sources: new Map([...below.sources, ...program.sources]),
      };
    } catch (e) {
      const where = `0x${PAYLOAD_BASE.toString(16)}`;
      throw new ProgramError(
        `${e instanceof Error ? e.message : String(e)}: under firmware the program must be linked at ${where}`,
      );
    }
  }

  private buildMonitor(): BuiltProgram {
    if (this.monitor) return this.monitor;
    if (!this.monitorSources) throw new ProgramError('this build has no monitor sources');
    const sources = new Map(Object.entries(this.monitorSources).map(([k, v]) => [k, lines(v)]));
    this.monitor = { image: assembleMonitor(this.monitorSources), sources };
    return this.monitor;
  }
}
