import { describe, expect, it } from 'vitest';
import { CSR } from '../../../emulator/hart/csr-numbers';
import { csrValue, HAVE_GNU_AS, NO_GNU_AS_MESSAGE, reg, runTo } from './harness';
import { enter, INTERRUPT, MIP, start } from './snippets';

/**
 * Interrupts, part 2: wfi, external interrupts through the PLIC, vectored trap vectors and the order among
 * delegated interrupts (part 1, interrupts.test.ts, covers the CLINT, delegation, global enables and priority).
 * Interrupts (privileged spec, "Machine Interrupt Registers (mip and mie)", "Machine Trap Delegation
 * Registers", "Machine Timer Registers (mtime and mtimecmp)", "Wait for Interrupt") on the virt board: CLINT
 * msip at 0x2000000, mtimecmp at 0x2004000, mtime at 0x200bff8; PLIC at 0xc000000 with the UART on source 10.
 */
if (!HAVE_GNU_AS) console.warn(NO_GNU_AS_MESSAGE);

describe.skipIf(!HAVE_GNU_AS)('wfi', () => {
  // "The WFI instruction can also be executed when interrupts are disabled ... If an enabled interrupt is
  // present or later becomes present while the hart is stalled, ... execution resumes at the instruction
  // following the WFI (when the interrupt is not taken because of the global enable)". "This works whether or
  // not the global interrupt enable bits are set": wfi waits on mip & mie.
  it('wfi wakes on a pending, locally enabled timer interrupt with MIE = 0 and goes on without a trap', () => {
    const { m, symbols } = start(`
      la t0, trap
      csrw mtvec, t0
      li t0, ${MIP.MTIP}
      csrw mie, t0
      li t0, 0x200bff8
      ld a0, 0(t0)
      li t1, 1000000
      add a1, a0, t1
      li t2, 0x2004000
      sd a1, 0(t2)
      wfi
      ld a2, 0(t0)
      li a3, 1
      j done
    .align 2
    trap:
      li a4, 1
    done: nop`);
    runTo(m, symbols, 'done', 1000);
    expect(reg(m, 'a3')).toBe(1n);
    expect(reg(m, 'a4')).toBe(0n);
    // time skipped forward to the deadline instead of stepping a million times
    expect(reg(m, 'a2')).toBeGreaterThanOrEqual(reg(m, 'a1'));
    expect(reg(m, 'a2') - reg(m, 'a1')).toBeLessThan(10n);
    expect(m.hart.instret).toBeLessThan(100);
  });

  it('wfi with MIE = 1 takes the timer interrupt with mepc = the instruction after the wfi', () => {
    const { m, symbols, at } = start(`
      la t0, done
      csrw mtvec, t0
      li t0, ${MIP.MTIP}
      csrw mie, t0
      csrsi mstatus, 8
      li t0, 0x200bff8
      ld a0, 0(t0)
      addi a1, a0, 500
      li t2, 0x2004000
      sd a1, 0(t2)
      wfi
    after:
      li a3, 1
    .align 2
    done:
      ld a2, 0(t0)`);
    runTo(m, symbols, 'done', 1000);
    m.step();
    expect(csrValue(m, CSR.mcause)).toBe(INTERRUPT | 7n);
    expect(csrValue(m, CSR.mepc)).toBe(at('after'));
    expect(reg(m, 'a3')).toBe(0n);
    expect(reg(m, 'a2')).toBeGreaterThanOrEqual(reg(m, 'a1'));
  });

  it('wfi with nothing that could wake the hart stops the run with reason wfi', () => {
    const { m } = start(`
      wfi
      li a0, 1
    done: nop`);
    expect(m.run(1000)).toEqual({ kind: 'wfi' });
    expect(reg(m, 'a0')).toBe(0n);
  });
});

