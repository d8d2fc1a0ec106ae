/**
 * The CSR decoders against the privileged specification (v1.12). Expected fields are worked out by hand
 * from the spec's register diagrams, written next to each value, never taken from the decoder's output.
 */
import { describe, expect, it } from 'vitest';
import {
  bitRange,
  decodeCause,
  decodeCounteren,
  decodeInterruptBits,
  decodeMstatus,
  decodeSatp,
  decodeSstatus,
  decodeTvec,
  delegatedNames,
  type CsrField,
} from '../../../ui/panels/csr-fields';
import { decodePmpEntries, pmpRange } from '../../../ui/panels/pmp-fields';

const byName = (fields: CsrField[]) => Object.fromEntries(fields.map((f) => [f.name, f.text]));

describe('mstatus and sstatus', () => {
  it('0x0000000a00001880: MPP=M, MPIE=1, UXL=SXL=64, everything else 0', () => {
    // 0x1880 = bit 12 | bit 11 (MPP = 0b11 = M) | bit 7 (MPIE); 0xa_0000_0000 = bit 35 | bit 33
    // (SXL = 0b10, UXL = 0b10: 64-bit).
    const f = byName(decodeMstatus(0x0000000a00001880n));
    expect(f).toMatchObject({ MPP: 'M', MPIE: '1', UXL: '64', SXL: '64' });
    expect(f.SPP).toBe('U'); // SPP = 0: the last trap into S-mode came from U-mode
    for (const zero of [
      'SIE',
      'MIE',
      'SPIE',
      'MPRV',
      'SUM',
      'MXR',
      'TVM',
      'TW',
      'TSR',
      'SD',
      'UBE',
      'SBE',
      'MBE',
    ]) {
      expect(f[zero], zero).toBe('0');
    }
    expect(f).toMatchObject({ FS: 'Off', XS: 'Off', VS: 'Off' });
  });

  it('each single-bit field sits where the spec puts it', () => {
    const positions: [string, number][] = [
      ['SIE', 1],
      ['MIE', 3],
      ['SPIE', 5],
      ['UBE', 6],
      ['MPIE', 7],
      ['SPP', 8],
      ['MPRV', 17],
      ['SUM', 18],
      ['MXR', 19],
      ['TVM', 20],
      ['TW', 21],
      ['TSR', 22],
      ['SBE', 36],
      ['MBE', 37],
      ['SD', 63],
    ];
    for (const [name, bit] of positions) {
      const fields = decodeMstatus(1n << BigInt(bit));
      const set = fields.filter((x) => x.value !== 0n).map((x) => x.name);
      expect(set, name).toEqual([name]);
    }
  });

  it('MPP=S, SPP=S, FS=Dirty with SD, TSR and TW set', () => {
    // MPP = 01 at 12:11 -> 0x800; SPP bit 8 -> 0x100; FS = 11 at 14:13 -> 0x6000; SD bit 63; TW 21; TSR 22.
    const v = (1n << 63n) | 0x6000n | 0x800n | 0x100n | (1n << 21n) | (1n << 22n);
    expect(byName(decodeMstatus(v))).toMatchObject({
      MPP: 'S',
      SPP: 'S',
      FS: 'Dirty',
      SD: '1',
      TW: '1',
      TSR: '1',
    });
    // XS = 01 at 16:15 is "Initial"; FS = 10 is "Clean".
    expect(byName(decodeMstatus((1n << 15n) | (2n << 13n)))).toMatchObject({ XS: 'Initial', FS: 'Clean' });
  });

  it('sstatus shows only the supervisor view (no MPP, MIE, TVM...)', () => {
    const names = decodeSstatus(0n).map((x) => x.name);
    expect(names).toEqual(['SIE', 'SPIE', 'UBE', 'SPP', 'VS', 'FS', 'XS', 'SUM', 'MXR', 'UXL', 'SD']);
    // 0x8000000200006122: SD, UXL=64 (bit 33), FS=Dirty, SPP=S (bit 8), SPIE (bit 5), SIE (bit 1).
    expect(byName(decodeSstatus(0x8000000200006122n))).toMatchObject({
      SD: '1',
      UXL: '64',
      FS: 'Dirty',
      SPP: 'S',
      SPIE: '1',
      SIE: '1',
      SUM: '0',
    });
  });
});

describe('mcause', () => {
  it('names exceptions and interrupts by bit 63 and the code', () => {
    expect(decodeCause(8n)).toEqual({ interrupt: false, code: 8n, name: 'environment call from U-mode' });
    expect(decodeCause(2n).name).toBe('illegal instruction');
    expect(decodeCause(15n).name).toBe('store/AMO page fault');
    expect(decodeCause(0x8000000000000007n)).toEqual({
      interrupt: true,
      code: 7n,
      name: 'machine timer interrupt',
    });
    expect(decodeCause(0x8000000000000009n).name).toBe('supervisor external interrupt');
    expect(decodeCause(10n).name).toBe('reserved (code 10)');
  });
});

