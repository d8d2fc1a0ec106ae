/**
 * The page's header at projector and laptop sizes: ONE row at 1280x800 and 1440x900 (every child's top within
 * a few pixels), holding the frequent controls (Examples, Assemble & load, Run, Step, Step over, Step out, Run
 * to cursor, Reset) and the privilege mode; the settings (theme, UI scale, presentation, run speed, firmware,
 * hart options) behind one keyboard-usable menu button, each changed through it here (and, but for the hart
 * options, checked where it takes effect; emulate.S's test in app.browser.test.tsx runs under them). Screenshots in __screenshots__/: header-1280.png, header-1440.png, the open menu in the light
 * and dark themes, in presentation mode and at 200% UI scale.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { connectEmulator, type EmulatorConnection } from '../../src/worker/client';
import { App } from '../../ui/App';

const connections: EmulatorConnection[] = [];
const connect = (): EmulatorConnection => {
  const c = connectEmulator();
  connections.push(c);
  return c;
};
beforeEach(() => localStorage.clear());
afterEach(() => {
  for (const c of connections.splice(0)) c.terminate();
  document.documentElement.removeAttribute('data-theme');
  document.documentElement.classList.remove('hs-presentation-root');
  document.documentElement.style.fontSize = '';
});

const shown = (e: Element) => e.getBoundingClientRect().width > 0;

/** The header's children, grouped by the row they sit on (their vertical middles, within a few pixels). */
function rows(header: Element): Element[][] {
  const out: { top: number; items: Element[] }[] = [];
  for (const el of [...header.children].filter(shown)) {
    const r = el.getBoundingClientRect();
    const mid = r.top + r.height / 2;
    const row = out.find((o) => Math.abs(o.top - mid) < 12);
    if (row) row.items.push(el);
    else out.push({ top: mid, items: [el] });
  }
  return out.map((o) => o.items);
}

async function renderHello(width: number, height: number) {
  await page.viewport(width, height);
  const screen = await render(<App connect={connect} />);
  await screen.getByRole('combobox', { name: 'Example' }).selectOptions('hello.S');
  await expect.element(screen.getByTestId('status')).toHaveTextContent('ready');
  return screen;
}

const header = () => document.querySelector('.app-header')!;
const settingsButton = () => header().querySelector<HTMLButtonElement>('button[aria-haspopup]')!;

