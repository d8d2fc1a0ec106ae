/**
 * The numbers and names of the RISC-V SBI specification v2.0 that hartscope implements, in one place: the
 * host-side SBI (host-sbi.ts) serves calls by them, the UI shows their names, and a test checks them against
 * the monitor's firmware/monitor/platform.S, so the TypeScript and the assembly cannot drift apart.
 */

/** sbiret.error values (SBI spec chapter 3, "Standard SBI Errors"). */
export const SbiError = {
  Success: 0n,
  Failed: -1n,
  NotSupported: -2n,
  InvalidParam: -3n,
  InvalidAddress: -5n,
} as const;

/** Extension IDs (EIDs): the legacy ones of v0.1 (chapter 5), BASE, and the ASCII-named ones. */
export const SbiExtension = {
  LegacySetTimer: 0x00,
  LegacyConsolePutchar: 0x01,
  LegacyConsoleGetchar: 0x02,
  LegacyShutdown: 0x08,
  Base: 0x10,
  Time: 0x54494d45, // "TIME"
  Ipi: 0x735049, // "sPI"
  Rfence: 0x52464e43, // "RFNC"
  Hsm: 0x48534d, // "HSM"
  Srst: 0x53525354, // "SRST"
  Dbcn: 0x4442434e, // "DBCN"
} as const;

/** The legacy extensions (EIDs below BASE) return only a0 (spec chapter 5): a1 is left as it was. */
export const isLegacyExtension = (eid: bigint): boolean => eid < BigInt(SbiExtension.Base);

/** The spec version this implementation follows: major 2 in bits 30:24, minor 0 in bits 23:0. */
export const SBI_SPEC_VERSION = 2 << 24;

/** The implementation ID of hartscope's M-mode monitor (firmware/monitor/platform.S). */
export const MONITOR_IMPL_ID = 0x6873; // "hs"
/**
 * The implementation ID of the host-side SBI. SIMPLIFICATION: implementation IDs are assigned by the SBI
 * specification (0 BBL, 1 OpenSBI, 3 KVM, ...); hartscope has none, so, like the monitor's 0x6873 ("hs"),
 * it picks a number far above the assigned ones: 0x6876 ("hv", hartscope's hypervisor side). This is the one
 * answer by which a guest can tell the two apart (besides timing).
 */
export const HOST_IMPL_ID = 0x6876;
export const IMPL_VERSION = 1;

/** HSM hart states (spec chapter 9). */
export const SBI_HSM_STARTED = 0n;

/** SRST (spec chapter 10): reset types and reasons. */
export const SrstType = { Shutdown: 0n, ColdReboot: 1n, WarmReboot: 2n } as const;
export const SrstReason = { NoReason: 0n, SystemFailure: 1n } as const;

/** Per extension: a short name, and the spec's name of each function by FID. */
interface ExtensionNames {
  name: string;
  functions: readonly string[];
}

/** Every extension hartscope implements (the monitor's sbi_extensions table in ecall.S lists the same). */
export const EXTENSION_NAMES: ReadonlyMap<number, ExtensionNames> = new Map([
  [SbiExtension.LegacySetTimer, { name: 'legacy', functions: ['sbi_set_timer'] }],
  [SbiExtension.LegacyConsolePutchar, { name: 'legacy', functions: ['sbi_console_putchar'] }],
  [SbiExtension.LegacyConsoleGetchar, { name: 'legacy', functions: ['sbi_console_getchar'] }],
  [SbiExtension.LegacyShutdown, { name: 'legacy', functions: ['sbi_shutdown'] }],
  [
    SbiExtension.Base,
    {
      name: 'BASE',
      functions: [
        'sbi_get_spec_version',
        'sbi_get_impl_id',
        'sbi_get_impl_version',
        'sbi_probe_extension',
        'sbi_get_mvendorid',
        'sbi_get_marchid',
        'sbi_get_mimpid',
      ],
    },
  ],
  [SbiExtension.Time, { name: 'TIME', functions: ['sbi_set_timer'] }],
  [SbiExtension.Ipi, { name: 'IPI', functions: ['sbi_send_ipi'] }],
  [
    SbiExtension.Rfence,
    {
      name: 'RFENCE',
      functions: ['sbi_remote_fence_i', 'sbi_remote_sfence_vma', 'sbi_remote_sfence_vma_asid'],
    },
  ],
  [
    SbiExtension.Hsm,
    {
      name: 'HSM',
      functions: ['sbi_hart_start', 'sbi_hart_stop', 'sbi_hart_get_status', 'sbi_hart_suspend'],
    },
  ],
  [SbiExtension.Srst, { name: 'SRST', functions: ['sbi_system_reset'] }],
  [
    SbiExtension.Dbcn,
    {
      name: 'DBCN',
      functions: ['sbi_debug_console_write', 'sbi_debug_console_read', 'sbi_debug_console_write_byte'],
    },
  ],
]);

/** Does hartscope implement extension `eid` (what sbi_probe_extension answers)? */
export function isImplementedExtension(eid: bigint): boolean {
  return eid <= 0xffffffffn && EXTENSION_NAMES.has(Number(eid));
}

/**
 * Names for a call, for logs and the UI: `extension` ('DBCN', 'legacy', or the EID in hex when unknown) and
 * `name` (the spec's function name, such as 'sbi_debug_console_write', or 'FID n' when there is none).
 * The legacy extensions have one function each, whatever a6 holds.
 */
export function sbiCallNames(eid: bigint, fid: bigint): { extension: string; name: string } {
  const ext = isImplementedExtension(eid) ? EXTENSION_NAMES.get(Number(eid)) : undefined;
  if (ext === undefined) return { extension: `EID 0x${eid.toString(16)}`, name: `FID ${fid}` };
  const index = isLegacyExtension(eid) ? 0 : fid < BigInt(ext.functions.length) ? Number(fid) : -1;
  return { extension: ext.name, name: index >= 0 ? ext.functions[index] : `FID ${fid}` };
}
