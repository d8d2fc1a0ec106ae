/**
 * MemoryView's virtual mode (issue 5) in Chromium: the "Physical | Virtual (satp)" switch, virtual addresses
 * in the address column, '--' for unmapped pages, the selected byte's walk, following a register with
 * paging on, and writing through the translation. The page tables are faked here (one 4 KiB page at virtual
 * 0x40000000 onto physical 0x80006000); the walk itself is tested in test/emulator/hart/page-walk.test.ts
 * and against QEMU in test/src/worker/session-translation-qemu.test.ts.
 */
import { describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { MemoryView } from '../../../ui/panels/MemoryView';
import {
  describeTranslation,
  pagingOn,
  type AddressSpace,
  type TranslationLike,
} from '../../../ui/panels/memory-model';
import { shoot, Themed } from './shots';

const RAM_BASE = 0x8000_0000n;
const VPAGE = 0x4000_0000n;
const PPAGE = 0x8000_6000n;

function fakeMachine() {
  const ram = new Uint8Array(0x10000);
  ram.set(new TextEncoder().encode('Hello through a virtual page!'), Number(PPAGE - RAM_BASE));
  const reads: AddressSpace[] = [];
  const physical = (a: bigint): number => {
    const off = a - RAM_BASE;
    return off >= 0n && off < BigInt(ram.length) ? Number(off) : -1;
  };
  const toPhysical = (a: bigint, space: AddressSpace): number =>
    space === 'physical' ? physical(a) : a >= VPAGE && a < VPAGE + 4096n ? physical(PPAGE + (a - VPAGE)) : -1;
  const read = vi.fn(async (address: bigint, length: number, space: AddressSpace = 'physical') => {
    reads.push(space);
    const bytes = new Uint8Array(length);
    const readable = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      const off = toPhysical(address + BigInt(i), space);
      if (off < 0) continue;
      bytes[i] = ram[off];
      readable[i] = 1;
    }
    return { bytes, readable };
  });
  const explain = vi.fn(async (va: bigint): Promise<TranslationLike> => {
    const vpn = [Number((va >> 30n) & 0x1ffn), Number((va >> 21n) & 0x1ffn), Number((va >> 12n) & 0x1ffn)];
    const mapped = va >= VPAGE && va < VPAGE + 4096n;
    return {
      va,
      mode: 'sv39',
      priv: 1,
      vpn,
      pa: mapped ? PPAGE + (va - VPAGE) : null,
      pageSize: mapped ? 4096 : null,
      levels: [
        { level: 2, pteAddress: 0x8000_3008n, pte: 0x2000_1001n, flags: '-------V', kind: 'pointer' },
        { level: 1, pteAddress: 0x8000_4000n, pte: 0x2000_1401n, flags: '-------V', kind: 'pointer' },
        mapped
          ? { level: 0, pteAddress: 0x8000_5000n, pte: 0x2000_18c7n, flags: 'DA---WRV', kind: 'leaf' }
          : { level: 0, pteAddress: 0x8000_5008n, pte: 0n, flags: '--------', kind: 'invalid' },
      ],
      fault: mapped ? null : { kind: 'page-fault', reason: 'the level-0 PTE is not valid (V=0)' },
    };
  });
  const writes: [bigint, number, AddressSpace][] = [];
  const onWriteByte = vi.fn(async (a: bigint, v: number, space: AddressSpace = 'physical') => {
    writes.push([a, v, space]);
    const off = toPhysical(a, space);
    if (off >= 0) ram[off] = v;
  });
  return { ram, read, reads, explain, writes, onWriteByte };
}

const rowText = (c: Element, address: string) =>
  [
    ...(c.querySelector(`.hs-mem-row[data-address="${address}"]`)?.querySelectorAll('.hs-mem-byte') ?? []),
  ].map((b) => b.textContent);
const walkText = (c: Element) => c.querySelector('[data-testid="mem-walk"]')?.textContent ?? '';

