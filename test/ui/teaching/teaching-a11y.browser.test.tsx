/**
 * Accessibility of the teaching views in the page (issue 6), checked by axe-core as test/ui/a11y.browser.test.tsx
 * checks the debugger (WCAG 2.x A and AA and axe's best practices; fails on any violation above minor), in
 * the light and the dark theme and in presentation mode: each tab after hello-sbi.S ran under the monitor
 * (so the trap timeline and the rings have content), and a lesson with its checkpoint answered.
 */
import axe from 'axe-core';
import { describe, expect, it } from 'vitest';
import { clickButton, controls, pickExample, renderApp, useAppHarness } from '../harness';

useAppHarness(() => {
  document.documentElement.removeAttribute('data-theme');
  document.documentElement.classList.remove('hs-presentation', 'hs-presentation-root');
});

async function audit(label: string): Promise<string[]> {
  const results = await axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  });
  const lines = results.violations.map((v) => {
    const targets = v.nodes
      .slice(0, 4)
      .map((n) => n.target.join(' '))
      .join(' | ');
    const why = v.nodes[0]?.failureSummary?.split('\n')[1]?.trim() ?? '';
    return `${v.impact ?? 'unknown'}: ${v.id} (${v.help}), ${v.nodes.length} element(s): ${targets}; ${why}`;
  });
  console.log(`axe, ${label}: ${lines.length} violation(s)\n  ${lines.join('\n  ')}`);
  return lines.filter((l) => !l.startsWith('minor'));
}

describe('accessibility of the teaching views (axe-core)', () => {
  for (const theme of ['light', 'dark'] as const) {
    it(`${theme} theme: every teaching tab, then presentation mode`, async () => {
      localStorage.setItem('hartscope.theme', theme);
      const screen = await renderApp();
      await pickExample(screen, 'hello-sbi.S');
      await clickButton(controls(screen), 'Run');
      await expect.element(screen.getByTestId('status'), { timeout: 30_000 }).toMatchTextContent(/exited/);
      for (const tab of ['Emulation', 'Virtualization', 'Lessons']) {
        await screen.getByRole('tab', { name: tab }).click();
        await expect.element(screen.getByRole('tab', { name: tab })).toHaveAttribute('aria-selected', 'true');
        expect(await audit(`${tab} (${theme})`)).toEqual([]);
      }
      const player = screen.getByRole('region', { name: /^Lesson: / });
      await player.getByRole('button', { name: '2', exact: true }).click();
      await player.getByRole('radio').first().click();
      expect(await audit(`lesson answered (${theme})`)).toEqual([]);
      await screen.getByRole('button', { name: 'Settings' }).click(); // the settings menu (ui/app/SettingsMenu.tsx)
      await screen.getByRole('button', { name: 'Present' }).click();
      expect(await audit(`presentation mode (${theme})`)).toEqual([]);
    }, 90_000);
  }
});
