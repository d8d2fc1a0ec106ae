/** MemoryView in Chromium: virtualisation over 4 GiB, unmapped bytes, changes, go to, follow, editing. */
import { describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { MemoryView } from '../../../ui/panels/MemoryView';
import { shoot, Themed } from './shots';

const RAM_BASE = 0x80000000n;
const FOUR_GIB = 1n << 32n;

/** 64 KiB of RAM at 0x8000_0000, nothing mapped anywhere else; records every read. */
function fakeMemory() {
  const ram = new Uint8Array(0x10000);
  for (let i = 0; i < ram.length; i++) ram[i] = i & 0xff;
  ram.set(new TextEncoder().encode('Hello, RISC-V!'), 0x1000);
  const reads: [bigint, number][] = [];
  const read = vi.fn(async (address: bigint, length: number) => {
    reads.push([address, length]);
    const off = address - RAM_BASE;
    if (off < 0n || off + BigInt(length) > BigInt(ram.length)) return null;
    return ram.slice(Number(off), Number(off) + length);
  });
  return { ram, read, reads };
}

const rowAddresses = (c: Element) =>
  [...c.querySelectorAll('.hs-mem-row')].map((r) => r.getAttribute('data-address'));
const rowText = (c: Element, address: string) =>
  [
    ...(c.querySelector(`.hs-mem-row[data-address="${address}"]`)?.querySelectorAll('.hs-mem-byte') ?? []),
  ].map((b) => b.textContent);

describe('MemoryView', () => {
  it('renders only the visible rows of a 4 GiB space and reads only them', async () => {
    const mem = fakeMemory();
    const screen = await render(
      <MemoryView read={mem.read} end={FOUR_GIB} rows={16} initialAddress={RAM_BASE} />,
    );
    await expect.poll(() => rowText(screen.container, '80000000')[1]).toBe('01');
    expect(screen.container.querySelectorAll('.hs-mem-row')).toHaveLength(16);
    expect(Math.max(...mem.reads.map(([, n]) => n))).toBeLessThanOrEqual(256);
    // Ctrl+End goes to the last byte of the space: the window's last row is 0xffff_fff0.
    await userEvent.click(screen.getByRole('grid'));
    await userEvent.keyboard('{Control>}{End}{/Control}');
    await expect.element(screen.getByTestId('mem-cursor')).toHaveTextContent('0xffffffff');
    const rows = rowAddresses(screen.container);
    expect(rows).toHaveLength(16);
    expect(rows[15]).toBe('fffffff0');
    expect(rows[0]).toBe('ffffff00');
    await expect.poll(() => rowText(screen.container, 'fffffff0')[0]).toBe('--');
  });

  it('shows -- where nothing is mapped and ASCII beside the hex', async () => {
    const mem = fakeMemory();
    // Two rows below RAM (unmapped), the rest in RAM: the window read fails, rows are read one by one.
    const screen = await render(
      <MemoryView read={mem.read} end={FOUR_GIB} rows={4} initialAddress={RAM_BASE - 32n} />,
    );
    await expect.poll(() => rowText(screen.container, '80000000')[15]).toBe('0f');
    expect(rowText(screen.container, '7fffffe0')).toEqual(Array(16).fill('--'));
    await userEvent.click(screen.getByRole('grid'));
    const input = screen.getByPlaceholder('address or symbol');
    await userEvent.fill(input, '0x8000_1000');
    await userEvent.keyboard('{Enter}');
    await expect
      .poll(
        () =>
          screen.container.querySelector('.hs-mem-row[data-address="80001000"] .hs-mem-ascii')?.textContent,
      )
      .toBe('Hello, RISC-V!..');
  });

  it('highlights the bytes that changed since the last pause', async () => {
    const mem = fakeMemory();
    const view = (generation: number) => (
      <MemoryView read={mem.read} end={FOUR_GIB} rows={2} initialAddress={RAM_BASE} generation={generation} />
    );
    const screen = await render(view(0));
    await expect.poll(() => rowText(screen.container, '80000000')[3]).toBe('03');
    expect(screen.container.querySelectorAll('.hs-mem-byte.hs-changed')).toHaveLength(0);
    mem.ram[3] = 0xaa;
    mem.ram[17] = 0xbb;
    await screen.rerender(view(1));
    await expect.poll(() => rowText(screen.container, '80000000')[3]).toBe('aa');
    const changed = [...screen.container.querySelectorAll('.hs-mem-byte.hs-changed')].map((b) =>
      b.getAttribute('data-address'),
    );
    expect(changed).toEqual(['80000003', '80000011']);
  });

  it('goes to a symbol, and says so when the input is neither symbol nor address', async () => {
    const mem = fakeMemory();
    const symbols = [{ name: 'message', address: 0x80001000n }];
    const screen = await render(<MemoryView read={mem.read} end={FOUR_GIB} rows={4} symbols={symbols} />);
    const input = screen.getByPlaceholder('address or symbol');
    await userEvent.fill(input, 'message');
    await userEvent.keyboard('{Enter}');
    await expect.element(screen.getByTestId('mem-cursor')).toHaveTextContent('0x80001000');
    expect(rowAddresses(screen.container)[0]).toBe('80001000');
    await userEvent.fill(input, 'nosuchthing');
    await userEvent.keyboard('{Enter}');
    await expect.element(screen.getByRole('alert')).toMatchTextContent(/no symbol named "nosuchthing"/);
    await userEvent.fill(input, '0x1_0000_0000');
    await userEvent.keyboard('{Enter}');
    await expect.element(screen.getByRole('alert')).toMatchTextContent(/outside this view/);
  });

  it('follows a register: the byte it points at stays in view and is marked', async () => {
    const mem = fakeMemory();
    const view = (sp: bigint) => (
      <MemoryView
        read={mem.read}
        end={FOUR_GIB}
        rows={4}
        registers={[
          { name: 'pc', value: RAM_BASE },
          { name: 'sp', value: sp },
        ]}
      />
    );
    const screen = await render(view(0x80008008n));
    await screen.getByRole('combobox', { name: /^follow/ }).selectOptions('sp');
    await expect.element(screen.getByTestId('mem-cursor')).toHaveTextContent('0x80008008');
    await expect
      .poll(() => screen.container.querySelector('.hs-mem-followed')?.getAttribute('data-address'))
      .toBe('80008008');
    await screen.rerender(view(0x80004000n));
    await expect
      .poll(() => screen.container.querySelector('.hs-mem-followed')?.getAttribute('data-address'))
      .toBe('80004000');
    expect(rowAddresses(screen.container)).toContain('80004000');
  });

  it('edits a byte while paused with the keyboard, and refuses bad input', async () => {
    const mem = fakeMemory();
    const onWriteByte = vi.fn();
    const screen = await render(
      <MemoryView
        read={mem.read}
        end={FOUR_GIB}
        rows={4}
        initialAddress={RAM_BASE}
        editable
        onWriteByte={onWriteByte}
      />,
    );
    await expect.poll(() => rowText(screen.container, '80000010')[0]).toBe('10');
    // Click the first byte (0x8000_0000), then move with the keyboard to 0x8000_0012.
    await userEvent.click(
      page.elementLocator(screen.container.querySelector('.hs-mem-byte[data-address="80000000"]')!),
    );
    await userEvent.keyboard('{ArrowDown}{ArrowRight}{ArrowRight}');
    await expect.element(screen.getByTestId('mem-cursor')).toHaveTextContent('0x80000012');
    await userEvent.keyboard('{Enter}');
    const input = screen.getByRole('textbox', { name: 'new value for the byte at 0x80000012' });
    await userEvent.fill(input, 'zz');
    await userEvent.keyboard('{Enter}');
    await expect.element(screen.getByRole('alert')).toMatchTextContent(/not a number/);
    await userEvent.fill(input, '1ff');
    await userEvent.keyboard('{Enter}');
    await expect.element(screen.getByRole('alert')).toMatchTextContent(/does not fit in 8 bits/);
    await userEvent.fill(input, 'ab');
    await userEvent.keyboard('{Enter}');
    expect(onWriteByte.mock.calls).toEqual([[0x80000012n, 0xab]]);
    await expect.poll(() => rowText(screen.container, '80000010')[2]).toBe('ab');
  });

  it('refuses to edit while the machine runs', async () => {
    const mem = fakeMemory();
    const onWriteByte = vi.fn();
    const running = await render(
      <MemoryView
        read={mem.read}
        end={FOUR_GIB}
        rows={2}
        initialAddress={RAM_BASE}
        onWriteByte={onWriteByte}
      />,
    );
    await userEvent.click(running.getByRole('grid'));
    await userEvent.keyboard('{Enter}');
    await expect.element(running.getByRole('alert')).toHaveTextContent('pause the machine to edit memory');
  });

  it('looks like a debugger in light and dark', async () => {
    await page.viewport(1000, 900);
    const mem = fakeMemory();
    const view = (generation: number) => (
      <Themed>
        <MemoryView
          read={mem.read}
          end={FOUR_GIB}
          rows={10}
          initialAddress={0x80000fe0n}
          generation={generation}
          registers={[{ name: 'sp', value: 0x80001008n }]}
        />
      </Themed>
    );
    const screen = await render(view(0));
    await expect
      .poll(() => screen.container.querySelectorAll('.hs-mem-row[data-address="80000fe0"]').length)
      .toBe(2);
    mem.ram[0x1005] = 0x5f;
    await screen.rerender(view(1));
    await expect.poll(() => screen.container.querySelectorAll('.hs-mem-byte.hs-changed').length).toBe(2);
    await shoot('memory-view');
  });
});
