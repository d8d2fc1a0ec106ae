/**
 * Trap and emulate in the monitor (firmware/monitor/emulate_*.S): misaligned loads and stores on a hart that
 * traps them, reads of `time` on a hart without the CSR, and the traps the monitor must hand on to S-mode
 * unchanged. Expected values come from the specs (little-endian byte order, instruction encodings from the
 * field layout) and from QEMU, which performs misaligned accesses in hardware.
 */
import { describe, expect, it } from 'vitest';
import type { ProgramImage } from '../../emulator/image';
import type { MachineConfig } from '../../emulator/machine';
import { hasTool, toolMissingMessage } from '../helpers/tools';
import { assemblePayload, runOnQemuOpenSbi, runWithMonitor, type Run } from './boot';

const TRAP: MachineConfig = { misalignedAccess: 'trap' };
const CAUSE_ILLEGAL = 2;
const CAUSE_MISALIGNED_LOAD = 4;
const CAUSE_MISALIGNED_STORE = 6;

/** Exceptions (not interrupts) with this cause taken into M-mode. */
const mTraps = (r: Run, cause: number): number =>
  r.traps.filter((t) => !t.interrupt && t.cause === cause && t.toPriv === 3).length;

const symbol = (image: ProgramImage, name: string): number => {
  const s = image.symbols.find((x) => x.name === name);
  if (!s) throw new Error(`no symbol ${name}`);
  return s.address;
};

const hex = (n: bigint | number): string => BigInt.asUintN(64, BigInt(n)).toString(16);

describe('misaligned loads and stores, emulated by the monitor', () => {
  // The bytes of `pattern` in firmware/payloads/misaligned.S.
  const pattern = [
    0x80, 0x91, 0xa2, 0xb3, 0xc4, 0xd5, 0xe6, 0xf7, 0x08, 0x19, 0x2a, 0x3b, 0x4c, 0x5d, 0x6e, 0x7f, 0x90,
    0xa1, 0xb2, 0xc3, 0xd4, 0xe5, 0xf6, 0x07,
  ];
  const view = new DataView(new Uint8Array(pattern).buffer);
  const u64 = (o: number): bigint => view.getBigUint64(o, true);
  const s32 = (o: number): number => view.getInt32(o, true);
  const u32 = (o: number): number => view.getUint32(o, true);
  const s16 = (o: number): number => view.getInt16(o, true);
  const u16 = (o: number): number => view.getUint16(o, true);

  /** The 16-byte buffer after storing 0x1122334455667788's low `size` bytes at `offset`: two doublewords. */
  const stored = (offset: number, size: number): string => {
    const b = new DataView(new ArrayBuffer(16));
    const value = 0x1122334455667788n;
    for (let i = 0; i < size; i++) b.setUint8(offset + i, Number((value >> BigInt(8 * i)) & 0xffn));
    return `buffer 0x${hex(b.getBigUint64(0, true))} ${hex(b.getBigUint64(8, true))}`;
  };

  const EXPECTED = [
    'BEGIN misaligned',
    `ld +1 0x${hex(u64(1))}`,
    `lw +3 0x${hex(s32(3))}`,
    `lwu +3 0x${hex(u32(3))}`,
    `lw +9 0x${hex(s32(9))}`,
    `lh +5 0x${hex(s16(5))}`,
    `lhu +5 0x${hex(u16(5))}`,
    `lh +11 0x${hex(s16(11))}`,
    `c.lw +5 0x${hex(s32(5))}`,
    `c.ld +11 0x${hex(u64(11))}`,
    `c.lwsp +6 0x${hex(s32(6))}`,
    `c.ldsp +10 0x${hex(u64(10))}`,
    stored(3, 8), // sd
    stored(1, 4), // sw
    stored(7, 2), // sh
    stored(9, 4), // c.sw
    stored(1, 8), // c.sd
    stored(6, 4), // c.swsp
    stored(3, 8), // c.sdsp
    'END',
    '',
  ].join('\n');

  it('gives the values the bytes hold, little-endian, with the spec sign extension (lw, lh) or not', () => {
    const r = runWithMonitor(assemblePayload('misaligned.S'), { config: TRAP });
    expect(r.output).toBe(EXPECTED);
    expect(r.stop).toEqual({ kind: 'exit', code: 0, via: 'finisher' });
    // Each access trapped into M-mode once (11 loads, 7 stores) and none reached S-mode.
    expect(mTraps(r, CAUSE_MISALIGNED_LOAD)).toBe(11);
    expect(mTraps(r, CAUSE_MISALIGNED_STORE)).toBe(7);
    expect(r.traps.filter((t) => t.toPriv === 1)).toEqual([]);
  });

  it('a hart that performs them prints the same, without a trap', () => {
    const r = runWithMonitor(assemblePayload('misaligned.S'));
    expect(r.output).toBe(EXPECTED);
    expect(mTraps(r, CAUSE_MISALIGNED_LOAD) + mTraps(r, CAUSE_MISALIGNED_STORE)).toBe(0);
  });

  const missing = ['qemu-system-riscv64', 'riscv64-unknown-elf-as', 'riscv64-unknown-elf-ld'].filter(
    (t) => !hasTool(t),
  );
  for (const t of missing) console.warn(toolMissingMessage(t));
  it.skipIf(missing.length > 0)(
    'QEMU (under its OpenSBI) prints the same transcript',
    () => {
      const q = runOnQemuOpenSbi('misaligned.S');
      expect(q.output.slice(q.output.indexOf('BEGIN misaligned'))).toBe(EXPECTED);
    },
    30_000,
  );
});

