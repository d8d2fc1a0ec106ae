/**
 * The Machines view in Chromium, each machine its own real worker: a guest spinning forever in machine 1
 * does not stop machine 2's console (heartbeat.S prints "beat N" lines, ui/machines/guests.ts), both report
 * MIPS well above zero at once, and killing machine 1 leaves machine 2 beating.
 */
import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { renderApp, useAppHarness } from './harness';

useAppHarness();

const card = (n: number) => document.querySelector(`[data-testid="machine-${n}"]`)!;
const consoleOf = (n: number) => card(n).querySelector('.xterm-rows')?.textContent ?? '';
const mipsOf = (n: number) => Number(card(n).querySelector('[data-testid="machine-mips"]')?.textContent);
const statusOf = (n: number) => card(n).querySelector('[data-testid="machine-status"]')?.textContent;
/** The highest beat number machine n has printed (-1: none yet). */
const lastBeat = (n: number) =>
  Math.max(-1, ...[...consoleOf(n).matchAll(/beat (\d+)/g)].map((m) => Number(m[1])));

describe('the Machines view', () => {
  it('a spinning guest in one machine does not stop console output in the other', async () => {
    const screen = await renderApp();
    await screen.getByRole('button', { name: 'Machines' }).click();
    await expect.poll(() => statusOf(1), { timeout: 15_000 }).toBe('ready');
    await expect.poll(() => statusOf(2), { timeout: 15_000 }).toBe('ready');
    await screen.getByRole('button', { name: 'Start machine 1' }).click();
    await screen.getByRole('button', { name: 'Start machine 2' }).click();

    await expect.poll(() => lastBeat(2), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    expect(statusOf(1)).toBe('running');
    await expect.poll(() => mipsOf(1)).toBeGreaterThan(1);
    await expect.poll(() => mipsOf(2)).toBeGreaterThan(1);
    await page.screenshot({ path: '__screenshots__/app-machines.png' });

    await screen.getByRole('button', { name: 'Kill machine 1' }).click();
    await expect.poll(() => statusOf(1)).toBe('killed');
    const beat = lastBeat(2);
    await expect.poll(() => lastBeat(2), { timeout: 10_000 }).toBeGreaterThan(beat + 1);
    expect(statusOf(2)).toBe('running');
    await expect
      .element(screen.getByTestId('machines-summary'))
      .toMatchTextContent(/2 separate machines: 256 MiB allocated, [\d.]+ (B|KiB|MiB) touched/);
  });
});
