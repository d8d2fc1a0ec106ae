import { describe, expect, it } from 'vitest';
import { CSR } from '../../../emulator/hart/csr-numbers';
import { csrValue, HAVE_GNU_AS, NO_GNU_AS_MESSAGE, reg, runTo } from './harness';
import { enter, INTERRUPT, MIP, start } from './snippets';

/**
 * Interrupts (privileged spec, "Machine Interrupt Registers (mip and mie)", "Machine Trap Delegation
 * Registers", "Machine Timer Registers (mtime and mtimecmp)", "Wait for Interrupt") on the virt board: CLINT
 * msip at 0x2000000, mtimecmp at 0x2004000, mtime at 0x200bff8; PLIC at 0xc000000 with the UART on source 10.
 */
if (!HAVE_GNU_AS) console.warn(NO_GNU_AS_MESSAGE);

describe.skipIf(!HAVE_GNU_AS)('machine software and timer interrupts from the CLINT', () => {
  // "MSIP ... written by accesses to memory-mapped control registers"; on virt, bit 0 of the word at
  // 0x2000000. The trap is taken before the next instruction: mepc = the instruction after the store.
  // "mcause ... The Interrupt bit in the mcause register is set if the trap was caused by an interrupt."
  it('writing msip = 1 with MSIE and MIE set interrupts before the next instruction', () => {
    const { m, symbols, at } = start(`
      la t0, done
      csrw mtvec, t0
      li t0, ${MIP.MSIP}
      csrw mie, t0
      csrsi mstatus, 8
      li t0, 0x2000000
      li t1, 1
      sw t1, 0(t0)
    next:
      li a0, 1
    .align 2
    done: nop`);
    runTo(m, symbols);
    expect(csrValue(m, CSR.mcause)).toBe(INTERRUPT | 3n);
    expect(csrValue(m, CSR.mepc)).toBe(at('next'));
    expect(reg(m, 'a0')).toBe(0n);
    expect(csrValue(m, CSR.mip) & BigInt(MIP.MSIP)).toBe(BigInt(MIP.MSIP));
    // MPIE holds the MIE that was set, MIE is cleared, MPP = M
    const s = csrValue(m, CSR.mstatus);
    expect([(s >> 3n) & 1n, (s >> 7n) & 1n, (s >> 11n) & 3n]).toEqual([0n, 1n, 3n]);
  });

  it('clearing msip clears mip.MSIP', () => {
    const { m, symbols } = start(`
      li t0, 0x2000000
      li t1, 1
      sw t1, 0(t0)
      csrr a0, mip
      sw zero, 0(t0)
      csrr a1, mip
      lw a2, 0(t0)
    done: nop`);
    runTo(m, symbols);
    expect(reg(m, 'a0') & BigInt(MIP.MSIP)).toBe(BigInt(MIP.MSIP));
    expect(reg(m, 'a1') & BigInt(MIP.MSIP)).toBe(0n);
    expect(reg(m, 'a2')).toBe(0n);
  });

  // "A machine timer interrupt becomes pending whenever mtime contains a value greater than or equal to
  // mtimecmp". DESIGN.md: mtime advances one tick per step, so an instruction that reads mtime = T is the
  // T-th step. With mtimecmp = T + 10, the step reading T + 10 completes with MTIP rising, and the next step
  // (T + 11) takes the interrupt: the ld is step T, addi T+1, sd T+2, the counting addi's T+3 .. T+10.
  it('the timer interrupt is taken at exactly the step after mtime reaches mtimecmp', () => {
    const { m, symbols, at } = start(`
      la t0, done
      csrw mtvec, t0
      li t0, ${MIP.MTIP}
      csrw mie, t0
      csrsi mstatus, 8
      li t0, 0x200bff8
      li t1, 0x2004000
      li a1, 0
      ld a0, 0(t0)
      addi a2, a0, 10
      sd a2, 0(t1)
      ${Array.from({ length: 8 }, () => 'addi a1, a1, 1').join('\n')}
    ninth:
      ${Array.from({ length: 8 }, () => 'addi a1, a1, 1').join('\n')}
    .align 2
    done:
      ld a3, 0(t0)`);
    runTo(m, symbols);
    expect(csrValue(m, CSR.mcause)).toBe(INTERRUPT | 7n);
    expect(reg(m, 'a1')).toBe(8n);
    expect(csrValue(m, CSR.mepc)).toBe(at('ninth'));
    expect(csrValue(m, CSR.mip) & BigInt(MIP.MTIP)).toBe(BigInt(MIP.MTIP));
  });

  it('MTIP follows mtimecmp: writing a later mtimecmp clears it', () => {
    const { m, symbols } = start(`
      li t0, 0x2004000
      sd zero, 0(t0)
      nop
      csrr a0, mip
      li t1, -1
      sd t1, 0(t0)
      nop
      csrr a1, mip
    done: nop`);
    runTo(m, symbols);
    expect(reg(m, 'a0') & BigInt(MIP.MTIP)).toBe(BigInt(MIP.MTIP));
    expect(reg(m, 'a1') & BigInt(MIP.MTIP)).toBe(0n);
  });

  // mtime is writable ("mtime ... a 64-bit memory-mapped machine-mode read-write register"); the time CSR
  // shows it. One tick per step (DESIGN.md): the rdtime right after the store reads the value written + 1.
  it('writing mtime moves time; the time CSR follows', () => {
    const { m, symbols } = start(`
      li t0, 0x200bff8
      li t1, 0x123456789
      sd t1, 0(t0)
      rdtime a0
      ld a1, 0(t0)
    done: nop`);
    runTo(m, symbols);
    expect(reg(m, 'a0')).toBe(0x12345678an);
    expect(reg(m, 'a1')).toBe(0x12345678bn);
  });

  // mip.MTIP and MSIP are read-only in mip: "MTIP is read-only in mip, and is cleared by writing to the
  // memory-mapped machine-mode timer compare register"; MSIP likewise follows the CLINT.
  it('MSIP, MTIP and MEIP cannot be set by writing mip', () => {
    const { m, symbols } = start(`
      li t0, ${MIP.MSIP | MIP.MTIP | MIP.MEIP}
      csrs mip, t0
      csrr a0, mip
    done: nop`);
    runTo(m, symbols);
    expect(reg(m, 'a0')).toBe(0n);
  });
});

