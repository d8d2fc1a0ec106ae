import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../../emulator/asm/assembler';
import {
  HOST_IMPL_ID,
  IMPL_VERSION,
  MONITOR_IMPL_ID,
  SBI_HSM_STARTED,
  SBI_SPEC_VERSION,
  SbiError,
  SbiExtension,
  sbiCallNames,
} from '../../../emulator/sbi/spec';
import { MONITOR_DIR } from '../../firmware/boot';

/** The values of platform.S's constants, evaluated by the assembler itself (some are expressions). */
function monitorConstants(names: string[]): Map<string, bigint> {
  const platform = readFileSync(join(MONITOR_DIR, 'platform.S'), 'utf8');
  const text = ['  .include "platform.S"', '  .data', ...names.map((n) => `  .dword ${n}`)].join('\n') + '\n';
  const r = assemble(text, { file: 'c.S', include: (n) => (n === 'platform.S' ? platform : undefined) });
  if (!r.image) throw new Error(r.errors.map((e) => e.message).join('\n'));
  const data = r.image.segments.find((s) => s.data.length === 8 * names.length);
  if (!data) throw new Error('no data segment');
  const view = new DataView(data.data.buffer, data.data.byteOffset, data.data.length);
  return new Map(names.map((n, i) => [n, view.getBigInt64(8 * i, true)]));
}

describe("the SBI numbers are the monitor's (the TypeScript and the assembly cannot drift)", () => {
  it('extension IDs, error codes, versions and the HSM state match firmware/monitor/platform.S', () => {
    const ours: Record<string, bigint> = {
      SBI_EXT_LEGACY_SET_TIMER: BigInt(SbiExtension.LegacySetTimer),
      SBI_EXT_LEGACY_CONSOLE_PUTCHAR: BigInt(SbiExtension.LegacyConsolePutchar),
      SBI_EXT_LEGACY_CONSOLE_GETCHAR: BigInt(SbiExtension.LegacyConsoleGetchar),
      SBI_EXT_LEGACY_SHUTDOWN: BigInt(SbiExtension.LegacyShutdown),
      SBI_EXT_BASE: BigInt(SbiExtension.Base),
      SBI_EXT_TIME: BigInt(SbiExtension.Time),
      SBI_EXT_IPI: BigInt(SbiExtension.Ipi),
      SBI_EXT_RFENCE: BigInt(SbiExtension.Rfence),
      SBI_EXT_HSM: BigInt(SbiExtension.Hsm),
      SBI_EXT_SRST: BigInt(SbiExtension.Srst),
      SBI_EXT_DBCN: BigInt(SbiExtension.Dbcn),
      SBI_SUCCESS: SbiError.Success,
      SBI_ERR_FAILED: SbiError.Failed,
      SBI_ERR_NOT_SUPPORTED: SbiError.NotSupported,
      SBI_ERR_INVALID_PARAM: SbiError.InvalidParam,
      SBI_ERR_INVALID_ADDRESS: SbiError.InvalidAddress,
      SBI_SPEC_VERSION: BigInt(SBI_SPEC_VERSION),
      SBI_IMPL_ID: BigInt(MONITOR_IMPL_ID),
      SBI_IMPL_VERSION: BigInt(IMPL_VERSION),
      SBI_HSM_STARTED,
    };
    expect(Object.fromEntries(monitorConstants(Object.keys(ours)))).toEqual(ours);
  });

  it('the extension IDs spell their names in ASCII, as the spec assigns them', () => {
    const ascii = (n: number): string =>
      new TextDecoder().decode(new Uint8Array([n >>> 24, n >>> 16, n >>> 8, n].map((b) => b & 0xff)));
    expect(ascii(SbiExtension.Time)).toBe('TIME');
    expect(ascii(SbiExtension.Rfence)).toBe('RFNC');
    expect(ascii(SbiExtension.Srst)).toBe('SRST');
    expect(ascii(SbiExtension.Dbcn)).toBe('DBCN');
    expect(ascii(SbiExtension.Ipi)).toBe('\0sPI');
    expect(ascii(SbiExtension.Hsm)).toBe('\0HSM');
  });

  it('the host has its own implementation ID, so a guest (and a student) can tell which SBI answered', () => {
    expect(HOST_IMPL_ID).not.toBe(MONITOR_IMPL_ID);
  });

  it('names calls for the UI', () => {
    expect(sbiCallNames(0x4442434en, 0n)).toEqual({ extension: 'DBCN', name: 'sbi_debug_console_write' });
    expect(sbiCallNames(0x10n, 3n)).toEqual({ extension: 'BASE', name: 'sbi_probe_extension' });
    expect(sbiCallNames(0n, 7n)).toEqual({ extension: 'legacy', name: 'sbi_set_timer' });
    expect(sbiCallNames(0x10n, 9n)).toEqual({ extension: 'BASE', name: 'FID 9' });
    expect(sbiCallNames(0x123n, 0n)).toEqual({ extension: 'EID 0x123', name: 'FID 0' });
  });
});
