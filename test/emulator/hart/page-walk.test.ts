import { describe, expect, it } from 'vitest';
import { RAM_BASE } from '../../../emulator/board/memory-map';
import { CSR } from '../../../emulator/hart/csr-numbers';
import { writeCsr } from '../../../emulator/hart/csr';
import {
  hartWalkInputs,
  PTE_A,
  PTE_D,
  PTE_R,
  PTE_U,
  PTE_V,
  PTE_W,
  PTE_X,
  pteFlags,
  translateForDebug,
  type WalkInputs,
} from '../../../emulator/hart/page-walk';
import { Access, Priv } from '../../../emulator/hart/privilege';
import { Machine } from '../../../emulator/machine';

/**
 * The debug page walk (emulator/hart/page-walk.ts) on hand-built Sv39 tables. Expected physical addresses
 * are worked out from the privileged spec's translation process ("Virtual Address Translation Process":
 * a = satp.PPN × 4096, PTE at a + VPN[i] × 8, pa = PPN × 4096 with a superpage's low VPN fields and the
 * page offset passed through), written out by hand in each case.
 */

const ROOT = 0x8000_1000n;
const L1 = 0x8000_2000n;
const L0 = 0x8000_3000n;
const SATP = (8n << 60n) | (ROOT >> 12n);

/** A PTE: PPN of `pa` in bits 53:10, then the flags. */
const pte = (pa: bigint, flags: bigint): bigint => ((pa >> 12n) << 10n) | flags;

/** RAM as a sparse set of dwords; anything outside 0x8000_0000..0x8800_0000 is not RAM. */
function tables(entries: [bigint, bigint][]): Map<bigint, bigint> {
  return new Map(entries);
}

const RWAD = PTE_V | PTE_R | PTE_W | PTE_A | PTE_D;
const BASE: [bigint, bigint][] = [
  [ROOT + 1n * 8n, pte(L1, PTE_V)], // VA 0x4000_0000.. (VPN[2] = 1) → l1
  [L1 + 1n * 8n, pte(L0, PTE_V)], // VA 0x4020_0000.. (VPN[1] = 1) → l0
  [L0 + 1n * 8n, pte(0x8000_5000n, RWAD)], // VA 0x4020_1000: a 4 KiB page at 0x8000_5000
  [L0 + 3n * 8n, pte(0x8000_6000n, PTE_V | PTE_W)], // W without R
  [L0 + 5n * 8n, pte(0x8000_7000n, RWAD | PTE_U)], // a U page
  [L0 + 6n * 8n, pte(0x8000_8000n, PTE_V | PTE_X | PTE_A)], // execute-only
  [L0 + 7n * 8n, pte(0x8000_9000n, PTE_V)], // a pointer at level 0
  [L1 + 2n * 8n, pte(0x8020_0000n, RWAD)], // VA 0x4040_0000: a 2 MiB page at 0x8020_0000
  [L1 + 4n * 8n, pte(0x8020_1000n, RWAD)], // VA 0x4080_0000: a 2 MiB leaf whose PPN is not 2 MiB-aligned
  [ROOT + 3n * 8n, pte(0x8000_0000n, RWAD | PTE_X)], // VA 0xc000_0000: a 1 GiB page at 0x8000_0000
  [ROOT + 4n * 8n, pte(0x8020_0000n, RWAD)], // VA 0x1_0000_0000: a 1 GiB leaf, PPN not 1 GiB-aligned
];

function inputs(over: Partial<WalkInputs> = {}, entries = BASE): WalkInputs {
  const ram = tables(entries);
  return {
    satp: SATP,
    priv: Priv.S,
    sum: false,
    mxr: false,
    readPte: (pa) => (pa >= 0x8000_0000n && pa < 0x8800_0000n ? (ram.get(pa) ?? 0n) : null),
    ...over,
  };
}

