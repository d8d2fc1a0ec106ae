/**
 * The teaching views in the page (issue 6), in Chromium with the real worker: the view switcher, the
 * emulation view with the instruction at pc and a cost measurement, the virtualization view after a run
 * under the monitor, stepping back in the controls, and presentation mode. (Every lesson is walked through
 * in the page by every-lesson.browser.test.tsx.) Screenshots go to test-results/teaching/ (or, with
 * UPDATE_SCREENSHOT=1, to docs/lessons/ for docs/lessons.md).
 */
import { describe, expect, inject, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import {
  clickButton,
  controls,
  pcText,
  pickExample,
  renderApp,
  useAppHarness,
  waitForReady,
} from '../harness';

useAppHarness(() => document.documentElement.classList.remove('hs-presentation', 'hs-presentation-root'));

/**
 * A screenshot of the page; with UPDATE_SCREENSHOT=1 also one of the teaching pane alone for docs/lessons.md
 * (docs/lessons/NAME.png, small enough to commit).
 */
async function shot(name: string): Promise<void> {
  await page.screenshot({ path: `../../../test-results/teaching/page-${name}.png` });
  document.querySelector('.area-teach .pane-body')?.scrollTo(0, 0);
  if (inject('saveScreenshot'))
    await page
      .getByRole('region', { name: 'Teaching view' })
      .screenshot({ path: `../../../docs/lessons/${name}.png` });
}

/** Whether a pane of the grid is displayed (a hidden one is not in the accessibility tree at all). */
const shown = (area: string): boolean => {
  const e = document.querySelector(`.area-${area}`);
  return e !== null && getComputedStyle(e).display !== 'none';
};

describe('the teaching views in the page', () => {
  it('switches views with the tabs, by mouse and by arrow keys', async () => {
    const screen = await renderApp();
    const tabs = screen.getByRole('tablist', { name: 'Views' });
    await expect.element(tabs).toBeVisible();
    await expect
      .element(screen.getByRole('tab', { name: 'Debugger' }))
      .toHaveAttribute('aria-selected', 'true');
    await screen.getByRole('tab', { name: 'Lessons' }).click();
    await expect.element(screen.getByRole('region', { name: /^Lesson: 1\. Fetch/ })).toBeVisible();
    // The debugger's panes stay beside the teaching view; memory and CSRs step aside.
    await expect.element(screen.getByRole('region', { name: 'Disassembly' })).toBeVisible();
    await expect.poll(() => shown('memory')).toBe(false);
    (screen.getByRole('tab', { name: 'Lessons' }).element() as HTMLElement).focus();
    await userEvent.keyboard('{ArrowLeft}');
    await expect
      .element(screen.getByRole('tab', { name: 'Virtualization' }))
      .toHaveAttribute('aria-selected', 'true');
    expect(document.activeElement?.textContent).toBe('Virtualization');
    await userEvent.keyboard('{Home}');
    await expect
      .element(screen.getByRole('tab', { name: 'Debugger' }))
      .toHaveAttribute('aria-selected', 'true');
    await expect.poll(() => shown('memory')).toBe(true);
  });

  it('steps back with the button and with Shift+S: pc returns to where it was a step earlier', async () => {
    const screen = await renderApp();
    await clickButton(screen, /assemble/i);
    await waitForReady(screen);
    const step = screen.getByRole('button', { name: 'Step', exact: true });
    const seen: string[] = [pcText()];
    for (let i = 0; i < 3; i++) {
      await step.click();
      await expect.poll(pcText).not.toBe(seen[seen.length - 1]);
      seen.push(pcText());
    }
    await screen.getByRole('button', { name: /Step back/ }).click();
    await expect.poll(pcText).toBe(seen[2]);
    await expect.element(screen.getByTestId('instret')).toMatchTextContent(/^2$|\b2\b/);
    // The keyboard shortcut too (outside the editor): Shift+S.
    (screen.getByRole('button', { name: /Step back/ }).element() as HTMLElement).blur();
    await userEvent.keyboard('{Shift>}S{/Shift}');
    await expect.poll(pcText).toBe(seen[1]);
    await step.click();
    await expect.poll(pcText).toBe(seen[2]);
  });

  it('emulation: the host, the instruction at pc taken apart, the engine switch and the measured cost', async () => {
    const screen = await renderApp();
    await clickButton(screen, /assemble/i);
    await waitForReady(screen);
    await screen.getByRole('button', { name: 'Step', exact: true }).click();
    await screen.getByRole('tab', { name: 'Emulation' }).click();
    const view = screen.getByRole('region', { name: 'Emulation' });
    await expect.element(view).toBeVisible();
    await expect.element(screen.getByTestId('emu-host')).not.toHaveTextContent('');
    const fields = screen.getByRole('region', { name: 'The instruction at pc' }).getByTestId('if-field');
    await expect.poll(() => fields.elements().length).toBeGreaterThan(2);
    await expect.element(screen.getByRole('radio', { name: /interpreter/ })).toBeVisible();
    await screen.getByRole('radio', { name: /translator/ }).click();
    await expect.element(screen.getByRole('radio', { name: /translator/ })).toBeChecked();
    await screen.getByRole('button', { name: /Measure/ }).click();
    await expect
      .element(screen.getByTestId('emu-slowdown'), { timeout: 150_000 })
      .toMatchTextContent(/× slower/);
    // The page's own program is untouched by the measurement (it ran in a worker of its own).
    await expect.element(screen.getByTestId('program')).toHaveTextContent('hello.S');
    await shot('emulation');
  }, 180_000);

  it('virtualization: after hello-sbi.S under the monitor, the rings, the trap timeline and its reasons', async () => {
    const screen = await renderApp();
    await pickExample(screen, 'hello-sbi.S');
    await clickButton(controls(screen), 'Run');
    await expect.element(screen.getByTestId('status'), { timeout: 30_000 }).toMatchTextContent(/exit/i);
    await screen.getByRole('tab', { name: 'Virtualization' }).click();
    const view = screen.getByRole('region', { name: 'Virtualization' });
    await expect.element(view).toBeVisible();
    await expect.element(view.getByRole('img', { name: /Privilege rings/ })).toBeVisible();
    // hello-sbi.S makes SBI calls from S-mode: environment calls from S (cause 9) reach the monitor in M.
    await expect.element(view).toMatchTextContent(/environment call from S-mode/i);
    // Retired per mode: the payload ran in S, the monitor in M, nothing in U (hello-sbi.S has no U code).
    const bars = () => document.querySelector('.hs-virt-bars')?.textContent ?? '';
    expect(bars()).toMatch(/U-mode\s*0 \(0\.0%\)/);
    expect(bars()).toMatch(/S-mode\s*[1-9][\d,]* \(/);
    expect(bars()).toMatch(/M-mode\s*[1-9][\d,]* \(/);
    await shot('virtualization');
    // The "break the ISA" switch goes to the machine's options: the program is loaded again under it.
    const breakIsa = view.getByRole('checkbox', { name: /Break the ISA/ });
    await breakIsa.click();
    await expect.element(breakIsa).toBeChecked();
    await expect.element(screen.getByTestId('status')).toHaveTextContent('ready');
    await breakIsa.click();
    await expect.element(breakIsa).not.toBeChecked();
  });

  it('presentation mode: from the settings and by Shift+P; memory and CSRs step aside', async () => {
    const screen = await renderApp();
    await screen.getByRole('button', { name: 'Settings' }).click(); // the settings menu (ui/app/SettingsMenu.tsx)
    await screen.getByRole('button', { name: 'Present' }).click();
    expect(document.documentElement.classList.contains('hs-presentation-root')).toBe(true);
    await expect.poll(() => shown('memory')).toBe(false);
    await expect.element(screen.getByRole('region', { name: 'Disassembly' })).toBeVisible();
    (screen.getByRole('button', { name: 'Present' }).element() as HTMLElement).blur();
    await userEvent.keyboard('{Shift>}P{/Shift}');
    expect(document.documentElement.classList.contains('hs-presentation-root')).toBe(false);
    await expect.poll(() => shown('memory')).toBe(true);
  });
});
