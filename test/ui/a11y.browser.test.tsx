/**
 * Accessibility of the page, checked by axe-core (the rules of WCAG 2.x A and AA and axe's best practices)
 * in Chromium, in the light and the dark theme: after loading hello, after running traps.S (the trap log,
 * the CSRs' cause fields and changed registers filled in), and with the keyboard help open. The test fails
 * on any violation of impact moderate, serious or critical; every violation found, whatever its impact, is
 * printed so that it can be fixed. Then zoom: at 200% of a 1280px window (a 640px-wide viewport) nothing may
 * be cut off that cannot be scrolled to. The keyboard-only walks are in test/ui/panels/keyboard.browser.test.tsx.
 */
import axe from 'axe-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
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
  document.documentElement.style.removeProperty('color-scheme');
});

/** Runs axe on the whole document; prints every violation; returns all but the minor ones. */
async function audit(label: string): Promise<string[]> {
  const results = await axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  });
  const lines = results.violations.map((v) => {
    const targets = v.nodes
      .slice(0, 4)
      .map((n) => n.target.join(' '))
      .join(' | ');
    // The first element's reason, e.g. the two colours and the contrast ratio found.
    const why = v.nodes[0]?.failureSummary?.split('\n')[1]?.trim() ?? '';
    return `${v.impact ?? 'unknown'}: ${v.id} (${v.help}), ${v.nodes.length} element(s): ${targets}; ${why}`;
  });
  console.log(`axe, ${label}: ${lines.length} violation(s)\n  ${lines.join('\n  ')}`);
  return lines.filter((l) => !l.startsWith('minor'));
}

const TRAPS_DONE = 'exited with code 0 (SiFive test finisher)';

describe('accessibility (axe-core)', () => {
  for (const theme of ['light', 'dark'] as const) {
    it(`${theme} theme: no moderate, serious or critical violations after loading, running with traps, with help open`, async () => {
      localStorage.setItem('hartscope.theme', theme);
      await page.viewport(1440, 900);
      const screen = await render(<App connect={connect} />);
      expect(document.documentElement.dataset.theme).toBe(theme);
      await screen.getByRole('combobox', { name: 'Example' }).selectOptions('hello.S');
      await expect.element(screen.getByTestId('status')).toHaveTextContent('ready');
      expect(await audit(`hello loaded (${theme})`)).toEqual([]);

      await screen.getByRole('combobox', { name: 'Example' }).selectOptions('traps.S');
      await expect.element(screen.getByTestId('status')).toHaveTextContent('ready');
      await screen.getByRole('button', { name: 'Run', exact: true }).click();
      await expect.element(screen.getByTestId('status')).toHaveTextContent(TRAPS_DONE);
      // The run really filled the trap log (an illegal instruction, a breakpoint, a load access fault).
      const traps = () => document.querySelector('.area-traps')?.textContent ?? '';
      expect(traps()).toMatch(/illegal instruction/i);
      expect(traps()).toMatch(/load access fault/i);
      expect(await audit(`after running traps.S (${theme})`)).toEqual([]);
      // And a step afterwards leaves a changed register marked (reset, then one instruction of firmware).
      await screen.getByRole('button', { name: 'Reset' }).click();
      await expect.element(screen.getByTestId('status')).toHaveTextContent('ready');
      await screen.getByRole('button', { name: 'Step', exact: true }).click();
      await expect
        .element(screen.getByRole('rowheader', { name: /\(changed\)$/ }).first())
        .toBeInTheDocument();
      await page.screenshot({ path: `__screenshots__/a11y-${theme}.png` });
      expect(await audit(`reset and one step (${theme})`)).toEqual([]);

      await screen.getByText('⌨ Keys').click();
      await expect.element(screen.getByRole('group', { name: 'Keyboard shortcuts' })).toBeVisible();
      expect(await audit(`keyboard help open (${theme})`)).toEqual([]);
    });
  }
});

describe('zoom to 200%', () => {
  it('at a 640px-wide viewport nothing is cut off that cannot be scrolled to', async () => {
    // 200% zoom of a 1280x900 window lays the page out as a 640x450 CSS-pixel viewport.
    await page.viewport(640, 450);
    const screen = await render(<App connect={connect} />);
    await screen.getByRole('combobox', { name: 'Example' }).selectOptions('hello.S');
    await expect.element(screen.getByTestId('status')).toHaveTextContent('ready');
    await screen.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.element(screen.getByTestId('status')).toHaveTextContent(TRAPS_DONE);
    const root = document.scrollingElement!;
    // No sideways scrolling of the whole page: wide content scrolls inside its own pane instead.
    expect(root.scrollWidth).toBeLessThanOrEqual(root.clientWidth + 1);
    // Every control and every scroll box lies inside the page's scrollable area, and is not cut off by a box
    // that clips (overflow hidden or clip) unless a scroll box nearer to it lets the user scroll to it.
    const clipped: string[] = [];
    const name = (e: Element) => `${e.tagName}.${e.className}`;
    const scrolls = (o: string) => o === 'auto' || o === 'scroll';
    const hides = (o: string) => o === 'hidden' || o === 'clip';
    const targets = [...document.querySelectorAll<HTMLElement>('.app *')].filter((e) => {
      const s = getComputedStyle(e);
      return (
        e.matches('button, select, input, summary, [tabindex], .cm-content, .xterm-screen') ||
        scrolls(s.overflowX) ||
        scrolls(s.overflowY)
      );
    });
    for (const el of targets) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue; // not rendered (a file input behind its label)
      if (r.left < -1 || r.left + window.scrollX + Math.min(r.width, 24) > root.scrollWidth + 1) {
        clipped.push(`${name(el)} at x ${Math.round(r.left)}`);
        continue;
      }
      for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
        const s = getComputedStyle(box);
        if (scrolls(s.overflowX) && scrolls(s.overflowY)) break; // the user can scroll this box to it
        const b = box.getBoundingClientRect();
        const wide = hides(s.overflowX) && (r.right > b.right + 1 || r.left < b.left - 1);
        const tall = hides(s.overflowY) && (r.bottom > b.bottom + 1 || r.top < b.top - 1);
        if (wide || tall) {
          clipped.push(`${name(el)} clipped by ${name(box)}`);
          break;
        }
        if (scrolls(s.overflowX) || scrolls(s.overflowY)) break;
      }
    }
    // The keyboard help, opened, fits across the narrow window.
    await screen.getByText('⌨ Keys').click();
    const help = screen.getByRole('group', { name: 'Keyboard shortcuts' }).element().getBoundingClientRect();
    expect(help.left).toBeGreaterThanOrEqual(0);
    expect(help.right).toBeLessThanOrEqual(root.clientWidth);
    expect(help.bottom + window.scrollY).toBeLessThanOrEqual(root.scrollHeight); // can be scrolled to
    await page.screenshot({ path: '__screenshots__/a11y-zoom-200-keys.png' });
    await screen.getByText('⌨ Keys').click();
    // The page is taller than the viewport at 200%: a screenshot of the top and of each pane, to look at.
    await page.screenshot({ path: '__screenshots__/a11y-zoom-200-top.png' });
    for (const pane of document.querySelectorAll<HTMLElement>('.pane')) {
      const area = [...pane.classList].find((c) => c.startsWith('area-'));
      pane.scrollIntoView();
      await page.screenshot({ path: `__screenshots__/a11y-zoom-200-${area}.png`, element: pane });
    }
    expect(clipped).toEqual([]);
  });
});
