/**
 * The bare-metal program around the generated cases: one assembly file that runs many cases in a row and
 * prints, after each, every integer register and the scratch area through the NS16550A UART, then exits
 * through the SiFive test finisher. The same ELF runs on `qemu-system-riscv64 -machine virt -bios none` and on
 * hartscope, so the two UART texts can be compared byte for byte.
 *
 * Register conventions inside a case body (the generator keeps to them):
 *   gp (x3)  = base of the 256-byte scratch area; never written by a case, used by the harness afterwards.
 *   sp (x2)  = the same address, so the c.*sp forms reach the scratch area; only c.addi16sp touches it, in
 *              pairs that restore it.
 *   every other register starts from a generated 64-bit value and may be written freely.
 *
 * Traps all go to one M-mode handler (medeleg = 0). It prints cause, epc, tval and mstatus.MPP, then resumes:
 * after the faulting instruction (its length read from memory), or, for an instruction access fault, at the
 * address in ra (fetch-fault cases jump with `jalr ra, ...`). A case that runs in S- or U-mode ends with an
 * `ecall` at its exit label; the handler recognises that epc and returns to M-mode just after it.
 */

export type Mode = 'M' | 'S' | 'U';

export interface ExpectedTrap {
  /** The cause the privileged spec requires. */
  cause: number;
  /** What QEMU 7.2 reports instead, where it deviates from the spec (see gen-traps.ts). */
  qemuCause?: number;
}

export interface DiffCase {
  /** Short description, e.g. 'alu' or 'trap'. */
  kind: string;
  /** The seed this case was generated from; `generateCase(kind, seed)` rebuilds it. */
  seed: number;
  mode: Mode;
  /** 32 initial register values (x0, sp and gp are ignored: the harness sets them). */
  regs: bigint[];
  /** Initial contents of the scratch area, SCRATCH_DWORDS values. */
  memory: bigint[];
  /** Assembly lines of the body. */
  body: string[];
  /** The traps the generator means to raise, in order (checked against QEMU's output). */
  expectedTraps: ExpectedTrap[];
}

export const SCRATCH_BYTES = 256;
export const SCRATCH_DWORDS = SCRATCH_BYTES / 8;
const REGSAVE = SCRATCH_BYTES;
const UART = 0x1000_0000;
const FINISHER = 0x10_0000;
/** After this many traps in one case the handler gives up and ends the run (a trap loop, not a hang). */
const TRAP_STORM = 64;
const MPP_FIELD = 0x1800;
const MPP_VALUE: Record<Mode, number> = { M: 0x1800, S: 0x0800, U: 0 };

/** The link address of the whole program (QEMU virt starts a -bios none kernel here). */
export const LINK_ADDRESS = 0x8000_0000;

export const LINKER_SCRIPT = `OUTPUT_ARCH(riscv)
ENTRY(_start)
SECTIONS {
  . = 0x${LINK_ADDRESS.toString(16)};
  .text : { *(.text.init) *(.text*) }
  .rodata : { *(.rodata*) *(.srodata*) }
  .data : ALIGN(16) { *(.data*) *(.sdata*) }
  .bss : ALIGN(4096) { *(.bss*) *(.sbss*) *(COMMON) }
}
`;

const hex = (v: bigint): string => '0x' + BigInt.asUintN(64, v).toString(16);
const pad2 = (n: number): string => n.toString(16).padStart(2, '0');

function regName(i: number): string {
  return `x${String(i).padStart(2, '0')}`;
}

