/**
 * Disassembly follows the hart's fetches (issue 5): with satp Sv39 and the hart in S mode, disassemble()
 * reads instruction bytes through the page tables (execute access, nothing changed), so code that runs at a
 * virtual address that is not identity-mapped is shown; M mode disassembles physically. The guest is built
 * here with the GNU assembler and linker, and GNU objdump's listing of the same code, shifted to the alias
 * address (--adjust-vma), is the oracle for the text.
 *
 * The guest (M mode, bare firmware) maps, through root[511] -> l1[0] -> l0:
 *   V + 0x0000 -> alias_code (R X), V + 0x1000 -> data_page (R W, not executable),
 *   V + 0x2000 -> half1, V + 0x3000 -> half2 (R X): the physical pages are not adjacent (gap lies between),
 *   and the last two bytes of half1 with the first two of half2 make `addi a0,a0,1` (0x00150513).
 * It then sets satp and mrets to V in S mode, where it loops.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EmulatorSession } from '../../../src/worker/emulator-session';
import { hasTool, run, toolMissingMessage } from '../../helpers/tools';

const AS = 'riscv64-unknown-elf-as';
const LD = 'riscv64-unknown-elf-ld';
const OBJDUMP = 'riscv64-unknown-elf-objdump';
const NM = 'riscv64-unknown-elf-nm';
const TOOLS = [AS, LD, OBJDUMP, NM].every(hasTool);
if (!TOOLS) console.warn(toolMissingMessage(OBJDUMP));

const V = 0xffff_ffff_c000_0000n;

const SOURCE = `  .option norvc
  .equ V, 0xffffffffc0000000
  .macro leaf table, index, page, flags
  la t1, \\page
  srli t1, t1, 12
  slli t1, t1, 10
  ori t1, t1, \\flags
  la t2, \\table
  sd t1, (\\index * 8)(t2)
  .endm
  .text
  .globl _start
_start:
  li t0, -1
  csrw pmpaddr0, t0
  li t0, 0x1f
  csrw pmpcfg0, t0
  la t0, root
  li t1, (0x80000 << 10) | 0xcf
  sd t1, 16(t0)
  la t1, l1
  srli t1, t1, 12
  slli t1, t1, 10
  ori t1, t1, 1
  li t2, 511 * 8
  add t2, t0, t2
  sd t1, 0(t2)
  la t1, l0
  srli t1, t1, 12
  slli t1, t1, 10
  ori t1, t1, 1
  la t2, l1
  sd t1, 0(t2)
  leaf l0, 0, alias_code, 0x4b
  leaf l0, 1, data_page, 0xc7
  leaf l0, 2, half1, 0x4b
  leaf l0, 3, half2, 0x4b
  la t0, root
  srli t0, t0, 12
  li t1, 8 << 60
  or t0, t0, t1
  csrw satp, t0
  sfence.vma
  li t0, 3 << 11
  csrc mstatus, t0
  li t0, 1 << 11
  csrs mstatus, t0
  li t0, V
  csrw mepc, t0
  .globl paging_on
paging_on:
  mret

  .balign 4096
  .globl alias_code
alias_code:
  li a0, 1
  lla a1, whole
  j spin
whole:
  addi a0, a0, 1
spin:
  ld a2, 0(a1)
  bnez a0, spin
  ebreak
alias_end:

  .balign 4096
data_page:
  .fill 1024, 4, 0x00000013

half1:
  .fill 1023, 4, 0x00000013
  .2byte 0x0001
  .2byte 0x0513
gap:
  .fill 1024, 4, 0
half2:
  .2byte 0x0015
  .2byte 0x0001
  .fill 1023, 4, 0x00000013
  .balign 4096
root: .fill 4096, 1, 0
l1: .fill 4096, 1, 0
l0: .fill 4096, 1, 0
`;

const LINK = `OUTPUT_ARCH(riscv)
ENTRY(_start)
SECTIONS { . = 0x80000000; .text : { *(.text*) } }
`;

let elf = '';
let bytes = new Uint8Array(0);
const sym = new Map<string, bigint>();

/**
 * objdump's lines for [start, stop) as [address, text]. Its `<symbol>` names are left out when the listing is
 * shifted (`adjust`): it names the shifted addresses after the unshifted symbols.
 */
function objdump(start: bigint, stop: bigint, adjust = 0n): [bigint, string][] {
  const args = ['-d', `--start-address=0x${start.toString(16)}`, `--stop-address=0x${stop.toString(16)}`];
  if (adjust !== 0n) args.push(`--adjust-vma=0x${BigInt.asUintN(64, adjust).toString(16)}`);
  const out: [bigint, string][] = [];
  for (const line of run(OBJDUMP, [...args, elf]).stdout.split('\n')) {
    const m = /^\s*([0-9a-f]+):\t[0-9a-f]+\s+\t(.*)$/.exec(line);
    if (m) out.push([BigInt(`0x${m[1]}`), (adjust === 0n ? m[2] : m[2].replace(/ <[^>]*>/g, '')).trimEnd()]);
  }
  return out;
}