describe('trap vectors, satp, interrupt bits, delegation, counters', () => {
  it('mtvec: BASE is bits 63:2, MODE 1:0 (0 Direct, 1 Vectored)', () => {
    expect(byName(decodeTvec(0x80000101n))).toEqual({ BASE: '0x80000100', MODE: 'Vectored' });
    expect(byName(decodeTvec(0x80200000n))).toEqual({ BASE: '0x80200000', MODE: 'Direct' });
  });

  it('satp: MODE 63:60 (8 = Sv39), ASID 59:44, PPN 43:0', () => {
    // Sv39, ASID 5, root page table at 0x8020_3000 (PPN 0x80203).
    const v = (8n << 60n) | (5n << 44n) | 0x80203n;
    const f = decodeSatp(v);
    expect(f.map((x) => [x.name, x.value])).toEqual([
      ['MODE', 8n],
      ['ASID', 5n],
      ['PPN', 0x80203n],
    ]);
    expect(f[0].text).toBe('Sv39');
    expect(f[2].text).toBe('0x80203 (root 0x80203000)');
    expect(decodeSatp(0n)[0].text).toBe('Bare');
    expect(decodeSatp(9n << 60n)[0].text).toBe('Sv48');
  });

  it('mip/mie: SSIP 1, MSIP 3, STIP 5, MTIP 7, SEIP 9, MEIP 11; sip shows the S bits only', () => {
    const f = byName(decodeInterruptBits(0x8a0n, 'IP')); // bits 11, 7, 5
    expect(f).toEqual({ SSIP: '0', MSIP: '0', STIP: '1', MTIP: '1', SEIP: '0', MEIP: '1' });
    expect(byName(decodeInterruptBits(0x202n, 'IE', true))).toEqual({ SSIE: '1', STIE: '0', SEIE: '1' });
  });

  it('medeleg/mideleg list the delegated causes by name', () => {
    // OpenSBI's usual medeleg: 0xb109 = bits 0, 3, 8, 12, 13, 15.
    expect(delegatedNames(0xb109n, 'exceptions')).toEqual([
      'instruction address misaligned',
      'breakpoint',
      'environment call from U-mode',
      'instruction page fault',
      'load page fault',
      'store/AMO page fault',
    ]);
    expect(delegatedNames(0x222n, 'interrupts')).toEqual([
      'supervisor software interrupt',
      'supervisor timer interrupt',
      'supervisor external interrupt',
    ]);
  });

  it('mcounteren: CY 0, TM 1, IR 2', () => {
    expect(byName(decodeCounteren(0x2n))).toEqual({ CY: '0', TM: '1', IR: '0' });
    expect(byName(decodeCounteren(0x7n))).toEqual({ CY: '1', TM: '1', IR: '1' });
  });

  it('bitRange takes inclusive ranges as the spec writes them', () => {
    expect(bitRange(0xf0n, 7, 4)).toBe(0xfn);
    expect(bitRange(-1n, 63, 63)).toBe(1n);
  });
});

describe('PMP', () => {
  it('pmpcfg byte: R 0, W 1, X 2, A 4:3, L 7', () => {
    // Entry 0: 0x1f = NAPOT (A=11) RWX; entry 1: 0x8d = L, TOR (A=01), X, R.
    const [e0, e1] = decodePmpEntries(0x8d1fn, [0x3fffffffffffffn, 0x20000000n], 2);
    expect(e0).toMatchObject({ r: true, w: true, x: true, a: 'NAPOT', l: false });
    expect(e1).toMatchObject({ r: true, w: false, x: true, a: 'TOR', l: true });
  });

  it('NAPOT ranges from the trailing ones (OpenSBI encodes 2 MiB at 0x8000_0000 as 0x2003ffff)', () => {
    // log2(size) = 21: pmpaddr = (0x80000000 >> 2) | ((1 << (21 - 3)) - 1) = 0x20000000 | 0x3ffff.
    expect(pmpRange('NAPOT', 0x2003ffffn, 0n)).toEqual({ first: 0x80000000n, last: 0x801fffffn });
    // 8 bytes: no trailing ones.
    expect(pmpRange('NAPOT', 0x20000000n, 0n)).toEqual({ first: 0x80000000n, last: 0x80000007n });
    // All 54 bits set: the whole 2^56-byte physical space.
    expect(pmpRange('NAPOT', (1n << 54n) - 1n, 0n)).toEqual({ first: 0n, last: (1n << 56n) - 1n });
  });

  it('TOR from the previous entry, NA4 four bytes, OFF nothing', () => {
    expect(pmpRange('TOR', 0x20080000n, 0x20000000n)).toEqual({ first: 0x80000000n, last: 0x801fffffn });
    expect(pmpRange('TOR', 0x20000000n, 0x20000000n)).toBeNull();
    expect(pmpRange('NA4', 0x20000001n, 0n)).toEqual({ first: 0x80000004n, last: 0x80000007n });
    expect(pmpRange('OFF', 0x20000000n, 0n)).toBeNull();
  });
});