describe.skipIf(!HAVE_GNU_AS)('external interrupts through the PLIC', () => {
  // PLIC spec: context 0 = hart 0 M-mode (MEIP), context 1 = S-mode (SEIP) on virt; "a claim ... returns the
  // ID of the highest-priority pending interrupt"; the UART is source 10.
  const PLIC_SETUP = (ctx: number): string => `
      li t0, 0x0c000028
      li t1, 1
      sw t1, 0(t0)
      li t0, 0x0c002000 + 0x80 * ${ctx}
      li t1, 1 << 10
      sw t1, 0(t0)
      li t0, 0x10000001
      li t1, 1
      sb t1, 0(t0)`;

  it('UART receive → PLIC context 0 → machine external interrupt; claim returns 10', () => {
    const { m, symbols } = start(`
      la t0, handler
      csrw mtvec, t0
      ${PLIC_SETUP(0)}
      li t0, ${MIP.MEIP}
      csrw mie, t0
      csrsi mstatus, 8
    spin:
      j spin
    .align 2
    handler:
      csrr a0, mcause
      li t0, 0x0c200004
      lw a1, 0(t0)
      li t1, 0x10000000
      lbu a2, 0(t1)
      sw a1, 0(t0)
      csrr a3, mip
    done: nop`);
    m.uart.receive(new Uint8Array([0x5a]));
    runTo(m, symbols);
    expect(reg(m, 'a0')).toBe(INTERRUPT | 11n);
    expect(reg(m, 'a1')).toBe(10n);
    expect(reg(m, 'a2')).toBe(0x5an);
    expect(reg(m, 'a3') & BigInt(MIP.MEIP)).toBe(0n); // byte read and completed: no longer pending
  });

  it('UART receive → PLIC context 1 → supervisor external interrupt taken in S-mode', () => {
    const { m, symbols } = start(`
      la t0, mtrap
      csrw mtvec, t0
      la t0, shandler
      csrw stvec, t0
      ${PLIC_SETUP(1)}
      li t0, ${MIP.SEIP}
      csrw mideleg, t0
      csrw mie, t0
      csrsi mstatus, 2
      ${enter('S', 'spin')}
    spin:
      j spin
    .align 2
    mtrap:
      li s2, 1
      j done
    .align 2
    shandler:
      csrr a0, scause
      li t0, 0x0c201004
      lw a1, 0(t0)
    done: nop`);
    m.uart.receive(new Uint8Array([0x5a]));
    runTo(m, symbols);
    expect(reg(m, 's2')).toBe(0n);
    expect(m.hart.priv).toBe(1);
    expect(reg(m, 'a0')).toBe(INTERRUPT | 9n);
    expect(reg(m, 'a1')).toBe(10n);
  });
});

/**
 * A vector table at `table` (aligned, as a vectored BASE must be): entry i is a 4-byte jump to a stub that sets
 * s2 = i, so s2 tells which entry the trap went to; every stub then goes on to `done`.
 */
const TABLE = `
    .align 8
    table:
    .option push
    .option norvc
    ${Array.from({ length: 12 }, (_, i) => `j vec${i}`).join('\n')}
    .option pop
    ${Array.from({ length: 12 }, (_, i) => `vec${i}: li s2, ${i}\n j done`).join('\n')}
    .align 2
    done: nop`;

describe.skipIf(!HAVE_GNU_AS)('vectored mtvec', () => {
  // "When MODE=Vectored, all synchronous exceptions into machine mode cause the pc to be set to the address in
  // the BASE field, whereas interrupts cause the pc to be set to the address in the BASE field plus four times
  // the interrupt cause number."
  for (const [name, setup, expected] of [
    [
      'machine software interrupt → BASE + 12',
      `li t0, ${MIP.MSIP}\ncsrw mie, t0\nli t0, 0x2000000\nli t1, 1\nsw t1, 0(t0)\ncsrsi mstatus, 8`,
      3n,
    ],
    [
      'machine timer interrupt → BASE + 28',
      `li t0, ${MIP.MTIP}\ncsrw mie, t0\nli t0, 0x2004000\nsd zero, 0(t0)\ncsrsi mstatus, 8`,
      7n,
    ],
    [
      'supervisor software interrupt (not delegated) → BASE + 4',
      `li t0, ${MIP.SSIP}\ncsrw mie, t0\ncsrs mip, t0\ncsrsi mstatus, 8`,
      1n,
    ],
    ['an exception (ecall) → BASE', 'ecall', 0n],
  ] as const) {
    it(name, () => {
      const { m, symbols } = start(`
        la t0, table
        ori t0, t0, 1
        csrw mtvec, t0
        li s2, -1
        ${setup}
        nop
        nop
        j done
        ${TABLE}`);
      runTo(m, symbols);
      expect(reg(m, 's2')).toBe(expected);
    });
  }
});