async function stoppedAt(where: 'paging_on' | 'alias'): Promise<EmulatorSession> {
  const s = new EmulatorSession({ ramSize: 1 << 20 });
  await s.setFirmware({ kind: 'bare' });
  const r = await s.loadElf(bytes, 'alias.elf');
  expect(r.ok, r.ok ? '' : r.error).toBe(true);
  expect(await s.runTo(sym.get('paging_on')!)).toEqual({ kind: 'paused', cause: 'run-to' });
  if (where === 'alias') {
    await s.step(); // mret to V in S mode
    await s.step(3); // li a0; auipc a1; addi a1: a little way into the alias
  }
  return s;
}

describe.skipIf(!TOOLS)("disassembly through the hart's instruction translation", () => {
  beforeAll(() => {
    const dir = mkdtempSync(join(tmpdir(), 'vdis-'));
    writeFileSync(join(dir, 'alias.S'), SOURCE);
    writeFileSync(join(dir, 'link.ld'), LINK);
    run(AS, [
      '-march=rv64imac_zicsr_zifencei',
      '-mabi=lp64',
      '-o',
      join(dir, 'alias.o'),
      join(dir, 'alias.S'),
    ]);
    elf = join(dir, 'alias.elf');
    run(LD, ['--no-relax', '-T', join(dir, 'link.ld'), '-o', elf, join(dir, 'alias.o')]);
    bytes = new Uint8Array(readFileSync(elf));
    for (const line of run(NM, [elf]).stdout.split('\n')) {
      const m = /^([0-9a-f]+) \w (\w+)$/.exec(line);
      if (m) sym.set(m[2], BigInt(`0x${m[1]}`));
    }
  });

  it('in S mode at the alias, disassemble(pc) reads through the page tables and matches objdump', async () => {
    const s = await stoppedAt('alias');
    const state = await s.getState();
    expect(state.priv).toBe(1);
    expect(state.pc).toBe(V + 12n);
    const code = sym.get('alias_code')!;
    const expected = objdump(V, V + (sym.get('alias_end')! - code), V - code);
    expect(expected.length).toBe(8);
    const lines = await s.disassemble(V, expected.length);
    expect(lines.map((l) => [l.address, l.text])).toEqual(expected);
    // From pc itself, as the page asks for it (the default space is what the hart fetches through).
    const atPc = await s.disassemble(state.pc, 1);
    expect(atPc[0].text).toBe(expected[3][1]);
    expect(atPc[0].word).toBe(0x0080006f);
    // The same address read physically is no memory at all.
    const physical = await s.disassemble(V, 2, 'physical');
    expect(physical.map((l) => [l.word, l.text])).toEqual([
      [null, '(not memory)'],
      [null, '(not memory)'],
    ]);
    // Reading changed nothing: the hart goes on from pc as before.
    expect((await s.getState()).pc).toBe(V + 12n);
  });

  it("shows a page that is not executable as such, with the walk's reason", async () => {
    const s = await stoppedAt('alias');
    const lines = await s.disassemble(V + 0x1000n, 2);
    for (const l of lines) {
      expect(l.word).toBeNull();
      expect(l.text).toBe('(not executable: the page is not executable (X=0) for S mode)');
    }
    // Past the mapped pages: the walk stops at an invalid PTE.
    const unmapped = await s.disassemble(V + 0x4000n, 1);
    expect(unmapped[0]).toMatchObject({
      word: null,
      text: '(not executable: the level-0 PTE is not valid (V=0))',
    });
  });

  it('reads each half of an instruction that straddles a page boundary through its own translation', async () => {
    const s = await stoppedAt('alias');
    const whole = objdump(sym.get('whole')!, sym.get('whole')! + 4n);
    const [line] = await s.disassemble(V + 0x2ffen, 1);
    expect(line).toMatchObject({ address: V + 0x2ffen, word: 0x0015_0513, length: 4, text: whole[0][1] });
    // Physically the next page is `gap` (zeros): a different instruction.
    const [raw] = await s.disassemble(sym.get('half1')! + 0xffen, 1, 'physical');
    expect(raw.word).toBe(0x0000_0513);
  });

  it('in M mode with paging set up, disassembles physically (fetches in M mode are not translated)', async () => {
    const s = await stoppedAt('paging_on');
    const state = await s.getState();
    expect(state.priv).toBe(3);
    const code = sym.get('alias_code')!;
    const expected = objdump(code, sym.get('alias_end')!);
    const lines = await s.disassemble(code, expected.length);
    expect(lines.map((l) => [l.address, l.text])).toEqual(expected);
    expect(lines[0].label).toBe('alias_code');
    const alias = await s.disassemble(V, 1);
    expect(alias[0]).toMatchObject({ word: null, text: '(not memory)' });
    // Asked to fetch as S mode would (a trap's epc from S mode, while the hart sits in M mode): the alias's
    // code through the page tables, as objdump lists it at the alias, and the hart is still in M mode.
    const fromS = objdump(V, V + (sym.get('alias_end')! - code), V - code);
    const asS = await s.disassemble(V, fromS.length, 'virtual', 1);
    expect(asS.map((l) => [l.address, l.text])).toEqual(fromS);
    expect((await s.getState()).priv).toBe(3);
  });
});