describe.skipIf(!HAVE_GNU_AS)('supervisor interrupts, delegation and global enables', () => {
  // "If supervisor interrupts are delegated (mideleg), they are taken in S-mode: scause has the interrupt bit
  // set, sepc = the interrupted instruction". sip.SSIP / STIP are set here by M-mode writing mip.
  for (const [name, bit, code] of [
    ['software', MIP.SSIP, 1n],
    ['timer', MIP.STIP, 5n],
    ['external', MIP.SEIP, 9n],
  ] as const) {
    it(`a delegated supervisor ${name} interrupt pending in mip is taken in S-mode when SIE = 1`, () => {
      const { m, symbols, at } = start(`
        la t0, done
        csrw mtvec, t0
        csrw stvec, t0
        li t0, ${bit}
        csrw mideleg, t0
        csrw mie, t0
        csrs mip, t0
        csrsi mstatus, 2
        ${enter('S', 'sbody')}
      sbody:
        li a0, 1
      .align 2
      done: nop`);
      runTo(m, symbols);
      expect(m.hart.priv).toBe(1);
      expect(csrValue(m, CSR.scause)).toBe(INTERRUPT | code);
      expect(csrValue(m, CSR.sepc)).toBe(at('sbody'));
      expect(reg(m, 'a0')).toBe(0n);
      const s = csrValue(m, CSR.sstatus);
      expect([(s >> 1n) & 1n, (s >> 5n) & 1n, (s >> 8n) & 1n]).toEqual([0n, 1n, 1n]); // SIE 0, SPIE 1, SPP S
      expect(csrValue(m, CSR.mcause)).toBe(0n);
    });
  }

  // "Interrupts for higher-privilege modes ... are always globally enabled" when running in a lower mode;
  // "interrupts for lower-privilege modes ... are always globally disabled" in a higher mode. An interrupt i
  // traps to M-mode if it is not delegated, even in S-mode with SIE = 0 or when it is a supervisor interrupt.
  it('a non-delegated supervisor software interrupt in S-mode is taken in M even with MIE = 0 and SIE = 0', () => {
    const { m, symbols, at } = start(`
      la t0, done
      csrw mtvec, t0
      csrw stvec, t0
      li t0, ${MIP.SSIP}
      csrw mie, t0
      csrs mip, t0
      ${enter('S', 'sbody')}
    sbody:
      li a0, 1
    .align 2
    done: nop`);
    runTo(m, symbols);
    expect(m.hart.priv).toBe(3);
    expect(csrValue(m, CSR.mcause)).toBe(INTERRUPT | 1n);
    expect(csrValue(m, CSR.mepc)).toBe(at('sbody'));
  });

  it('a machine software interrupt is taken in U-mode with MIE = 0', () => {
    const { m, symbols, at } = start(`
      la t0, done
      csrw mtvec, t0
      li t0, ${MIP.MSIP}
      csrw mie, t0
      li t0, 0x2000000
      li t1, 1
      sw t1, 0(t0)
      ${enter('U', 'ubody')}
    ubody:
      li a0, 1
    .align 2
    done: nop`);
    runTo(m, symbols);
    expect(csrValue(m, CSR.mcause)).toBe(INTERRUPT | 3n);
    expect(csrValue(m, CSR.mepc)).toBe(at('ubody'));
    expect((csrValue(m, CSR.mstatus) >> 11n) & 3n).toBe(0n);
  });

  it('in M-mode with MIE = 0 a pending machine interrupt waits; setting MIE takes it', () => {
    const { m, symbols, at } = start(`
      la t0, done
      csrw mtvec, t0
      li t0, ${MIP.MSIP}
      csrw mie, t0
      li t0, 0x2000000
      li t1, 1
      sw t1, 0(t0)
      li a0, 1
      li a1, 2
      csrsi mstatus, 8
    after:
      li a2, 3
    .align 2
    done: nop`);
    runTo(m, symbols);
    expect([reg(m, 'a0'), reg(m, 'a1'), reg(m, 'a2')]).toEqual([1n, 2n, 0n]);
    expect(csrValue(m, CSR.mcause)).toBe(INTERRUPT | 3n);
    expect(csrValue(m, CSR.mepc)).toBe(at('after'));
  });

  it('a delegated interrupt is never taken in M-mode, even with MIE = SIE = 1', () => {
    const { m, symbols } = start(`
      la t0, trap
      csrw mtvec, t0
      csrw stvec, t0
      li t0, ${MIP.SSIP | MIP.STIP}
      csrw mideleg, t0
      csrw mie, t0
      csrs mip, t0
      csrsi mstatus, 10
      li a0, 1
      li a0, 2
      j done
    .align 2
    trap:
      li a1, 1
    done: nop`);
    runTo(m, symbols);
    expect(reg(m, 'a0')).toBe(2n);
    expect(reg(m, 'a1')).toBe(0n);
  });

  it('a delegated interrupt waits in S-mode while SIE = 0 and is taken in U-mode regardless of SIE', () => {
    const { m, symbols, at } = start(`
      la t0, done
      csrw mtvec, t0
      csrw stvec, t0
      li t0, ${MIP.SSIP}
      csrw mideleg, t0
      csrw mie, t0
      csrs mip, t0
      ${enter('S', 'sbody')}
    sbody:
      li a0, 1
      li t0, 1 << 8
      csrc sstatus, t0
      la t0, ubody
      csrw sepc, t0
      sret
    ubody:
      li a1, 1
    .align 2
    done: nop`);
    runTo(m, symbols);
    expect(reg(m, 'a0')).toBe(1n);
    expect(reg(m, 'a1')).toBe(0n);
    expect(m.hart.priv).toBe(1);
    expect(csrValue(m, CSR.scause)).toBe(INTERRUPT | 1n);
    expect(csrValue(m, CSR.sepc)).toBe(at('ubody'));
    expect((csrValue(m, CSR.sstatus) >> 8n) & 1n).toBe(0n); // SPP = U
  });
});

