/**
 * The monitor's emulation of misaligned accesses (firmware/monitor/emulate_misaligned.S, guest_memory.S) when
 * the payload's memory fails it: a byte behind a page boundary that is unmapped or forbids the access, and
 * the trapping instruction itself no longer readable. Each fault must reach S-mode as the payload's own,
 * with stval the first byte that faulted. Expected values come from the privileged spec; Debian's OpenSBI
 * 1.1 (fw_jump.elf) on the same hart is the second oracle: its sbi_misaligned_*_handler does what the spec
 * leaves to firmware the same way (byte by byte through MPRV, sbi_get_insn turning a load fault on the
 * instruction into a fetch fault). QEMU cannot be the oracle here: it performs misaligned accesses itself.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ProgramImage } from '../../emulator/image';
import { loadElf } from '../../emulator/loader/elf';
import type { MachineConfig } from '../../emulator/machine';
import { assemblePayload, runWithMonitor, type Run } from './boot';
import { sym } from './example-transcripts';

const TRAP: MachineConfig = { misalignedAccess: 'trap' };
const FW_JUMP = '/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf';
const haveFwJump = existsSync(FW_JUMP);
if (!haveFwJump)
  console.warn(`SKIPPED: ${FW_JUMP} is missing (Debian package opensbi; .ci/run installs it).`);

const hex = (n: number): string => n.toString(16);
const report = (cause: number, tval: number, epc: number): string =>
  `scause 0x${hex(cause)} stval 0x${hex(tval)} sepc 0x${hex(epc)}\n`;

/** A payload running `body` under firmware/payloads/trap-report.S, which prints the first trap into S-mode. */
function reportPayload(body: string, after = ''): ProgramImage {
  return assemblePayload('t.S', `  .macro body\n${body}\n  .endm\n  .include "trap-report.S"\n${after}`);
}

/**
 * Sv39 on, from S-mode: root entry 2 (VA 0x8000_0000..0xbfff_ffff) points at a second-level table whose
 * entry 1 maps the 2 MiB megapage 0x8020_0000 (the payload) to itself, V R W X A D (0xcf), and whose entry
 * 2 maps 0x8040_0000 to itself with the flags `next`, or is left invalid (0). PTE: PPN << 10 | flags.
 */
const paging = (next: number): string => `
  la t0, l1_table
  srli t0, t0, 12
  slli t0, t0, 10
  ori t0, t0, 1
  la t1, root_table
  sd t0, 16(t1)
  la t1, l1_table
  li t0, ((0x80200000 >> 12) << 10) | 0xcf
  sd t0, 8(t1)
  li t0, ((0x80400000 >> 12) << 10) | ${next}
  sd t0, 16(t1)
  la t0, root_table
  srli t0, t0, 12
  li t1, 8 << 60
  or t0, t0, t1
  csrw satp, t0
  sfence.vma`;
const TABLES = '  .section .bss\n  .balign 4096\nroot_table: .space 4096\nl1_table: .space 4096\n';
const PTE_V = 1;
const PTE_R = 2;
const PTE_X = 8;
const PTE_A = 0x40;

/** The payload's transcript (after OpenSBI's banner, under OpenSBI) on each firmware (or all but the host). */
function underEach(payload: ProgramImage, withHost = true): { name: string; run: () => string }[] {
  const afterBanner = (out: string): string => {
    const at = out.lastIndexOf('Boot HART MEDELEG');
    return at < 0 ? out : out.slice(out.indexOf('\n', at) + 1).replace(/\r\n/g, '\n');
  };
  const runners = [
    { name: 'the monitor', run: () => runWithMonitor(payload, { config: TRAP }).output },
    { name: 'host SBI', run: () => runWithMonitor(payload, { config: TRAP, firmware: 'host' }).output },
  ].filter((r) => withHost || r.name !== 'host SBI');
  if (haveFwJump) {
    const fw = loadElf(readFileSync(FW_JUMP));
    const run = (): string =>
      afterBanner(runWithMonitor(payload, { config: TRAP, firmware: fw, budget: 60_000_000 }).output);
    runners.push({ name: 'OpenSBI 1.1', run });
  }
  return runners;
}

const M = 3;
/** Exceptions taken into M-mode, as [cause, from mode]. */
const mExceptions = (r: Run): number[][] =>
  r.traps.filter((t) => !t.interrupt && t.toPriv === M && t.cause !== 9).map((t) => [t.cause, t.fromPriv]);

