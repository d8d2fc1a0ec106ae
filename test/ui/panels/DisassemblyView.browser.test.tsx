/**
 * DisassemblyView in Chromium: labels, interleaved source, the pc line, breakpoints and run-to-here. The
 * lines are hello.S's first instructions as `riscv64-unknown-elf-objdump -d` prints them (words and text).
 */
import { describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import type { DisasmLine } from '../../../src/worker/emulator-api';
import { DisassemblyView } from '../../../ui/panels/DisassemblyView';
import { shoot, Themed } from './shots';

const src = (line: number, text: string) => ({ file: 'hello.S', line, text });
const LINES: DisasmLine[] = [
  {
    address: 0x80000000n,
    word: 0x00005117,
    length: 4,
    text: 'auipc\tsp,0x5',
    label: '_start',
    source: src(12, 'la sp, stack_top'),
  },
  {
    address: 0x80000004n,
    word: 0x00010113,
    length: 4,
    text: 'mv\tsp,sp',
    label: null,
    source: src(12, 'la sp, stack_top'),
  },
  {
    address: 0x80000008n,
    word: 0x00000517,
    length: 4,
    text: 'auipc\ta0,0x0',
    label: null,
    source: src(13, 'la a0, msg_m'),
  },
  {
    address: 0x8000000cn,
    word: 0x4585,
    length: 2,
    text: 'li\ta1,1',
    label: null,
    source: src(14, 'li a1, 1'),
  },
  { address: 0x8000000en, word: 0x8082, length: 2, text: 'ret', label: 'puts', source: null },
];

function view(pc: bigint, breakpoints: bigint[] = [], handlers = { toggle: vi.fn(), runTo: vi.fn() }) {
  return (
    <DisassemblyView
      lines={LINES}
      pc={pc}
      breakpoints={new Set(breakpoints)}
      onToggleBreakpoint={handlers.toggle}
      onRunToHere={handlers.runTo}
    />
  );
}

describe('DisassemblyView', () => {
  it('shows labels, source lines once per line, objdump words, and marks the pc line', async () => {
    const screen = await render(view(0x80000008n));
    const c = screen.container;
    expect([...c.querySelectorAll('.hs-dis-label')].map((e) => e.textContent)).toEqual([
      '80000000 <_start>:',
      '8000000e <puts>:',
    ]);
    // Line 12 made two instructions (la = auipc + addi): its source appears once, above the first.
    expect([...c.querySelectorAll('.hs-dis-source')].map((e) => e.textContent)).toEqual([
      'hello.S:12la sp, stack_top',
      'hello.S:13la a0, msg_m',
      'hello.S:14li a1, 1',
    ]);
    const words = [...c.querySelectorAll('.hs-dis-word')].map((e) => e.textContent);
    expect(words).toEqual(['00005117', '00010113', '00000517', '4585', '8082']);
    const current = c.querySelectorAll('[aria-current="step"]');
    expect(current).toHaveLength(1);
    expect(current[0].getAttribute('data-address')).toBe('80000008');
    expect(current[0].textContent).toContain('▶');
    await screen.rerender(view(0x8000000cn));
    expect(c.querySelector('[aria-current="step"]')?.getAttribute('data-address')).toBe('8000000c');
  });

  it('toggles breakpoints and runs to a line through the callbacks', async () => {
    const handlers = { toggle: vi.fn(), runTo: vi.fn() };
    const screen = await render(view(0x80000000n, [0x80000004n], handlers));
    await expect
      .element(screen.getByRole('button', { name: 'breakpoint at 0x80000004' }))
      .toHaveAttribute('aria-pressed', 'true');
    await expect
      .element(screen.getByRole('button', { name: 'breakpoint at 0x80000008' }))
      .toHaveAttribute('aria-pressed', 'false');
    // Not colour alone: a set breakpoint shows a glyph, an unset one shows nothing.
    await expect
      .element(screen.getByRole('button', { name: 'breakpoint at 0x80000004' }))
      .toHaveTextContent('●');
    expect(screen.getByRole('button', { name: 'breakpoint at 0x80000008' }).element().textContent).toBe('');
    await screen.getByRole('button', { name: 'breakpoint at 0x80000008' }).click();
    expect(handlers.toggle).toHaveBeenCalledWith(0x80000008n);
    await userEvent.hover(screen.getByRole('button', { name: 'breakpoint at 0x8000000c' }));
    await screen.getByRole('button', { name: 'run to 0x8000000c' }).click();
    expect(handlers.runTo).toHaveBeenCalledWith(0x8000000cn);
  });

  it('is one Tab stop, at the pc line; arrows move between lines, B and R act on the focused one', async () => {
    const handlers = { toggle: vi.fn(), runTo: vi.fn() };
    const screen = await render(
      <>
        <button type="button">before</button>
        {view(0x80000008n, [], handlers)}
        <button type="button">after</button>
      </>,
    );
    const at = () => document.activeElement?.getAttribute('data-address');
    screen.getByRole('button', { name: 'before' }).element().focus();
    await userEvent.keyboard('{Tab}');
    expect(at()).toBe('80000008');
    await userEvent.keyboard('{ArrowDown}');
    expect(at()).toBe('8000000c');
    await userEvent.keyboard('{ArrowUp}{ArrowUp}{ArrowUp}');
    expect(at()).toBe('80000000');
    await userEvent.keyboard('{End}');
    expect(at()).toBe('8000000e');
    await userEvent.keyboard('b');
    expect(handlers.toggle).toHaveBeenCalledWith(0x8000000en);
    await userEvent.keyboard('{Home}r');
    expect(handlers.runTo).toHaveBeenCalledWith(0x80000000n);
    // The buttons inside the lines are not extra Tab stops: the next Tab leaves the list.
    await userEvent.keyboard('{Tab}');
    expect(document.activeElement?.textContent).toBe('after');
    // And Shift+Tab comes back to the line last focused.
    await userEvent.keyboard('{Shift>}{Tab}{/Shift}');
    expect(at()).toBe('80000000');
  });

  it('scrolls the pc line into view', async () => {
    const many: DisasmLine[] = Array.from({ length: 200 }, (_, i) => ({
      address: 0x80000000n + BigInt(4 * i),
      word: 0x00000013,
      length: 4,
      text: 'nop',
      label: null,
      source: null,
    }));
    const pc = 0x80000000n + 4n * 150n;
    const screen = await render(
      <DisassemblyView
        lines={many}
        pc={pc}
        breakpoints={[]}
        onToggleBreakpoint={() => {}}
        onRunToHere={() => {}}
        rows={10}
      />,
    );
    const box = screen.container.querySelector('.hs-dis-list')!.getBoundingClientRect();
    const row = screen.container.querySelector('[aria-current="step"]')!.getBoundingClientRect();
    expect(row.top).toBeGreaterThanOrEqual(box.top);
    expect(row.bottom).toBeLessThanOrEqual(box.bottom);
  });

  it('looks like a debugger in light and dark', async () => {
    await page.viewport(800, 700);
    await render(<Themed>{view(0x80000008n, [0x8000000cn])}</Themed>);
    await shoot('disassembly');
  });
});
