/**
 * What the browser tests of the page share: the App rendered with real workers (each one remembered and
 * terminated after the test), and the few things every test waits for or reads. Use it as
 *
 *   useAppHarness();                           // once per file: clears localStorage, ends the workers
 *   const screen = await renderApp();          // the App at 1440x900, its controls on screen
 *   await pickExample(screen, 'hello.S');      // the example loaded, the machine ready
 *   await clickButton(controls(screen), 'Run');
 *   await expect.poll(consoleText).toContain('Hello');
 */
import { afterEach, beforeEach, expect } from 'vitest';
import { page, userEvent, type Locator } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { connectEmulator, type EmulatorConnection } from '../../src/worker/client';
import { App } from '../../ui/App';

export type AppScreen = Awaited<ReturnType<typeof render>>;

/** Every worker the page started in this test (terminated after it by useAppHarness). */
export const connections: EmulatorConnection[] = [];

/** The page's `connect`: a real worker, remembered so the test can end it. */
export const connect = (): EmulatorConnection => {
  const c = connectEmulator();
  connections.push(c);
  return c;
};

/** Before each test of the file: an empty localStorage; after it: every worker ended, then `cleanup`. */
export function useAppHarness(cleanup?: () => void): void {
  beforeEach(() => localStorage.clear());
  afterEach(() => {
    for (const c of connections.splice(0)) c.terminate();
    cleanup?.();
  });
}

export interface RenderOptions {
  /** Put this program in the editor first (as a reload after editing it would). */
  editor?: { file: string; text: string };
  /** Viewport, 1440x900 unless given. */
  width?: number;
  height?: number;
  connect?: () => EmulatorConnection;
}

/** The App rendered and on screen (its Assemble button visible). */
export async function renderApp(o: RenderOptions = {}): Promise<AppScreen> {
  if (o.editor) localStorage.setItem('hartscope.editor', JSON.stringify(o.editor));
  await page.viewport(o.width ?? 1440, o.height ?? 900);
  const screen = await render(<App connect={o.connect ?? connect} />);
  await expect.element(screen.getByRole('button', { name: /assemble/i })).toBeVisible();
  return screen;
}

/** Wait until the machine's status reads `ready` (a program loaded, nothing run yet). */
export async function waitForReady(screen: AppScreen, timeout = 30_000): Promise<void> {
  await expect.element(screen.getByTestId('status'), { timeout }).toHaveTextContent('ready');
}

/** Choose an example in the header's picker and wait until it is loaded and ready. */
export async function pickExample(screen: AppScreen, file: string): Promise<void> {
  await screen.getByRole('combobox', { name: 'Example' }).selectOptions(file);
  await expect.element(screen.getByTestId('program')).toHaveTextContent(file);
  await waitForReady(screen);
}

/** The toolbar with Run, Pause, Step, Reset... */
export const controls = (screen: AppScreen): Locator =>
  screen.getByRole('toolbar', { name: 'Machine controls' });

/** Click the button named exactly `name` inside `scope` (the screen, a toolbar, a region). */
export async function clickButton(scope: Pick<Locator, 'getByRole'>, name: string | RegExp): Promise<void> {
  await scope.getByRole('button', { name, exact: typeof name === 'string' }).click();
}

/** The text the page's console (the xterm terminal) shows. */
export const consoleText = (): string =>
  document.querySelector('.area-console .xterm-rows')?.textContent ?? '';

/** The status bar's fields, as text. */
export const statusText = (): string => document.querySelector('[data-testid="status"]')?.textContent ?? '';
export const pcText = (): string => document.querySelector('[data-testid="pc"]')?.textContent ?? '';
export const instretText = (): string => document.querySelector('[data-testid="instret"]')?.textContent ?? '';

/** Choose an example and press Assemble & load (the page's assembler builds it), then wait until ready. */
export async function assembleAndLoad(screen: AppScreen, file: string): Promise<void> {
  await screen.getByRole('combobox', { name: 'Example' }).selectOptions(file);
  await screen.getByRole('button', { name: /assemble/i }).click();
  await waitForReady(screen, 20_000);
}

/**
 * Set a breakpoint by clicking the editor's gutter beside source `line` (scrolled into view first:
 * CodeMirror draws only the lines in view), press Run, and wait until the machine stops there.
 */
export async function runToSourceLine(screen: AppScreen, line: number): Promise<void> {
  const scroller = document.querySelector<HTMLElement>('.cm-scroller')!;
  const lineHeight = document.querySelector<HTMLElement>('.cm-line')!.getBoundingClientRect().height;
  scroller.scrollTop = (line - 5) * lineHeight;
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const numbers = [...document.querySelectorAll<HTMLElement>('.cm-lineNumbers .cm-gutterElement')];
  const top = numbers.find((e) => e.textContent === String(line))!.getBoundingClientRect().top;
  const cell = [...document.querySelectorAll<HTMLElement>('.hs-ed-bp-gutter .cm-gutterElement')].find(
    (e) => Math.abs(e.getBoundingClientRect().top - top) < 2,
  );
  await userEvent.click(cell!);
  await expect.poll(() => document.querySelectorAll('.hs-ed-bp').length).toBe(1);
  await screen.getByRole('button', { name: 'Run', exact: true }).click();
  await expect
    .element(screen.getByTestId('status'), { timeout: 60_000 })
    .toHaveTextContent('stopped at a breakpoint');
}