describe('a misaligned access across a page boundary: the fault names the first byte that faulted', () => {
  // [what, the flags of the megapage at 0x8040_0000, the access, scause, stval]
  const cases: [string, number, string, number, number][] = [
    [
      'sd into an unmapped page: store page fault (15) at the page',
      0,
      'li t0, 0x80400000 - 3\n  li a0, -1\ntarget:\n  sd a0, 0(t0)',
      15,
      0x8040_0000,
    ],
    [
      'sw into a read-only page (R, no W): store page fault at the page',
      PTE_V | PTE_R | PTE_A,
      'li t0, 0x80400000 - 1\ntarget:\n  sw zero, 0(t0)',
      15,
      0x8040_0000,
    ],
    [
      'ld into an execute-only page (X, and MXR clear): load page fault (13) at the page',
      PTE_V | PTE_X | PTE_A,
      'li t0, 0x80400000 - 6\ntarget:\n  ld a0, 0(t0)',
      13,
      0x8040_0000,
    ],
    [
      'lw from an unmapped page into a mapped one: load page fault at its first byte',
      0,
      'li t0, 0x80200000 - 2\ntarget:\n  lw a0, 0(t0)',
      13,
      0x801f_fffe,
    ],
  ];
  for (const [what, flags, access, cause, tval] of cases) {
    const p = reportPayload(`${paging(flags)}\n  ${access}`, TABLES);
    for (const fw of underEach(p)) {
      it(`${what} (${fw.name})`, () => {
        expect(fw.run()).toBe(report(cause, tval, sym(p, 'target')));
      });
    }
  }

  it('the monitor took the misaligned trap, then the fault of its own access through MPRV', () => {
    const p = reportPayload(
      `${paging(0)}\n  li t0, 0x80400000 - 3\n  li a0, -1\ntarget:\n  sd a0, 0(t0)`,
      TABLES,
    );
    const r = runWithMonitor(p, { config: TRAP });
    // Store misaligned (6) from S-mode, then the store page fault (15) of the monitor's byte store, taken
    // in M-mode itself: traps never go to a less privileged mode.
    expect(mExceptions(r)).toEqual([
      [6, 1],
      [15, M],
    ]);
  });
});

describe('the trapping instruction, read by the monitor, straddles a page boundary', () => {
  it('is read as two halves and emulated (the misaligned ld gives the bytes, little-endian)', () => {
    // The 4-byte ld sits 2 bytes before a 4 KiB boundary (norvc keeps it 4 bytes). Its result decides:
    // ebreak (3) if right, an illegal instruction (2) if wrong.
    const body = `
  la t0, bytes
  j straddle
  .balign 4096
  .space 4094
  .option norvc
straddle:
  ld a0, 1(t0)
  .option rvc
  li t1, 0x0807060504030201
  bne a0, t1, wrong
ok:
  ebreak
wrong:
  unimp`;
    const p = reportPayload(body, '  .section .data\nbytes: .byte 0, 1, 2, 3, 4, 5, 6, 7, 8, 9\n');
    expect(sym(p, 'straddle') % 4096).toBe(4094);
    for (const fw of underEach(p)) expect(fw.run(), fw.name).toBe(report(3, 0, sym(p, 'ok')));
  });
});

/**
 * The monitor reads the trapping instruction with a load through MPRV; can that load fault although the hart
 * has just fetched the same bytes? Only if the translation changed in between, and on one hart nothing runs
 * between the trap and the monitor. But the spec lets a hart keep using a translation it has cached until
 * sfence.vma (privileged spec, 4.2.1), and hartscope's TLB keeps fetch translations apart and flushes on
 * trap entry. So a payload that removes the mapping of the page it runs in and, without sfence.vma, runs a
 * misaligned load there, provokes it: the fetch uses the stale translation, the trap empties the TLB, the
 * monitor's load walks the page table and faults. The payload receives an instruction page fault (12) at
 * the load, as from OpenSBI (sbi_get_insn turns the load fault into a fetch fault).
 * Host SBI differs here, within what the spec allows: it reads the instruction with the hart's fetch before
 * any trap has emptied the TLB, so it gets the stale translation too, emulates the load, and the payload runs
 * on at its alias until a data access there faults.
 */
describe('the trapping instruction can no longer be read: an instruction page fault for the payload', () => {
  // Root entry 3: the gigapage VA 0xc000_0000 -> PA 0x8000_0000 (V R W X A D), an alias of the payload;
  // the code after `alias` runs at its alias, removes root entry 3 (24 = 3 * 8) and loads misaligned.
  const ALIAS = 0x4000_0000;
  const body = `${paging(0)}
  la t0, root_table
  li t1, ((0x80000000 >> 12) << 10) | 0xcf
  sd t1, 24(t0)
  sfence.vma
  la t2, bytes                       # the data by its identity address, which stays mapped
  la t0, alias
  li t1, ${ALIAS}
  add t0, t0, t1
  jr t0
  .balign 256
alias:
  la t0, root_table                  # pc-relative: the root table by its alias address
  sd zero, 24(t0)                    # unmap the alias; no sfence.vma
target:
  ld a0, 1(t2)`;
  const p = reportPayload(body, `${TABLES}  .section .data\nbytes: .byte 0, 1, 2, 3, 4, 5, 6, 7, 8, 9\n`);
  const at = sym(p, 'target') + ALIAS;

  for (const fw of underEach(p, false)) {
    it(`scause 12, stval and sepc = the load's (alias) address (${fw.name})`, () => {
      expect(fw.run()).toBe(report(12, at, at));
    });
  }

  it("the monitor took the misaligned load, then a load page fault reading the instruction at the payload's pc", () => {
    const r = runWithMonitor(p, { config: TRAP });
    expect(mExceptions(r)).toEqual([
      [4, 1],
      [13, M],
    ]);
    const fault = r.traps.find((t) => t.cause === 13 && t.toPriv === M);
    expect(fault && fault.tvalLo >>> 0).toBe(at);
  });
});
