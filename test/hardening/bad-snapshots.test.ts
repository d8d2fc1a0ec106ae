/**
 * Damaged snapshot files, restored through the worker's session as the page's "Restore snapshot…" does:
 * each is refused with `NAME: message` (the catalogue in bad-snapshots.ts, listed in docs/hardening.md),
 * never an exception, and the machine that was there stays, with its program, and still runs.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EmulatorSession } from '../../src/worker/emulator-session';
import { badSnapshots } from './bad-snapshots';
import { EXAMPLE } from './bad-elf-files';

const noYield = () => Promise.resolve();

async function helloSession(): Promise<EmulatorSession> {
  const s = new EmulatorSession({ ramSize: 1 << 20 }, { yieldNow: noYield });
  expect((await s.loadElf(EXAMPLE, 'hello.elf')).ok).toBe(true);
  return s;
}

describe('damaged snapshot files: each refused with its message, the machine kept', async () => {
  const source = await helloSession();
  await source.step(100);
  const good = (await source.saveSnapshot()).file;
  const catalogue = badSnapshots(good, EXAMPLE);

  it('the undamaged file restores (so each refusal below is about its damage)', async () => {
    const s = await helloSession();
    expect(await s.restoreSnapshot(good, 'good.hsnap')).toMatchObject({ ok: true });
  });

  it.each(catalogue.map((c) => [c.what, c] as const))('%s', async (_what, bad) => {
    const s = await helloSession();
    expect(await s.restoreSnapshot(bad.bytes, 'bad.hsnap')).toEqual({
      ok: false,
      error: `bad.hsnap: ${bad.message}`,
    });
    const state = await s.getState();
    expect(state.program).toBe('hello.elf');
    expect(state.status).toEqual({ kind: 'ready' });
  });

  it('after every refusal the program that was loaded still runs to its end', async () => {
    const s = await helloSession();
    for (const bad of catalogue) expect((await s.restoreSnapshot(bad.bytes, 'bad.hsnap')).ok).toBe(false);
    expect(await s.run()).toEqual({ kind: 'exit', code: 0, via: 'finisher' });
  });

  it('docs/hardening.md lists every entry with its message', () => {
    const doc = readFileSync(new URL('../../docs/hardening.md', import.meta.url), 'utf8');
    for (const bad of catalogue) expect(doc).toContain(`| ${bad.what} | \`${bad.shown}\` |`);
  });
});