/** Output routines. putc polls LSR.THRE, as a real 16550 driver must. Clobbers only a0-a5, t0, t1. */
const ROUTINES = `
putc:
  li t0, ${hex(BigInt(UART))}
1:
  lbu t1, 5(t0)
  andi t1, t1, 0x20
  beqz t1, 1b
  sb a0, 0(t0)
  ret

# puts: a1 = address of a NUL-terminated string.
puts:
  mv a5, ra
1:
  lbu a0, 0(a1)
  beqz a0, 2f
  jal ra, putc
  addi a1, a1, 1
  j 1b
2:
  jr a5

# puthex: a1 = value, printed as 16 lower-case hex digits.
puthex:
  mv a5, ra
  li a2, 60
1:
  srl a0, a1, a2
  andi a0, a0, 15
  li a3, 10
  blt a0, a3, 2f
  addi a0, a0, 39
2:
  addi a0, a0, 48
  jal ra, putc
  addi a2, a2, -4
  bgez a2, 1b
  jr a5

# init_scratch: a0 = address of ${SCRATCH_DWORDS} dwords to copy into the scratch area.
init_scratch:
  lla t0, scratch
  li t1, ${SCRATCH_DWORDS}
1:
  ld t2, 0(a0)
  sd t2, 0(t0)
  addi a0, a0, 8
  addi t0, t0, 8
  addi t1, t1, -1
  bnez t1, 1b
  ret

finish:
  li t0, ${hex(BigInt(FINISHER))}
  li t1, 0x5555
  sw t1, 0(t0)
1:
  j 1b
`;

function dumpRoutine(): string {
  const lines = [
    '# dump: print the saved registers (scratch+256) and the scratch area.',
    'dump:',
    '  mv s11, ra',
  ];
  for (let i = 1; i < 32; i++) {
    lines.push(`  lla a1, name_${regName(i)}`, '  jal ra, puts', `  ld a1, ${REGSAVE + 8 * i}(gp)`);
    lines.push('  jal ra, puthex', '  li a0, 10', '  jal ra, putc');
  }
  for (let j = 0; j < SCRATCH_DWORDS; j++) {
    lines.push(`  lla a1, name_m${pad2(8 * j)}`, '  jal ra, puts', `  ld a1, ${8 * j}(gp)`);
    lines.push('  jal ra, puthex', '  li a0, 10', '  jal ra, putc');
  }
  lines.push('  jr s11');
  return lines.join('\n');
}

function saveAll(base: string, offset: number): string[] {
  const lines: string[] = [];
  for (let i = 1; i < 32; i++) lines.push(`  sd x${i}, ${offset + 8 * i}(${base})`);
  return lines;
}

function handler(): string {
  const save = [];
  const restore = [];
  for (let i = 1; i < 32; i++) {
    if (i === 2) continue;
    save.push(`  sd x${i}, ${8 * i}(sp)`);
    restore.push(`  ld x${i}, ${8 * i}(sp)`);
  }
  return `
  .balign 4
trap_entry:
  csrrw sp, mscratch, sp
  addi sp, sp, -256
${save.join('\n')}
  csrr s1, mcause
  csrr s2, mepc
  csrr s3, mtval
  csrr s4, mstatus
  # An ecall at the current case's exit label is the harness returning to M-mode, not a trap under test.
  lla t0, exit_pc
  ld t0, 0(t0)
  bne s2, t0, report
  li t0, 8
  beq s1, t0, back_to_m
  li t0, 9
  beq s1, t0, back_to_m
  j report
back_to_m:
  li t0, ${MPP_FIELD}
  csrs mstatus, t0
  addi s2, s2, 4
  csrw mepc, s2
  j restore
report:
  lla t0, trap_count
  ld t1, 0(t0)
  addi t1, t1, 1
  sd t1, 0(t0)
  li t0, ${TRAP_STORM}
  blt t1, t0, 1f
  lla a1, msg_storm
  jal ra, puts
  j finish
1:
  lla a1, msg_trap
  jal ra, puts
  mv a1, s1
  jal ra, puthex
  lla a1, msg_epc
  jal ra, puts
  mv a1, s2
  jal ra, puthex
  lla a1, msg_tval
  jal ra, puts
  mv a1, s3
  jal ra, puthex
  lla a1, msg_mpp
  jal ra, puts
  srli a0, s4, 11
  andi a0, a0, 3
  addi a0, a0, 48
  jal ra, putc
  li a0, 10
  jal ra, putc
  # Instruction access fault: resume at the link address the faulting jump left in ra.
  li t0, 1
  bne s1, t0, 2f
  ld s2, 8(sp)
  csrw mepc, s2
  j restore
2:
  # Skip the faulting instruction: 4 bytes if its low bits are 11, else 2.
  lhu t0, 0(s2)
  andi t0, t0, 3
  li t1, 3
  li t2, 2
  bne t0, t1, 3f
  li t2, 4
3:
  add s2, s2, t2
  csrw mepc, s2
restore:
${restore.join('\n')}
  addi sp, sp, 256
  csrrw sp, mscratch, sp
  mret
`;
}

