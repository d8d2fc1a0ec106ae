/**
 * Live migration in the Machines view, in Chromium with two real workers: count.S (ui/machines/guests.ts)
 * runs in machine 1; Migrate moves it, mid-run, to a new machine 2 by pre-copy. The report shows rounds,
 * pages and downtime; machine 1's console then machine 2's read exactly what count.S's source prints
 * (0..59 separated by commas, then a full stop): nothing lost, nothing twice; and machine 2 exits 0.
 */
import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { renderApp, useAppHarness } from './harness';

useAppHarness();

/** What count.S prints, from its source (COUNT = 60). */
const EXPECTED = `${Array.from({ length: 60 }, (_, i) => i).join(',')}.`;

const card = (n: number) => document.querySelector(`[data-testid="machine-${n}"]`);
/** A console's text: its rows joined (a wrapped line reads back whole; the text has no spaces). */
const consoleOf = (n: number) =>
  (card(n)?.querySelector('.xterm-rows')?.textContent ?? '').replace(/[\s\u00a0]/g, '');
const statusOf = (n: number) => card(n)?.querySelector('[data-testid="machine-status"]')?.textContent;

describe('live migration in the Machines view', () => {
  it('moves a counting guest mid-run to a new machine; its output continues there, whole', async () => {
    const screen = await renderApp({ height: 1000 });
    await screen.getByRole('button', { name: 'Machines' }).click();
    // Only the counting guest: the default spinning and beating machines go.
    await expect.poll(() => statusOf(2), { timeout: 20_000 }).toBe('ready');
    await screen.getByRole('button', { name: 'Remove machine 2' }).click();
    await screen.getByRole('button', { name: 'Remove machine 1' }).click();
    await screen.getByRole('combobox', { name: 'Guest' }).selectOptions('count.S');
    await screen.getByRole('button', { name: 'Add machine' }).click();
    await expect.poll(() => statusOf(1), { timeout: 20_000 }).toBe('ready');
    await screen.getByRole('button', { name: 'Start machine 1' }).click();
    await expect.poll(() => consoleOf(1), { timeout: 20_000 }).toMatch(/^0,1,2,/);

    await screen.getByRole('button', { name: 'Migrate machine 1' }).click();
    const phase = () => document.querySelector('[data-testid="migration-phase"]')?.textContent;
    await expect.poll(phase, { timeout: 60_000 }).toBe('(done)');
    // The source's card shows it at its next poll.
    await expect.poll(() => statusOf(1), { timeout: 10_000 }).toBe('migrated');
    await expect.poll(() => statusOf(2), { timeout: 90_000 }).toBe('exited (0)');
    // The source's last bytes reach its console at its next poll.
    await expect.poll(() => consoleOf(1) + consoleOf(2), { timeout: 5_000 }).toBe(EXPECTED);
    // Mid-run: each machine printed part of it.
    expect(consoleOf(1).length).toBeGreaterThan(0);
    expect(consoleOf(2).length).toBeGreaterThan(0);
    expect(consoleOf(1).length).toBeLessThan(EXPECTED.length);

    const summary = screen.getByTestId('migration-summary').element().textContent ?? '';
    expect(summary).toMatch(
      /^\d+ rounds?, [\d.]+ (KiB|MiB) in all; downtime [\d.]+ ms, about \d+ instructions/,
    );
    const rows = [...document.querySelectorAll('[data-testid="migration-report"] tbody tr')];
    expect(rows.length).toBeGreaterThanOrEqual(2); // at least one round and the stop-and-copy
    // count.S's code, stack and 64 buffer pages: a full first round (64 pages); what is left and what it
    // dirtied again goes in more rounds or the stop-and-copy.
    expect(Number(rows[0].children[1].textContent)).toBe(64);
    await page.screenshot({ path: '__screenshots__/app-machines-migration.png' });
  }, 240_000);
});