describe('MemoryView: virtual addresses', () => {
  it('switches to virtual: virtual addresses in the address column, -- for unmapped pages, the walk', async () => {
    const m = fakeMachine();
    const screen = await render(
      <MemoryView read={m.read} explain={m.explain} rows={4} initialAddress={VPAGE - 32n} />,
    );
    // Physical view first: 0x3fffffe0.. is no RAM.
    await expect.poll(() => rowText(screen.container, '3fffffe0')[0]).toBe('--');
    await userEvent.click(screen.getByRole('radio', { name: 'Virtual (satp)' }));
    await expect.element(screen.getByRole('radio', { name: 'Virtual (satp)' })).toBeChecked();
    await expect.poll(() => rowText(screen.container, '40000000')[0]).toBe('48'); // 'H'
    expect(m.reads).toContain('virtual');
    expect(rowText(screen.container, '3ffffff0')).toEqual(Array(16).fill('--'));
    const header = screen.container.querySelector('.hs-mem-row[data-address="40000000"] .hs-mem-addr');
    expect(header?.textContent?.replace(/[_\s]/g, '')).toBe('0000000040000000');
    expect(
      screen.container.querySelector('.hs-mem-row[data-address="40000000"] .hs-mem-ascii')?.textContent,
    ).toMatch(/^Hello through a /);

    // The selected byte's walk, through the keyboard: go to the message's 5th byte.
    const goTo = screen.getByPlaceholder('address or symbol');
    await userEvent.fill(goTo, '0x40000004');
    await userEvent.keyboard('{Enter}');
    await expect.poll(() => walkText(screen.container)).toContain('virtual 0x40000004 → physical 0x80006004');
    expect(walkText(screen.container)).toContain('VPN[2]=1 VPN[1]=0 VPN[0]=0 offset=0x004');
    expect(walkText(screen.container)).toContain('level 0: PTE at 0x80005000 = 0x200018c7 DA---WRV leaf');
    // One page further nothing is mapped, and the walk says why.
    await userEvent.click(screen.getByRole('grid'));
    await userEvent.keyboard('{PageDown}'.repeat(64));
    await expect.poll(() => walkText(screen.container)).toContain('is not mapped');
    expect(walkText(screen.container)).toContain('the level-0 PTE is not valid (V=0)');
  });

  it('following a register with paging on uses the virtual view', async () => {
    const m = fakeMachine();
    const screen = await render(
      <MemoryView
        read={m.read}
        explain={m.explain}
        paging
        rows={4}
        registers={[{ name: 'sp', value: VPAGE + 0x10n }]}
        initialAddress={RAM_BASE}
      />,
    );
    await expect.element(screen.getByText('paging is on')).toBeVisible();
    await screen.getByRole('combobox', { name: /^follow/ }).selectOptions('sp');
    await expect.element(screen.getByRole('radio', { name: 'Virtual (satp)' })).toBeChecked();
    await expect.element(screen.getByTestId('mem-cursor')).toHaveTextContent('0x40000010');
    await expect.poll(() => rowText(screen.container, '40000010')[0]).toBe('76'); // 'v' of "virtual"
    // Back to physical stops following: the register's value is not a physical address.
    await userEvent.click(screen.getByRole('radio', { name: 'Physical' }));
    await expect.element(screen.getByRole('alert')).toMatchTextContent(/registers hold virtual addresses/);
  });

  it('writes through the translation, and refuses an unmapped page with the reason', async () => {
    const m = fakeMachine();
    const screen = await render(
      <MemoryView
        read={m.read}
        explain={m.explain}
        initialSpace="virtual"
        editable
        onWriteByte={m.onWriteByte}
        rows={4}
        initialAddress={VPAGE}
      />,
    );
    await expect.poll(() => rowText(screen.container, '40000000')[0]).toBe('48');
    await userEvent.click(screen.getByRole('grid'));
    await userEvent.keyboard('{Enter}');
    await userEvent.fill(screen.getByRole('textbox', { name: 'new value for the byte at 0x40000000' }), '4a');
    await userEvent.keyboard('{Enter}');
    await expect.poll(() => m.writes).toEqual([[VPAGE, 0x4a, 'virtual']]);
    expect(m.ram[Number(PPAGE - RAM_BASE)]).toBe(0x4a);

    await userEvent.fill(screen.getByPlaceholder('address or symbol'), '0x40001000');
    await userEvent.keyboard('{Enter}');
    await expect.poll(() => walkText(screen.container)).toContain('is not mapped');
    await userEvent.click(screen.getByRole('grid'));
    await userEvent.keyboard('{Enter}');
    await expect
      .element(screen.getByRole('alert'))
      .toMatchTextContent(
        /^cannot write: virtual 0x40001000 is not mapped: the level-0 PTE is not valid \(V=0\) \(S-mode load\)$/,
      );
    expect(m.writes).toHaveLength(1);
  });

  it('pagingOn: Sv39 below M, or M with MPRV and MPP below M; never with satp Bare', () => {
    const sv39 = 8n << 60n;
    expect(pagingOn(sv39, 1, 0n)).toBe(true);
    expect(pagingOn(sv39, 0, 0n)).toBe(true);
    expect(pagingOn(sv39, 3, 0n)).toBe(false);
    expect(pagingOn(sv39, 3, (1n << 17n) | (1n << 11n))).toBe(true); // MPRV, MPP = S
    expect(pagingOn(sv39, 3, (1n << 17n) | (3n << 11n))).toBe(false); // MPRV, MPP = M
    expect(pagingOn(0n, 1, 0n)).toBe(false);
  });

  it('describeTranslation reads like the walk (Bare and M mode too)', () => {
    const base = {
      va: 0x1234n,
      priv: 3,
      vpn: [0, 0, 1],
      pa: 0x1234n,
      pageSize: null,
      levels: [],
      fault: null,
    };
    expect(describeTranslation({ ...base, mode: 'bare' })).toEqual([
      'satp MODE is Bare: virtual = physical (0x1234)',
    ]);
    expect(describeTranslation({ ...base, mode: 'm-mode' })[0]).toMatch(/M mode does not translate/);
  });

  it('looks clear in light and dark (screenshot)', async () => {
    await page.viewport(1000, 900);
    const m = fakeMachine();
    const screen = await render(
      <Themed>
        <MemoryView
          read={m.read}
          explain={m.explain}
          initialSpace="virtual"
          paging
          rows={6}
          initialAddress={VPAGE + 0x1dn - 0x20n}
          registers={[{ name: 'sp', value: VPAGE + 0x10n }]}
        />
      </Themed>,
    );
    await expect
      .poll(() => screen.container.querySelectorAll('[data-testid="mem-walk"] div').length)
      .toBeGreaterThan(4);
    // Select a mapped byte: the walk down to the leaf.
    for (const byte of screen.container.querySelectorAll('.hs-mem-byte[data-address="40000006"]'))
      await userEvent.click(page.elementLocator(byte));
    await expect
      .poll(() =>
        [...screen.container.querySelectorAll('[data-testid="mem-walk"]')].map((w) => w.textContent),
      )
      .toEqual([
        expect.stringContaining('→ physical 0x80006006'),
        expect.stringContaining('→ physical 0x80006006'),
      ]);
    await shoot('memory-virtual');
  });
});
