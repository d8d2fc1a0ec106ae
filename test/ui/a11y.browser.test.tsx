/**
 * Accessibility of the page, checked by axe-core (the rules of WCAG 2.x A and AA and axe's best practices)
 * in Chromium: the page as it opens, and after running the hello example (console text, trap log, registers
 * filled) in the dark theme. The test fails on any violation of impact moderate, serious or critical; every
 * violation found, whatever its impact, is printed so that it can be fixed. A keyboard-only walk checks that
 * the Run button can be reached with Tab and pressed with Enter, with a visible focus ring on the way.
 */
import axe from 'axe-core';
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

describe('accessibility (axe-core)', () => {
  it('the page as it opens has no moderate, serious or critical violations', async () => {
    await page.viewport(1440, 900);
    const screen = await render(<App connect={connect} />);
    await expect.element(screen.getByRole('button', { name: /assemble/i })).toBeVisible();
    await screen.getByRole('combobox', { name: 'Example' }).selectOptions('hello.S');
    await expect.element(screen.getByTestId('status')).toHaveTextContent('ready');
    expect(await audit('the page as it opens (light theme)')).toEqual([]);
  });

  it('after running hello, in the dark theme, there are no moderate, serious or critical violations', async () => {
    await page.viewport(1440, 900);
    const screen = await render(<App connect={connect} />);
    await screen.getByRole('combobox', { name: 'Example' }).selectOptions('hello.S');
    await expect.element(screen.getByTestId('status')).toHaveTextContent('ready');
    await screen.getByRole('button', { name: 'Run', exact: true }).click();
    await expect
      .element(screen.getByTestId('status'))
      .toHaveTextContent('exited with code 0 (SiFive test finisher)');
    await screen.getByRole('button', { name: /dark theme/i }).click();
    expect(document.documentElement.dataset.theme).toBe('dark');
    await page.screenshot({ path: '__screenshots__/a11y-dark.png' });
    expect(await audit('after running hello (dark theme)')).toEqual([]);
  });
});

describe('keyboard only', () => {
  it('Tab reaches Run (each stop with a visible focus ring), Enter runs the program', async () => {
    await page.viewport(1440, 900);
    const screen = await render(<App connect={connect} />);
    await screen.getByRole('combobox', { name: 'Example' }).selectOptions('hello.S');
    await expect.element(screen.getByTestId('status')).toHaveTextContent('ready');
    (document.activeElement as HTMLElement | null)?.blur();
    const run = screen.getByRole('button', { name: 'Run', exact: true }).element();
    const withoutRing: string[] = [];
    let presses = 0;
    while (document.activeElement !== run && presses < 60) {
      await userEvent.keyboard('{Tab}');
      presses++;
      const focused = document.activeElement as HTMLElement;
      const style = getComputedStyle(focused);
      const ring = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
      if (!ring && style.boxShadow === 'none') withoutRing.push(focused.outerHTML.slice(0, 80));
    }
    expect(document.activeElement).toBe(run);
    expect(withoutRing).toEqual([]);
    await userEvent.keyboard('{Enter}');
    await expect
      .element(screen.getByTestId('status'))
      .toHaveTextContent('exited with code 0 (SiFive test finisher)');
  });
});