/**
 * A payload that runs `body` with stvec at a handler printing the first trap to reach S-mode
 * (firmware/payloads/trap-report.S); `after` adds sections after it.
 */
function reportPayload(body: string, after = ''): ProgramImage {
  return assemblePayload('t.S', `  .macro body\n${body}\n  .endm\n  .include "trap-report.S"\n${after}`);
}

const report = (cause: number, tval: number | bigint, epc: number): string =>
  `scause 0x${hex(cause)} stval 0x${hex(tval)} sepc 0x${hex(epc)}\n`;

describe('a byte the monitor cannot reach while emulating faults in S-mode, as the payload’s own fault', () => {
  const RAM_END = 0x8800_0000; // 128 MiB of RAM from 0x8000_0000: nothing answers at RAM_END

  it('a load across the end of RAM: load access fault (5) at the first missing byte, sepc = the load', () => {
    const p = reportPayload(`  li t0, ${RAM_END - 3}\ntarget:\n  ld a0, 0(t0)`);
    const r = runWithMonitor(p, { config: TRAP });
    expect(r.output).toBe(report(5, RAM_END, symbol(p, 'target')));
  });

  it('a store across the end of RAM: store access fault (7) at the first missing byte', () => {
    const p = reportPayload(`  li t0, ${RAM_END - 2}\n  li a0, -1\ntarget:\n  sw a0, 0(t0)`);
    const r = runWithMonitor(p, { config: TRAP });
    expect(r.output).toBe(report(7, RAM_END, symbol(p, 'target')));
  });

  it("a compressed load reaching into the monitor's memory, which PMP keeps from S-mode: access fault", () => {
    // 0x801f_fffe..0x8020_0001: the first two bytes are the monitor's.
    const p = reportPayload(`  li a1, 0x801ffffe\ntarget:\n  c.lw a2, 0(a1)`);
    const r = runWithMonitor(p, { config: TRAP });
    expect(r.output).toBe(report(5, 0x801f_fffe, symbol(p, 'target')));
  });

  it('from U-mode too: a misaligned ld is emulated, then one across the end of RAM faults to S-mode', () => {
    // U-mode checks the first value itself (a wrong one ends with an ecall: scause 8 in the report).
    const body = `
  la t0, user
  csrw sepc, t0
  li t0, 1 << 8
  csrc sstatus, t0                   # SPP = 0: sret enters U-mode
  sret
user:
  la t0, u_data
  ld a1, 1(t0)
  li t2, 0x0807060504030201
  bne a1, t2, wrong
  li t0, ${RAM_END - 3}
target:
  ld a0, 0(t0)
wrong:
  ecall`;
    const data = '  .section .data\nu_data: .byte 0, 1, 2, 3, 4, 5, 6, 7, 8, 9\n';
    const p = reportPayload(body, data);
    const r = runWithMonitor(p, { config: TRAP });
    expect(r.output).toBe(report(5, RAM_END, symbol(p, 'target')));
    expect(mTraps(r, CAUSE_MISALIGNED_LOAD)).toBe(2);
    expect(r.traps.filter((t) => t.cause === CAUSE_MISALIGNED_LOAD).map((t) => t.fromPriv)).toEqual([0, 0]);
  });

  it('a load across into an unmapped page (Sv39): load page fault (13) at the page, so the kernel can map it', () => {
    // Root entry 2 (VA 0x8000_0000..0xbfff_ffff) points at a second-level table whose entry 1 maps the
    // 2 MiB megapage 0x8020_0000 to itself (V R W X A D); 0x8040_0000 and up are not mapped.
    const body = `
  la t0, l1_table
  srli t0, t0, 12
  slli t0, t0, 10
  ori t0, t0, 1
  la t1, root_table
  sd t0, 16(t1)
  li t0, ((0x80200000 >> 12) << 10) | 0xcf
  la t1, l1_table
  sd t0, 8(t1)
  la t0, root_table
  srli t0, t0, 12
  li t1, 8 << 60
  or t0, t0, t1
  csrw satp, t0
  sfence.vma
  li t0, 0x80400000 - 5
target:
  ld a0, 0(t0)`;
    const tables = '  .section .bss\n  .balign 4096\nroot_table: .space 4096\nl1_table: .space 4096\n';
    const p = reportPayload(body, tables);
    const r = runWithMonitor(p, { config: TRAP });
    expect(r.output).toBe(report(13, 0x8040_0000, symbol(p, 'target')));
  });
});

