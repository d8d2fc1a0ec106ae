import { describe, expect, it } from 'vitest';
import { CSR } from '../../../emulator/hart/csr-numbers';
import type { MachineConfig } from '../../../emulator/machine';
import { csrValue, HAVE_GNU_AS, machineFor, NO_GNU_AS_MESSAGE, reg } from './harness';
import { enter, MSTATUS } from './snippets';

/**
 * "Break the ISA" (MachineConfig.breakIsa = 'sret-in-u-is-nop', HART issue 6): sret in U-mode retires as a
 * no-op instead of raising an illegal-instruction exception. Without the option the privileged spec holds:
 * "An attempt to execute SRET in U-mode raises an illegal-instruction exception", with mtval = the faulting
 * instruction's bits. sret's encoding, from the ISA manual's opcode map (funct12 0x102, rs1 0, funct3 0,
 * rd 0, SYSTEM): 0001000_00010_00000_000_00000_1110011 = 0x10200073 (GNU as assembles the same word).
 */
if (!HAVE_GNU_AS) console.warn(NO_GNU_AS_MESSAGE);

const SRET_WORD = 0x10200073n;
const { SIE, SPIE, SPP } = MSTATUS;

/**
 * M sets SPP = S, SPIE = 1, SIE = 0 (a real sret would go to S with SIE = 1), traps to `done` in M, and
 * enters U at `user`: sret, then a marker, then ecall (from U, not delegated: to M at `done`).
 */
const GUEST = `
  la t0, done
  csrw mtvec, t0
  li t0, ${SPP | SPIE}
  csrs mstatus, t0
  li t0, ${SIE}
  csrc mstatus, t0
  ${enter('U', 'user')}
  .align 2
user:
  sret
after_sret:
  addi a0, zero, 42
  ecall
  .align 2
done:
  j done`;

const ENGINES: MachineConfig[] = [{ engine: 'interpreter' }, { engine: 'translator', translateAfter: 1 }];

function runGuest(config: MachineConfig) {
  const { m, symbols } = machineFor(GUEST, config);
  const at = (l: string) => BigInt(symbols.get(l)!);
  m.run(500);
  expect(m.hart.getPc()).toBe(at('done'));
  return { m, at };
}

describe.skipIf(!HAVE_GNU_AS)('break the ISA: sret in U-mode', () => {
  for (const config of ENGINES) {
    it(`${config.engine}: by default sret in U-mode is an illegal instruction (cause 2, tval = its bits)`, () => {
      const { m, at } = runGuest(config);
      expect(csrValue(m, CSR.mcause)).toBe(2n);
      expect(csrValue(m, CSR.mtval)).toBe(SRET_WORD);
      expect(csrValue(m, CSR.mepc)).toBe(at('user'));
      expect(reg(m, 'a0')).not.toBe(42n);
    });

    it(`${config.engine}: with sret-in-u-is-nop it falls through, in U-mode, sstatus unchanged`, () => {
      const { m, at } = runGuest({ ...config, breakIsa: 'sret-in-u-is-nop' });
      // The ecall after it trapped from U-mode (cause 8): the mode did not change.
      expect(csrValue(m, CSR.mcause)).toBe(8n);
      expect(csrValue(m, CSR.mepc)).toBe(at('after_sret') + 4n);
      expect(reg(m, 'a0')).toBe(42n);
      // SPP, SPIE and SIE are as M left them (the trap to M does not touch them).
      const sstatus = csrValue(m, CSR.mstatus);
      expect(sstatus & (SPP | SPIE | SIE)).toBe(SPP | SPIE);
      // It retired, in U-mode: sret and addi (the ecall traps).
      expect(m.retiredByMode.user).toBe(2);
    });
  }

  it('the option can be switched between runs (Machine.breakIsa)', () => {
    const { m, symbols } = machineFor(GUEST, { engine: 'interpreter' });
    m.breakIsa = 'sret-in-u-is-nop';
    m.run(500);
    expect(csrValue(m, CSR.mcause)).toBe(8n);
    m.breakIsa = undefined;
    m.reset();
    m.run(500);
    expect(csrValue(m, CSR.mcause)).toBe(2n);
    expect(m.hart.getPc()).toBe(BigInt(symbols.get('done')!));
  });

  it('sret in S-mode still returns with the option on', () => {
    const { m, symbols } = machineFor(
      `
      la t0, done
      csrw mtvec, t0
      ${enter('S', 'sup')}
    sup:
      la t0, user
      csrw sepc, t0
      sret
    user:
      ecall
      .align 2
    done:
      j done`,
      { engine: 'interpreter', breakIsa: 'sret-in-u-is-nop' },
    );
    m.run(500);
    expect(csrValue(m, CSR.mcause)).toBe(8n); // ecall from U: the sret in S went to U
    expect(csrValue(m, CSR.mepc)).toBe(BigInt(symbols.get('user')!));
  });
});