describe.skipIf(!HAVE_GNU_AS)('supervisor-level priority, SEIP sources and vectored stvec', () => {
  // The same fixed order applies among the interrupts delegated to S-mode: SEI > SSI > STI.
  it('delegated interrupts are taken in S-mode in the order SEI, SSI, STI', () => {
    const { m, symbols } = start(`
      la t0, mtrap
      csrw mtvec, t0
      la t0, shandler
      csrw stvec, t0
      la s0, log
      li t0, ${MIP.SSIP | MIP.STIP | MIP.SEIP}
      csrw mideleg, t0
      csrs mip, t0
      csrw mie, t0
      li t0, 1 << 5
      csrs mstatus, t0
      ${enter('S', 'sbody')}
    sbody:
      csrsi sstatus, 2
    wait:
      csrr t0, sie
      bnez t0, wait
      j done
    .align 2
    shandler:
      csrr t0, scause
      sd t0, 0(s0)
      addi s0, s0, 8
      li t1, 1
      sll t1, t1, t0
      csrc sie, t1
      sret
    .align 2
    mtrap:
      li s2, 1
      j done
    .align 3
    log: .dword 0, 0, 0, 0
    .align 2
    done: nop`);
    runTo(m, symbols);
    expect(reg(m, 's2')).toBe(0n);
    const log = symbols.get('log')! - 0x80000000;
    const view = new DataView(m.ram.bytes.buffer, m.ram.bytes.byteOffset + log, 32);
    expect(Array.from({ length: 4 }, (_, i) => view.getBigUint64(i * 8, true))).toEqual([
      INTERRUPT | 9n,
      INTERRUPT | 1n,
      INTERRUPT | 5n,
      0n,
    ]);
  });

  // mip.SEIP: "SEIP is writable in mip ... the value of SEIP read by a CSR instruction is the logical-OR of the
  // software-writable bit and the interrupt signal from the interrupt controller ... Only the software-writable
  // SEIP bit participates in the read-modify-write sequence of a CSRRS or CSRRC instruction." So a csrs on mip
  // while the PLIC drives SEIP must not latch SEIP into the software bit.
  it('a csrs on mip while the PLIC drives SEIP does not make SEIP stick after the PLIC drops it', () => {
    const { m, symbols } = start(`
      li t0, 0x0c000028
      li t1, 1
      sw t1, 0(t0)
      li t0, 0x0c002080
      li t1, 1 << 10
      sw t1, 0(t0)
      li t0, 0x10000001
      li t1, 1
      sb t1, 0(t0)
      csrr a0, mip
      li t0, ${MIP.SSIP}
      csrs mip, t0
      # claim (the source stops being pending), read the byte (the UART drops its line), complete
      li t0, 0x0c201004
      lw a1, 0(t0)
      li t1, 0x10000000
      lbu a2, 0(t1)
      sw a1, 0(t0)
      csrr a3, mip
    done: nop`);
    m.uart.receive(new Uint8Array([0x33]));
    runTo(m, symbols);
    expect(reg(m, 'a0') & BigInt(MIP.SEIP)).toBe(BigInt(MIP.SEIP));
    expect(reg(m, 'a1')).toBe(10n);
    expect(reg(m, 'a3') & BigInt(MIP.SEIP)).toBe(0n);
    expect(reg(m, 'a3') & BigInt(MIP.SSIP)).toBe(BigInt(MIP.SSIP));
  });

  // stvec has the same MODE field as mtvec: a delegated interrupt goes to BASE + 4 × cause.
  it('vectored stvec: a delegated supervisor timer interrupt goes to BASE + 20', () => {
    const { m, symbols } = start(`
      la t0, mtrap
      csrw mtvec, t0
      la t0, table
      ori t0, t0, 1
      csrw stvec, t0
      li s2, -1
      li t0, ${MIP.STIP}
      csrw mideleg, t0
      csrw mie, t0
      csrs mip, t0
      ${enter('U', 'ubody')}
    ubody:
      nop
      j done
    .align 2
    mtrap:
      li s2, 100
      j done
    ${TABLE}`);
    runTo(m, symbols);
    expect(reg(m, 's2')).toBe(5n);
    expect(m.hart.priv).toBe(1);
  });
});
