/**
 * Names of SBI calls, for the trap log's VM exits: extension ID (a7) and function ID (a6) as in the RISC-V
 * Supervisor Binary Interface specification v2.0 (chapter per extension; legacy extensions 0x00-0x0F take
 * no function ID).
 */
const EXTENSIONS: Record<number, { name: string; functions: readonly string[] }> = {
  0x10: {
    name: 'BASE',
    functions: [
      'get_spec_version',
      'get_impl_id',
      'get_impl_version',
      'probe_extension',
      'get_mvendorid',
      'get_marchid',
      'get_mimpid',
    ],
  },
  0x54494d45: { name: 'TIME', functions: ['set_timer'] },
  0x735049: { name: 'IPI', functions: ['send_ipi'] },
  0x52464e43: {
    name: 'RFNC',
    functions: ['remote_fence_i', 'remote_sfence_vma', 'remote_sfence_vma_asid'],
  },
  0x48534d: { name: 'HSM', functions: ['hart_start', 'hart_stop', 'hart_get_status', 'hart_suspend'] },
  0x53525354: { name: 'SRST', functions: ['system_reset'] },
  0x4442434e: { name: 'DBCN', functions: ['console_write', 'console_read', 'console_write_byte'] },
};

const LEGACY = [
  'set_timer',
  'console_putchar',
  'console_getchar',
  'clear_ipi',
  'send_ipi',
  'remote_fence_i',
  'remote_sfence_vma',
  'remote_sfence_vma_asid',
  'shutdown',
];

/** "DBCN console_write", "legacy console_putchar", or "EID 0x1234 FID 5" for calls it does not know. */
export function sbiCallName(eid: number, fid: number): string {
  if (eid >= 0 && eid < LEGACY.length) return `legacy ${LEGACY[eid]}`;
  const ext = EXTENSIONS[eid];
  if (ext === undefined) return `EID 0x${eid.toString(16)} FID ${fid}`;
  return `${ext.name} ${ext.functions[fid] ?? `FID ${fid}`}`;
}
