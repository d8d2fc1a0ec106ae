/**
 * The memory view by virtual address (issue 5): the session reads and writes memory through the hart's
 * current translation and explains one translation, on firmware/examples/paging.elf stopped where paging is
 * on. Addresses come from the ELF's own symbols; the page-table layout is the one paging.S builds
 * (root[1] -> l1[0] -> l0[0] -> vpage for virtual 0x40000000, l0[1] -> vpage2 once the fault is handled).
 */
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadElf } from '../../../emulator/loader/elf';
import { EmulatorSession } from '../../../src/worker/emulator-session';

const ELF = new Uint8Array(
  readFileSync(new URL('../../../firmware/examples/paging.elf', import.meta.url).pathname),
);
const symbols = new Map(loadElf(ELF).symbols.map((s) => [s.name, BigInt(s.address)]));
const sym = (name: string): bigint => {
  const a = symbols.get(name);
  if (a === undefined) throw new Error(`paging.elf has no symbol ${name}`);
  return a;
};
const text = (b: Uint8Array): string => new TextDecoder().decode(b);
const MESSAGE = 'Hello through a virtual page!';

/** A session with paging.elf under the host SBI, stopped at paging_done (S-mode, paging on). */
async function pagingOn(): Promise<EmulatorSession> {
  const s = new EmulatorSession({ ramSize: 1 << 24 });
  await s.setFirmware({ kind: 'host' });
  const r = await s.loadElf(ELF, 'paging.elf');
  expect(r.ok).toBe(true);
  const status = await s.runTo(sym('paging_done'));
  expect(status).toEqual({ kind: 'paused', cause: 'run-to' });
  expect((await s.getState()).priv).toBe(1);
  return s;
}

describe('memory by virtual address (paging.elf, paging on)', () => {
  let s: EmulatorSession;
  beforeEach(async () => {
    s = await pagingOn();
  });

  it('reads the message at virtual 0x40000000, the same bytes as at vpage physically', async () => {
    const v = await s.readMemory(0x4000_0000n, MESSAGE.length, 'virtual');
    expect(v.address).toBe(0x4000_0000n);
    expect(text(v.bytes)).toBe(MESSAGE);
    expect([...v.readable].every((r) => r === 1)).toBe(true);
    const p = await s.readMemory(sym('vpage'), MESSAGE.length, 'physical');
    expect(text(p.bytes)).toBe(MESSAGE);
    // The physical read of the virtual address is not the message: 0x40000000 is no RAM at all.
    const raw = await s.readMemory(0x4000_0000n, 4);
    expect([...raw.readable]).toEqual([0, 0, 0, 0]);
  });

  it('unmapped pages read as not readable, also across a page boundary', async () => {
    const r = await s.readMemory(0x4000_1ff8n, 16, 'virtual');
    expect([...r.readable]).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    const none = await s.readMemory(0x4000_2000n, 64, 'virtual');
    expect(none.readable.every((x) => x === 0)).toBe(true);
    // A non-canonical address neither throws nor reads.
    const odd = await s.readMemory(0x0000_0040_0000_0000n, 8, 'virtual');
    expect(odd.readable.every((x) => x === 0)).toBe(true);
  });

  it('explains a translation: three levels, the PTE addresses, flags and the physical address', async () => {
    const t = await s.explainTranslation(0x4000_0010n);
    expect(t.mode).toBe('sv39');
    expect(t.priv).toBe(1);
    expect(t.satp).toBe((8n << 60n) | (sym('root') >> 12n));
    expect(t.vpn).toEqual([1, 0, 0]);
    expect(t.pa).toBe(sym('vpage') + 0x10n);
    expect(t.pageSize).toBe(4096);
    expect(t.levels.map((l) => [l.level, l.pteAddress, l.kind, l.flags])).toEqual([
      [2, sym('root') + 8n, 'pointer', '-------V'],
      [1, sym('l1'), 'pointer', '-------V'],
      [0, sym('l0'), 'leaf', 'DA---WRV'],
    ]);
    // The identity gigapage that holds the program itself.
    const g = await s.explainTranslation(sym('paging_done'), 'execute');
    expect(g).toMatchObject({ pa: sym('paging_done'), pageSize: 1 << 30, fault: null });
    expect(g.levels[0].flags).toBe('DA--XWRV');
  });

  it('explains a fault: the walk stops at the invalid PTE and says why', async () => {
    const t = await s.explainTranslation(0x4000_2000n);
    expect(t.pa).toBeNull();
    expect(t.fault).toEqual({ kind: 'page-fault', reason: 'the level-0 PTE is not valid (V=0)' });
    expect(t.levels[2]).toMatchObject({ pteAddress: sym('l0') + 16n, pte: 0n, kind: 'invalid' });
    const w = await s.explainTranslation(0x4000_0000n, 'execute');
    expect(w.fault?.reason).toMatch(/not executable/);
  });

  it('writes through the translation while paused, and refuses an unmapped page', async () => {
    expect(await s.writeMemory(0x4000_0000n, new Uint8Array([0x4a]), 'virtual')).toEqual({ ok: true });
    expect(text((await s.readMemory(sym('vpage'), 5)).bytes)).toBe('Jello');
    const refused = await s.writeMemory(0x4000_1ffen, new Uint8Array([1, 2, 3, 4]), 'virtual');
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error).toMatch(/virtual 0x40002000 is not mapped RAM: .*not valid/);
    // Nothing of the refused write landed, not even the bytes on the mapped page.
    expect([...(await s.readMemory(0x4000_1ffen, 2, 'virtual')).bytes]).toEqual([0, 0]);
  });

  it('reading and explaining change nothing in the guest (page tables, registers)', async () => {
    const tables = (await s.readMemory(sym('root'), 3 * 4096)).bytes;
    const before = await s.getState();
    await s.readMemory(0x4000_0000n, 8192, 'virtual');
    await s.explainTranslation(0x4000_1000n, 'write');
    expect((await s.readMemory(sym('root'), 3 * 4096)).bytes).toEqual(tables);
    const after = await s.getState();
    expect(after.pc).toBe(before.pc);
    expect(after.instructionsRetired).toBe(before.instructionsRetired);
  });
});

describe('memory by virtual address without paging', () => {
  it('before satp is written (Bare), virtual reads are physical reads', async () => {
    const s = new EmulatorSession({ ramSize: 1 << 24 });
    await s.setFirmware({ kind: 'host' });
    await s.loadElf(ELF, 'paging.elf');
    const at = sym('_start');
    const v = await s.readMemory(at, 16, 'virtual');
    const p = await s.readMemory(at, 16, 'physical');
    expect(v.bytes).toEqual(p.bytes);
    expect(v.readable).toEqual(p.readable);
    expect((await s.explainTranslation(at)).mode).toBe('bare');
  });
});