describe('the header', () => {
  for (const [width, height] of [
    [1280, 800],
    [1440, 900],
  ] as const) {
    it(`is one row at ${width}x${height}, with the frequent controls and the privilege mode on it`, async () => {
      const screen = await renderHello(width, height);
      const h = header();
      // The frequent controls are on the header itself, not behind a menu.
      for (const [role, name] of [
        ['combobox', 'Example'],
        ['button', 'Assemble & load'],
        ['button', 'Run'],
        ['button', 'Step'],
        ['button', 'Step over'],
        ['button', 'Step out'],
        ['button', 'Step back'],
        ['button', 'Run back'],
        ['button', 'Run to cursor'],
        ['button', 'Reset'],
        ['button', 'Machines'],
        ['button', 'Settings'],
      ] as const) {
        const el = screen.getByRole(role, { name, exact: true }).element();
        expect(h.contains(el), `${name} in the header`).toBe(true);
        expect(shown(el), `${name} shown`).toBe(true);
      }
      expect(h.contains(screen.getByTestId('priv-indicator').element())).toBe(true);
      // One row: every child's top within 4 px of the first's.
      const children = [...h.children].filter(shown);
      const tops = children.map((e) => e.getBoundingClientRect().top);
      const lines = rows(h);
      console.log(
        `header at ${width}px: ${lines.length} row(s), ${h.getBoundingClientRect().height.toFixed(0)} px tall, ` +
          `children ${children.map((e) => `${e.className || e.tagName}:${e.getBoundingClientRect().width.toFixed(0)}`).join(' ')}`,
      );
      expect(lines.length).toBe(1);
      expect(Math.max(...tops) - Math.min(...tops)).toBeLessThanOrEqual(4);
      // The privilege indicator no taller than a button, and readable from the back of a room.
      const buttonRow = Math.max(
        ...[...h.querySelectorAll('button, select')].map((b) => b.getBoundingClientRect().height),
      );
      expect(
        screen.getByTestId('priv-indicator').element().getBoundingClientRect().height,
      ).toBeLessThanOrEqual(buttonRow + 6);
      const px = (sel: string) => parseFloat(getComputedStyle(h.querySelector(sel)!).fontSize);
      expect(px('.hs-priv-letter')).toBeGreaterThanOrEqual(20);
      expect(px('.hs-priv-name')).toBeGreaterThanOrEqual(15);
      expect(h.getBoundingClientRect().height).toBeLessThanOrEqual(buttonRow + 16);
      // Still one row with the longest mode name: step into U-mode (hello.S drops to user_main) and look.
      await page.screenshot({ path: `__screenshots__/header-${width}.png` });
    });
  }

  it('stays one row in S-mode, the longest mode name (a breakpoint on hello-sbi.S line 20, its first line)', async () => {
    const screen = await renderHello(1280, 800);
    await screen.getByRole('combobox', { name: 'Example' }).selectOptions('hello-sbi.S');
    await expect.element(screen.getByTestId('program')).toHaveTextContent('hello-sbi.S');
    await expect.element(screen.getByTestId('status')).toHaveTextContent('ready');
    // `_start: la sp, stack_top` is line 20; the monitor enters the payload there, in S-mode.
    const numbers = [...document.querySelectorAll<HTMLElement>('.cm-lineNumbers .cm-gutterElement')];
    const top = numbers.find((e) => e.textContent === '20')!.getBoundingClientRect().top;
    const cell = [...document.querySelectorAll<HTMLElement>('.hs-ed-bp-gutter .cm-gutterElement')].find(
      (e) => Math.abs(e.getBoundingClientRect().top - top) < 2,
    );
    await userEvent.click(cell!);
    await screen.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.element(screen.getByTestId('status')).toHaveTextContent('stopped at a breakpoint');
    await expect.element(screen.getByTestId('priv-indicator')).toHaveAccessibleName(/supervisor/);
    expect(rows(header()).length).toBe(1);
    await page.screenshot({ path: '__screenshots__/header-1280-s-mode.png' });
  });

  it('opens the settings menu from the keyboard (Enter, Space, Escape) and gives focus back', async () => {
    const screen = await renderHello(1280, 800);
    const button = settingsButton();
    expect(button).toHaveAccessibleName('Settings');
    expect(button.getAttribute('aria-expanded')).toBe('false');
    const dialog = () => document.getElementById(button.getAttribute('aria-controls')!)!;
    expect(dialog().hidden).toBe(true);

    button.focus();
    await userEvent.keyboard('{Enter}');
    await expect.element(screen.getByRole('dialog', { name: 'Settings' })).toBeVisible();
    expect(button.getAttribute('aria-expanded')).toBe('true');
    // Focus went into the menu, on its first setting.
    expect(dialog().contains(document.activeElement)).toBe(true);
    await userEvent.keyboard('{Tab}');
    expect(dialog().contains(document.activeElement)).toBe(true);
    await userEvent.keyboard('{Escape}');
    expect(dialog().hidden).toBe(true);
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(button);

    await userEvent.keyboard(' ');
    expect(dialog().hidden).toBe(false);
    await userEvent.keyboard('{Escape}');
    expect(document.activeElement).toBe(button);
    expect(dialog().hidden).toBe(true);

    // A click elsewhere closes it too.
    await userEvent.keyboard(' ');
    expect(dialog().hidden).toBe(false);
    await screen.getByRole('button', { name: 'Step', exact: true }).click();
    expect(dialog().hidden).toBe(true);
  });

  it('changes every setting through the menu: theme, UI scale, presentation, speed, firmware, hart options', async () => {
    const screen = await renderHello(1280, 800);
    await screen.getByRole('combobox', { name: 'Example' }).selectOptions('hello-sbi.S');
    await expect.element(screen.getByTestId('program')).toHaveTextContent('hello-sbi.S');
    await expect.element(screen.getByTestId('status')).toHaveTextContent('ready');
    const open = async () => {
      if (settingsButton().getAttribute('aria-expanded') !== 'true')
        await screen.getByRole('button', { name: 'Settings' }).click();
      return screen.getByRole('dialog', { name: 'Settings' });
    };
    let menu = await open();
    // Theme.
    const before = document.documentElement.dataset.theme;
    const toggle = before === 'dark' ? /light theme/ : /dark theme/;
    await menu.getByRole('button', { name: toggle }).click();
    expect(document.documentElement.dataset.theme).toBe(before === 'dark' ? 'light' : 'dark');
    await page.screenshot({
      path: `__screenshots__/header-menu-${document.documentElement.dataset.theme}.png`,
    });
    await menu.getByRole('button', { name: /(light|dark) theme/ }).click();
    expect(document.documentElement.dataset.theme).toBe(before);
    await page.screenshot({ path: `__screenshots__/header-menu-${before}.png` });

    // Speed: single step makes Run execute one instruction.
    await menu.getByRole('combobox', { name: 'Speed' }).selectOptions('Single step');
    await screen.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(() => screen.getByTestId('instret').element().textContent).toBe('1');
    expect(screen.getByTestId('status').element().textContent).not.toMatch(/exited/);
    menu = await open();
    await menu.getByRole('combobox', { name: 'Speed' }).selectOptions('Full speed');

    // Firmware, for hello-sbi.S (an S-mode payload): under host SBI the hart starts in the payload, at
    // 0x8020_0000 in S-mode; under the monitor it starts in the monitor, at 0x8000_0000 in M-mode.
    await menu.getByRole('combobox', { name: 'Firmware' }).selectOptions('host');
    await expect.element(screen.getByTestId('priv')).toHaveTextContent('S (supervisor)');
    await expect.element(screen.getByTestId('pc')).toHaveTextContent('0x0000_0000_8020_0000');
    await menu.getByRole('combobox', { name: 'Firmware' }).selectOptions('monitor');
    await expect.element(screen.getByTestId('priv')).toHaveTextContent('M (machine)');
    await expect.element(screen.getByTestId('pc')).toHaveTextContent('0x0000_0000_8000_0000');

    // Hart options: trap misaligned accesses, no time CSR.
    await menu.getByRole('checkbox', { name: 'trap misaligned' }).click();
    await menu.getByRole('checkbox', { name: 'no time CSR' }).click();
    await expect.element(menu.getByRole('checkbox', { name: 'trap misaligned' })).toBeChecked();
    await expect.element(menu.getByRole('checkbox', { name: 'no time CSR' })).toBeChecked();

    // Presentation mode, with the menu open in it.
    await menu.getByRole('button', { name: 'Present' }).click();
    await expect
      .element(menu.getByRole('button', { name: 'Present' }))
      .toHaveAttribute('aria-pressed', 'true');
    expect(document.documentElement.classList.contains('hs-presentation-root')).toBe(true);
    await page.screenshot({ path: '__screenshots__/header-menu-presentation.png' });
    expect(rows(header()).length).toBe(1);
    await menu.getByRole('button', { name: 'Present' }).click();

    // UI scale 200%: the root font size doubles; the header may wrap, the menu stays inside the window.
    await menu.getByRole('combobox', { name: 'UI scale' }).selectOptions('200%');
    expect(document.documentElement.style.fontSize).toBe('32px');
    const panel = menu.element().getBoundingClientRect();
    expect(panel.left).toBeGreaterThanOrEqual(0);
    expect(panel.right).toBeLessThanOrEqual(document.documentElement.clientWidth);
    await page.screenshot({ path: '__screenshots__/header-menu-200.png' });
    await userEvent.keyboard('{Escape}');
    await page.screenshot({ path: '__screenshots__/header-200.png' });
  });
});
