import { describe, expect, it } from 'vitest';
import { CSR } from '../../../emulator/hart/csr-numbers';
import { csrValue, HAVE_GNU_AS, NO_GNU_AS_MESSAGE, reg } from './harness';
import { expectNoTrap, expectTrapInM, runIn, type Mode, type Outcome } from './snippets';

/**
 * Physical memory protection (privileged spec, "Physical Memory Protection"). pmpNcfg: R 1, W 2, X 4,
 * A (bits 4:3: OFF 0, TOR 1, NA4 2, NAPOT 3), L 0x80. pmpaddr holds address bits 55:2.
 * "If no PMP entry matches an M-mode access, the access succeeds. If no PMP entry matches an S-mode or U-mode
 * access, but at least one PMP entry is implemented, the access fails."
 */
if (!HAVE_GNU_AS) console.warn(NO_GNU_AS_MESSAGE);

const TOR = 0x08;
const NA4 = 0x10;
const NAPOT = 0x18;
const L = 0x80;

/** The 4 KiB-aligned data page after the code; s0 points at it. */
const DATA_PAGE = `
  .align 12
  data: .dword 0x1111111111111111, 0x2222222222222222, 0x3333333333333333, 0x4444444444444444
    .zero 4096 - 32`;

/**
 * `setup` runs in M-mode (it programs the PMP; `data` is a 4 KiB-aligned page after the code), then `body`
 * runs in `mode`; traps go to `done` in M-mode.
 */
const run = (mode: Mode, setup: string, body: string): Outcome =>
  runIn(mode, body, `la s0, data\n${setup}`, { openPmp: false, after: DATA_PAGE });

/** Entry 0: TOR over [0, data) with RWX, so the code may run in S/U. */
const CODE_ENTRY = 'srli t0, s0, 2\ncsrw pmpaddr0, t0';
const cfg = (...bytes: number[]): string =>
  `li t0, 0x${bytes
    .map((b, i) => BigInt(b) << BigInt(8 * i))
    .reduce((a, b) => a | b, 0n)
    .toString(16)}\ncsrw pmpcfg0, t0`;

describe.skipIf(!HAVE_GNU_AS)('PMP for S and U modes', () => {
  it('with no PMP entry programmed, the first S-mode (or U-mode) fetch is an instruction access fault', () => {
    for (const mode of ['S', 'U'] as const) {
      const r = run(mode, '', 'nop');
      expectTrapInM(r.m, 1n, r.at('body'), r.at('body'));
      expect(r.m.hart.priv).toBe(3);
      expect((csrValue(r.m, CSR.mstatus) >> 11n) & 3n).toBe(mode === 'S' ? 1n : 0n);
    }
  });

  it('a NAPOT entry over all of memory with RWX opens everything', () => {
    const r = run(
      'U',
      'li t0, -1\ncsrw pmpaddr0, t0\n' + cfg(NAPOT | 7),
      'ld a1, 8(s0)\nsd a1, 16(s0)\nld a2, 16(s0)',
    );
    expectNoTrap(r.m);
    expect(reg(r.m, 'a2')).toBe(0x2222222222222222n);
  });

  it('TOR regions: code [0, data) RWX, [data, data+16) read-only, the rest nothing', () => {
    const setup = `${CODE_ENTRY}\naddi t0, s0, 16\nsrli t0, t0, 2\ncsrw pmpaddr1, t0\n${cfg(TOR | 7, TOR | 1)}`;
    const ok = run('S', setup, 'ld a1, 8(s0)');
    expectNoTrap(ok.m);
    expect(reg(ok.m, 'a1')).toBe(0x2222222222222222n);
    const store = run('S', setup, 'fault: sd a1, 8(s0)');
    expectTrapInM(store.m, 7n, store.at('data') + 8n, store.at('fault'));
    const beyond = run('S', setup, 'fault: lw a1, 16(s0)');
    expectTrapInM(beyond.m, 5n, beyond.at('data') + 16n, beyond.at('fault'));
    const amo = run('S', setup, 'fault: amoadd.d a1, a1, (s0)');
    expectTrapInM(amo.m, 7n, amo.at('data'));
  });

  it('a NA4 region covers exactly 4 bytes; an access that only partly matches an entry fails', () => {
    const setup = `${CODE_ENTRY}\naddi t0, s0, 8\nsrli t0, t0, 2\ncsrw pmpaddr1, t0\n${cfg(TOR | 7, NA4 | 3)}`;
    const ok = run('U', setup, 'lw a1, 8(s0)\nsw a1, 8(s0)\nlhu a2, 10(s0)');
    expectNoTrap(ok.m);
    expect(reg(ok.m, 'a1')).toBe(0x22222222n);
    expect(reg(ok.m, 'a2')).toBe(0x2222n);
    // "If the PMP entry matches all bytes of an access, then the L, R, W, and X bits determine whether the
    // access succeeds or fails. ... If the PMP entry matches some but not all bytes of the access, the access
    // fails" (and with no match at all, an S/U access fails too).
    const partial = run('U', setup, 'fault: ld a1, 8(s0)');
    expectTrapInM(partial.m, 5n, partial.at('data') + 8n);
    const next = run('U', setup, 'fault: lw a1, 12(s0)');
    expectTrapInM(next.m, 5n, next.at('data') + 12n);
  });

  // "PMP entries are statically prioritized. The lowest-numbered PMP entry that matches any byte of an access
  // determines whether that access succeeds or fails."
  it('the lowest-numbered matching entry decides', () => {
    const setup = `${CODE_ENTRY}\naddi t0, s0, 8\nsrli t0, t0, 2\ncsrw pmpaddr1, t0\nli t0, -1\ncsrw pmpaddr2, t0\n${cfg(TOR | 7, NA4 | 1, NAPOT | 7)}`;
    const r = run('S', setup, 'sd a0, 0(s0)\nfault: sw a0, 8(s0)');
    expectTrapInM(r.m, 7n, r.at('data') + 8n);
    expect(r.m.ram.bytes[Number(r.at('data')) - 0x80000000]).toBe(0x55); // the first store went through
  });
});