describe.skipIf(!HAVE_GNU_AS)('interrupt priority', () => {
  // "Multiple simultaneous interrupts destined for M-mode are handled in the following decreasing priority
  // order: MEI, MSI, MTI, SEI, SSI, STI." All six are made pending at once (MEI through the PLIC from the
  // UART, MSI and MTI through the CLINT, the supervisor ones by writing mip), none delegated; the handler
  // records mcause, masks that interrupt in mie and returns.
  it('MEI > MSI > MTI > SEI > SSI > STI', () => {
    const { m, symbols } = start(`
      la t0, handler
      csrw mtvec, t0
      la s0, log
      # PLIC: source 10 priority 1, enabled for context 0 (M-mode), threshold 0
      li t0, 0x0c000028
      li t1, 1
      sw t1, 0(t0)
      li t0, 0x0c002000
      li t1, 1 << 10
      sw t1, 0(t0)
      # UART: interrupt on received data
      li t0, 0x10000001
      li t1, 1
      sb t1, 0(t0)
      # CLINT: msip = 1, mtimecmp = 0
      li t0, 0x2000000
      sw t1, 0(t0)
      li t0, 0x2004000
      sd zero, 0(t0)
      li t0, ${MIP.SSIP | MIP.STIP | MIP.SEIP}
      csrs mip, t0
      li t0, 0xaaa
      csrw mie, t0
      csrsi mstatus, 8
      nop
    wait:
      csrr t0, mie
      bnez t0, wait
      j done
    .align 2
    handler:
      csrr t0, mcause
      sd t0, 0(s0)
      addi s0, s0, 8
      li t1, 1
      sll t1, t1, t0
      csrc mie, t1
      mret
    .align 3
    log: .dword 0, 0, 0, 0, 0, 0, 0
    .align 2
    done: nop`);
    m.uart.receive(new Uint8Array([0x41]));
    runTo(m, symbols);
    const log = symbols.get('log')! - 0x80000000;
    const view = new DataView(m.ram.bytes.buffer, m.ram.bytes.byteOffset + log, 56);
    const causes = Array.from({ length: 7 }, (_, i) => view.getBigUint64(i * 8, true));
    expect(causes).toEqual([11n, 3n, 7n, 9n, 1n, 5n, 0n].map((c) => (c === 0n ? 0n : INTERRUPT | c)));
  });

  // Privileged spec: interrupts for M-mode are taken before those delegated to S-mode when both are enabled
  // (the S ones are globally disabled while in M, the handler runs in M).
  it('in U-mode, an M-level timer interrupt wins over a delegated supervisor software interrupt', () => {
    const { m, symbols } = start(`
      la t0, done
      csrw mtvec, t0
      csrw stvec, t0
      li t0, ${MIP.SSIP}
      csrw mideleg, t0
      csrs mip, t0
      li t0, ${MIP.SSIP | MIP.MTIP}
      csrw mie, t0
      li t0, 0x2004000
      sd zero, 0(t0)
      ${enter('U', 'ubody')}
    ubody:
      li a0, 1
    .align 2
    done: nop`);
    runTo(m, symbols);
    expect(m.hart.priv).toBe(3);
    expect(csrValue(m, CSR.mcause)).toBe(INTERRUPT | 7n);
    expect(csrValue(m, CSR.scause)).toBe(0n);
  });
});