describe('reads of the time CSR, emulated by the monitor where the hart has none', () => {
  const parse = (out: string): { mode: string; before: bigint; time: bigint; after: bigint }[] =>
    [...out.matchAll(/^([SU]) mtime 0x(\w+) time 0x(\w+) mtime 0x(\w+)$/gm)].map((m) => ({
      mode: m[1],
      before: BigInt(`0x${m[2]}`),
      time: BigInt(`0x${m[3]}`),
      after: BigInt(`0x${m[4]}`),
    }));

  for (const timeCsr of ['absent', 'provided'] as const) {
    it(`timeCsr '${timeCsr}': rdtime in S and U lies between two reads of mtime; U without scounteren.TM traps`, () => {
      const p = assemblePayload('rdtime.S');
      const r = runWithMonitor(p, { config: { timeCsr } });
      const reads = parse(r.output);
      expect(reads.map((x) => x.mode)).toEqual(['S', 'U']);
      for (const x of reads) {
        expect(x.before < x.time && x.time < x.after).toBe(true);
        // Close to mtime: the monitor's round trip is well under 200 ticks (one tick per instruction).
        expect(x.after - x.before).toBeLessThan(200n);
      }
      // rdtime s3 = csrrs x19, time (0xc01), x0: csr << 20 | rs1 << 15 | funct3 2 << 12 | rd << 7 | 0x73.
      const rdtimeS3 = ((0xc01 << 20) | (2 << 12) | (19 << 7) | 0x73) >>> 0;
      expect(r.output).toContain(report(CAUSE_ILLEGAL, rdtimeS3, symbol(p, 'rdtime_in_user')));
      expect(r.output.startsWith('BEGIN rdtime\n') && r.output.endsWith('END\n')).toBe(true);
      // The CSR reads trapped into M-mode: all three without the CSR, only the forbidden one with it.
      expect(mTraps(r, CAUSE_ILLEGAL)).toBe(timeCsr === 'absent' ? 3 : 1);
    });
  }
});

describe('illegal instructions the monitor does not emulate reach S-mode unchanged', () => {
  // Encodings from the spec's field layout: csr << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | 0x73.
  const cases: [string, string, number][] = [
    [
      'csrrw x0, time, a0 (writes a read-only CSR)',
      '.word 0xc0151073',
      (0xc01 << 20) | (10 << 15) | (1 << 12) | 0x73,
    ],
    [
      'csrrs a0, time, a1 (sets bits of it)',
      '.word 0xc015a573',
      (0xc01 << 20) | (11 << 15) | (2 << 12) | (10 << 7) | 0x73,
    ],
    ['unimp (csrrw x0, cycle, x0)', '.word 0xc0001073', (0xc00 << 20) | (1 << 12) | 0x73],
    ['c.unimp, the all-zero halfword (mtval 0)', '.half 0', 0],
  ];
  for (const timeCsr of ['absent', 'provided'] as const) {
    for (const [what, insn, bits] of cases) {
      it(`${what}, timeCsr '${timeCsr}': scause 2, stval = the instruction, sepc = its address`, () => {
        const p = reportPayload(`target:\n  ${insn}`);
        const r = runWithMonitor(p, { config: { timeCsr } });
        expect(r.output).toBe(report(CAUSE_ILLEGAL, bits >>> 0, symbol(p, 'target')));
      });
    }
  }
});