describe.skipIf(!HAVE_GNU_AS)('PMP and M-mode', () => {
  it('an unlocked entry does not restrict M-mode', () => {
    const r = run(
      'M',
      `addi t0, s0, 8\nsrli t0, t0, 2\ncsrw pmpaddr0, t0\n${cfg(NA4)}`,
      'sw a0, 8(s0)\nlw a1, 8(s0)',
    );
    expectNoTrap(r.m);
    expect(reg(r.m, 'a1')).toBe(0x55n);
  });

  // "When the L bit is set, these permissions are enforced for all privilege modes."
  it('a locked read-only entry makes M-mode stores fault and leaves M-mode loads working', () => {
    const setup = `srli t0, s0, 2\nori t0, t0, 0x1ff\ncsrw pmpaddr0, t0\n${cfg(L | NAPOT | 1)}`;
    const r = run('M', setup, 'ld a1, 0(s0)\nfault: sd a0, 0(s0)');
    expectTrapInM(r.m, 7n, r.at('data'), r.at('fault'));
    expect(reg(r.m, 'a1')).toBe(0x1111111111111111n);
  });

  it('M-mode still has access where no entry matches, even with a locked entry elsewhere', () => {
    const setup = `srli t0, s0, 2\nori t0, t0, 0x1ff\ncsrw pmpaddr0, t0\n${cfg(L | NAPOT | 1)}`;
    const r = run('M', setup, 'la t1, done\nlw a1, 0(t1)\nsw a1, -4(s0)');
    expectNoTrap(r.m);
  });

  // "Locked PMP entries remain locked until the hart is reset. If PMP entry i is locked, writes to pmpicfg and
  // pmpaddri are ignored. Additionally, if PMP entry i is locked and pmpicfg.A is set to TOR, writes to
  // pmpaddri-1 are ignored."
  it('locked entries ignore writes to their cfg and address (and a locked TOR entry freezes the one below)', () => {
    const r = run(
      'M',
      `li t0, 0x1000\ncsrw pmpaddr0, t0\nli t0, 0x2000\ncsrw pmpaddr1, t0\n${cfg(0, L | TOR | 1)}
      li t0, 0x3000
      csrw pmpaddr0, t0
      csrw pmpaddr1, t0
      ${cfg(NA4 | 7, NAPOT | 7)}
      csrr a1, pmpcfg0
      csrr a2, pmpaddr0
      csrr a3, pmpaddr1`,
      '',
    );
    expectNoTrap(r.m);
    expect(reg(r.m, 'a1') & 0xffffn).toBe(BigInt(((L | TOR | 1) << 8) | (NA4 | 7)));
    expect(reg(r.m, 'a2')).toBe(0x1000n);
    expect(reg(r.m, 'a3')).toBe(0x2000n);
  });
});

describe.skipIf(!HAVE_GNU_AS)('PMP WARL fields', () => {
  // "The R, W, and X fields ... The combination R=0 and W=1 is reserved"; pmpaddr holds bits 55:2 of the
  // address, so on RV64 its bits 63:54 are zero.
  it('pmpaddr keeps 54 bits; a cfg with W=1, R=0 does not read back as W=1, R=0', () => {
    const r = run(
      'M',
      `li t0, -1\ncsrw pmpaddr0, t0\ncsrr a1, pmpaddr0\n${cfg(NAPOT | 2)}\ncsrr a2, pmpcfg0`,
      '',
    );
    expectNoTrap(r.m);
    expect(reg(r.m, 'a1')).toBe((1n << 54n) - 1n);
    expect(reg(r.m, 'a2') & 3n).not.toBe(2n);
  });

  // "For RV64, ... the odd-numbered configuration registers, pmpcfg1, pmpcfg3, ..., pmpcfg15, are illegal."
  it('pmpcfg1 and pmpcfg3 do not exist on RV64 (illegal instruction)', () => {
    for (const insn of ['csrr a1, pmpcfg1', 'csrw pmpcfg3, zero']) {
      const r = run('M', '', `fault: ${insn}`);
      expect(csrValue(r.m, CSR.mcause)).toBe(2n);
      expect(csrValue(r.m, CSR.mepc)).toBe(r.at('fault'));
    }
  });
});