describe('translateForDebug (Sv39)', () => {
  it('a 4 KiB page: three levels, the PTE addresses root+8, l1+8, l0+8, pa = 0x80005000 + offset', () => {
    const t = translateForDebug(inputs(), 0x4020_1234n, 'read');
    expect(t.fault).toBeNull();
    expect(t.mode).toBe('sv39');
    expect(t.pa).toBe(0x8000_5234n);
    expect(t.pageSize).toBe(4096);
    expect(t.levels.map((l) => [l.level, l.vpn, l.pteAddress, l.kind])).toEqual([
      [2, 1, 0x8000_1008n, 'pointer'],
      [1, 1, 0x8000_2008n, 'pointer'],
      [0, 1, 0x8000_3008n, 'leaf'],
    ]);
    expect(pteFlags(t.levels[2].pte!)).toBe('DA---WRV');
  });

  it('a 2 MiB megapage passes VPN[0] and the offset through: 0x40412345 → 0x80212345', () => {
    const t = translateForDebug(inputs(), 0x4041_2345n, 'write');
    expect(t.fault).toBeNull();
    expect(t.pa).toBe(0x8021_2345n);
    expect(t.pageSize).toBe(2 * 1024 * 1024);
    expect(t.levels.map((l) => l.kind)).toEqual(['pointer', 'leaf']);
  });

  it('a 1 GiB gigapage passes VPN[1], VPN[0] and the offset through: 0xc0123456 → 0x80123456', () => {
    const t = translateForDebug(inputs(), 0xc012_3456n, 'execute');
    expect(t.fault).toBeNull();
    expect(t.pa).toBe(0x8012_3456n);
    expect(t.pageSize).toBe(1024 * 1024 * 1024);
    expect(t.levels).toHaveLength(1);
  });

  it('an invalid PTE (V=0) is a page fault at its level', () => {
    const t = translateForDebug(inputs(), 0x4020_2000n, 'read');
    expect(t.pa).toBeNull();
    expect(t.fault?.kind).toBe('page-fault');
    expect(t.fault?.reason).toMatch(/level-0 PTE is not valid/);
    expect(t.levels).toHaveLength(3);
    // An unmapped 1 GiB region stops at the root.
    const top = translateForDebug(inputs(), 0x0n, 'read');
    expect(top.fault?.reason).toMatch(/level-2 PTE is not valid/);
    expect(top.levels).toHaveLength(1);
  });

  it('W without R is reserved: a page fault even for a write', () => {
    const t = translateForDebug(inputs(), 0x4020_3000n, 'write');
    expect(t.fault?.kind).toBe('page-fault');
    expect(t.fault?.reason).toMatch(/W without R/);
  });

  it('a misaligned superpage is a page fault (2 MiB and 1 GiB)', () => {
    const mega = translateForDebug(inputs(), 0x4080_0000n, 'read');
    expect(mega.fault?.reason).toMatch(/misaligned superpage/);
    const giga = translateForDebug(inputs(), 0x1_0000_0000n, 'read');
    expect(giga.fault?.reason).toMatch(/misaligned superpage/);
  });

  it('a non-canonical address (bits 63..39 differ from bit 38) faults before any PTE is read', () => {
    let reads = 0;
    const counting = inputs();
    const read = counting.readPte;
    counting.readPte = (pa) => (reads++, read(pa));
    const t = translateForDebug(counting, 0x0000_0040_0000_0000n, 'read');
    expect(t.fault?.reason).toMatch(/not canonical/);
    expect(t.levels).toEqual([]);
    expect(reads).toBe(0);
    // The top of the space is canonical: walked, VPN[2] = 0x100, unmapped here.
    const high = translateForDebug(inputs(), 0xffff_ffc0_0000_0000n, 'read');
    expect(high.levels[0]).toMatchObject({ vpn: 0x100, pteAddress: ROOT + 0x100n * 8n });
    expect(high.fault?.kind).toBe('page-fault');
  });

  it('U bit against the mode: U needs U pages; S reads U pages only with SUM and never executes them', () => {
    expect(translateForDebug(inputs({ priv: Priv.U }), 0x4020_5010n, 'read').pa).toBe(0x8000_7010n);
    expect(translateForDebug(inputs({ priv: Priv.U }), 0x4020_1000n, 'read').fault?.reason).toMatch(
      /U mode may not use a page without U/,
    );
    expect(translateForDebug(inputs(), 0x4020_5000n, 'read').fault?.reason).toMatch(/SUM=0/);
    expect(translateForDebug(inputs({ sum: true }), 0x4020_5000n, 'write').pa).toBe(0x8000_7000n);
    expect(translateForDebug(inputs({ sum: true }), 0x4020_5000n, 'execute').fault?.reason).toMatch(
      /never executes a U page/,
    );
  });

  it('R/W/X against the access, and MXR makes execute-only pages readable', () => {
    expect(translateForDebug(inputs(), 0x4020_6000n, 'execute').pa).toBe(0x8000_8000n);
    expect(translateForDebug(inputs(), 0x4020_6000n, 'read').fault?.reason).toMatch(/not readable/);
    expect(translateForDebug(inputs({ mxr: true }), 0x4020_6000n, 'read').pa).toBe(0x8000_8000n);
    expect(translateForDebug(inputs(), 0x4020_1000n, 'execute').fault?.reason).toMatch(/not executable/);
  });

  it('a pointer PTE at level 0 is a page fault', () => {
    expect(translateForDebug(inputs(), 0x4020_7000n, 'read').fault?.reason).toMatch(/no leaf/);
  });

  it('a PTE outside RAM is an access fault', () => {
    const t = translateForDebug(inputs({ satp: (8n << 60n) | 0x1n }), 0x1000n, 'read');
    expect(t.fault?.kind).toBe('access-fault');
    expect(t.levels[0].pteAddress).toBe(0x1000n);
  });

  it('satp MODE Bare, or M mode, is the identity', () => {
    const bare = translateForDebug(inputs({ satp: ROOT >> 12n }), 0x8000_1234n, 'read');
    expect(bare).toMatchObject({ mode: 'bare', pa: 0x8000_1234n, levels: [], fault: null });
    const m = translateForDebug(inputs({ priv: Priv.M }), 0x4020_1234n, 'read');
    expect(m).toMatchObject({ mode: 'm-mode', pa: 0x4020_1234n, fault: null });
  });

  it('hartWalkInputs: loads in M mode with MPRV=1 use MPP; fetches use the current mode', () => {
    const mstatus = (1 << 17) | (Priv.S << 11) | (1 << 18);
    const h = {
      priv: Priv.M,
      csr: { mstatus, satpLo: Number(SATP & 0xffff_ffffn), satpHi: Number(SATP >> 32n) },
      dataPrivilege: () => Priv.S,
    };
    const load = hartWalkInputs(h, 'read', () => null);
    expect(load).toMatchObject({ satp: SATP, priv: Priv.S, sum: true, mxr: false });
    expect(hartWalkInputs(h, 'execute', () => null).priv).toBe(Priv.M);
  });
});