function caseCode(c: DiffCase, n: number): string {
  const lines = [
    `case_${n}:`,
    `  lla a1, banner_${n}`,
    '  jal ra, puts',
    `  lla a0, mem_${n}`,
    '  jal ra, init_scratch',
  ];
  lines.push(c.mode === 'M' ? '  li t0, 0' : `  lla t0, exit_${n}`, '  lla t1, exit_pc', '  sd t0, 0(t1)');
  lines.push('  lla t1, trap_count', '  sd zero, 0(t1)');
  if (c.mode !== 'M') {
    lines.push(`  lla t0, body_${n}`, '  csrw mepc, t0', `  li t0, ${MPP_FIELD}`, '  csrc mstatus, t0');
    if (MPP_VALUE[c.mode] !== 0) lines.push(`  li t0, ${MPP_VALUE[c.mode]}`, '  csrs mstatus, t0');
  }
  lines.push('  lla gp, scratch', '  mv sp, gp', `  lla x31, regs_${n}`);
  for (let i = 1; i < 32; i++) if (i !== 2 && i !== 3) lines.push(`  ld x${i}, ${8 * i}(x31)`);
  if (c.mode !== 'M') lines.push('  mret');
  lines.push(
    `body_${n}:`,
    '  .option push',
    ...c.body.map((l) => (l.endsWith(':') ? l : '  ' + l)),
    '  .option pop',
  );
  lines.push(`exit_${n}:`);
  if (c.mode !== 'M') lines.push('  ecall');
  lines.push(...saveAll('gp', REGSAVE), '  jal ra, dump');
  return lines.join('\n');
}

function caseData(c: DiffCase, n: number): string {
  const dwords = (vals: bigint[]): string[] => vals.map((v) => `  .dword ${hex(v)}`);
  return [
    `banner_${n}: .asciz "case ${n}\\n"`,
    '  .balign 8',
    `regs_${n}:`,
    ...dwords(c.regs),
    `mem_${n}:`,
    ...dwords(c.memory),
  ].join('\n');
}

/** The whole assembly source for one ELF running `cases` in order. */
export function buildProgram(cases: DiffCase[]): string {
  const names: string[] = [];
  for (let i = 1; i < 32; i++) names.push(`name_${regName(i)}: .asciz "${regName(i)}="`);
  for (let j = 0; j < SCRATCH_DWORDS; j++) names.push(`name_m${pad2(8 * j)}: .asciz "m${pad2(8 * j)}="`);
  return `# Generated by test/diff/harness.ts; do not edit.
  .option norelax
  .option norvc
  .section .text.init
  .globl _start
_start:
  lla t0, trap_entry
  csrw mtvec, t0
  lla t0, handler_stack_top
  csrw mscratch, t0
  csrw medeleg, zero
  csrw mideleg, zero
  csrw mie, zero
  csrw satp, zero
  # PMP: one NAPOT entry over all of memory, RWX, so S- and U-mode may touch what M-mode may.
  li t0, -1
  csrw pmpaddr0, t0
  li t0, 0x1f
  csrw pmpcfg0, t0
${cases.map((c, n) => caseCode(c, n)).join('\n')}
  j finish

  .text
${ROUTINES}
${dumpRoutine()}
${handler()}

  .section .rodata
${names.join('\n')}
msg_trap: .asciz "trap c="
msg_epc: .asciz " e="
msg_tval: .asciz " v="
msg_mpp: .asciz " p="
msg_storm: .asciz "trap storm: giving up\\n"
${cases.map((c, n) => caseData(c, n)).join('\n')}

  .data
  .balign 8
exit_pc: .dword 0
trap_count: .dword 0

  .bss
  .balign 4096
scratch: .space ${2 * SCRATCH_BYTES}
  .balign 16
handler_stack: .space 1024
handler_stack_top:
`;
}
