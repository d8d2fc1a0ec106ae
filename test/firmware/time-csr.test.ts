/**
 * The machine option timeCsr: 'absent' removes the `time` CSR as on cores that leave it to firmware: a read
 * is an illegal instruction in every mode, M-mode included and whatever mcounteren says.
 */
import { describe, expect, it } from 'vitest';
import { assemble } from '../../emulator/asm/assembler';
import { Machine } from '../../emulator/machine';

/** Bare metal in M-mode: read time, exit 0 if that worked; the trap handler exits with mcause instead. */
const SOURCE = `
  .globl _start
_start:
  la t0, handler
  csrw mtvec, t0
  li t0, 7
  csrw mcounteren, t0
  csrr a0, time
  li a0, 0
  j exit
  .balign 4
handler:
  csrr a0, mcause
  csrr a1, mtval
exit:
  slli a0, a0, 16
  li t1, 0x3333
  or a0, a0, t1
  li t0, 0x100000
  sw a0, 0(t0)
1:
  j 1b
`;

function runWith(timeCsr: 'absent' | 'provided'): { code: number; mtval: bigint } {
  const r = assemble(SOURCE, { file: 't.S' });
  if (!r.image) throw new Error(r.errors.map((e) => e.message).join('\n'));
  const m = new Machine({ timeCsr });
  m.load(r.image);
  const stop = m.run(1000);
  if (stop.kind !== 'exit') throw new Error(`did not exit: ${stop.kind}`);
  return { code: stop.code, mtval: m.hart.getReg(11) };
}

describe("timeCsr: 'absent'", () => {
  it('M-mode reads time without a trap by default', () => {
    expect(runWith('provided').code).toBe(0);
  });

  it('makes csrr a0, time an illegal instruction (cause 2) even in M-mode, mtval = the instruction', () => {
    // csrrs a0, time, x0 = 0xc01 << 20 | 2 << 12 | 10 << 7 | 0x73.
    expect(runWith('absent')).toEqual({
      code: 2,
      mtval: BigInt(((0xc01 << 20) | (2 << 12) | (10 << 7) | 0x73) >>> 0),
    });
  });
});