describe('translateForDebug on a Machine agrees with the hart and changes nothing', () => {
  it('same physical address or the same fault as the hart MMU, with A/D left alone', () => {
    const m = new Machine({});
    const ram = m.ram.bytes;
    const view = new DataView(ram.buffer, ram.byteOffset, ram.byteLength);
    const off = (pa: bigint): number => Number(pa - BigInt(RAM_BASE));
    // The same tables, but leaves without A and D: the hart's walk sets them, ours must not.
    for (const [pa, v] of BASE) view.setBigUint64(off(pa), v & ~(PTE_A | PTE_D), true);
    const h = m.hart;
    writeCsr(h, CSR.pmpaddr0, -1, -1);
    writeCsr(h, CSR.pmpcfg0, 0x1f, 0);
    writeCsr(h, CSR.satp, Number(SATP & 0xffff_ffffn), Number(SATP >> 32n));
    h.priv = Priv.S;
    h.onAddressingChanged();
    const readPte = (pa: bigint): bigint | null => {
      const o = pa - BigInt(RAM_BASE);
      return o >= 0n && o + 8n <= BigInt(m.ramSize) ? view.getBigUint64(Number(o), true) : null;
    };
    const vas = [
      0x4020_1234n,
      0x4041_2345n,
      0xc012_3456n,
      0x4020_2000n,
      0x4020_3000n,
      0x4080_0000n,
      0x4020_5000n,
    ];
    for (const va of vas) {
      for (const [access, kind] of [
        ['read', Access.Load],
        ['write', Access.Store],
      ] as const) {
        const before = ram.slice(0, 0x10000);
        const t = translateForDebug(hartWalkInputs(h, access, readPte), va, access);
        expect(ram.slice(0, 0x10000)).toEqual(before); // the debug walk wrote nothing
        let hartPa: bigint | null;
        try {
          hartPa = BigInt(h.translate(Number(va & 0xffff_ffffn) | 0, Number(va >> 32n) | 0, kind));
        } catch {
          hartPa = null;
        }
        expect([va, access, t.pa]).toEqual([va, access, hartPa]);
      }
    }
    // The hart's walk did set A (and D for the stores) on the 4 KiB leaf: so the check above can see writes.
    expect(view.getBigUint64(off(L0 + 8n), true) & (PTE_A | PTE_D)).toBe(PTE_A | PTE_D);
  });
});
