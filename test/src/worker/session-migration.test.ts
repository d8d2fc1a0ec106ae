/**
 * Live migration between two EmulatorSessions (what the page does between two workers): a counting guest
 * (ui/machines/guests.ts count.S) migrated mid-run by pre-copy prints, source console then target console,
 * exactly what its source says it prints, and exits as it does; the rounds carry the pages it dirties.
 */
import { describe, expect, it } from 'vitest';
import { EmulatorSession } from '../../../src/worker/emulator-session';
import { assembleRequest } from '../../../ui/app/examples';
import { GUESTS } from '../../../ui/machines/guests';

/** count.S's output, from its source: 0..59 separated by commas, then ".\n". */
const EXPECTED = `${Array.from({ length: 60 }, (_, i) => i).join(',')}.\n`;
const guest = GUESTS.find((g) => g.file === 'count.S')!;
/** Faster here than in the page (whose engine runs some 100 MIPS): 3 million instructions a number. */
const count = { ...guest, text: guest.text.replace('.equ DELAY, 3000000', '.equ DELAY, 1500000') };

const text = async (s: EmulatorSession) => new TextDecoder().decode((await s.getState()).consoleBytes);

describe('live migration between two sessions', () => {
  it('a counting guest migrated mid-run prints what an unmigrated run prints', async () => {
    const source = new EmulatorSession({ ramSize: 4 << 20 });
    const target = new EmulatorSession();
    const loaded = await source.assembleAndLoad(assembleRequest(count.file, count.text, 'bare'));
    expect(loaded.ok, loaded.ok ? '' : loaded.error).toBe(true);
    await source.step(30_000_000); // ten numbers or so
    let printed = await text(source);
    expect(printed).toMatch(/^0,1,2,3,4,5,6,7,8/);

    const setup = await source.beginMigrationSource();
    await target.beginMigrationTarget(setup);
    expect(await target.run()).toEqual({ kind: 'paused', cause: 'migrated' }); // not before resume
    const rounds = [];
    for (let i = 0; i < 30; i++) {
      const batch = await source.migrationRound(16);
      await target.acceptPages(batch);
      rounds.push(batch);
      await source.step(1_000_000); // the guest runs on while the pages travel
      printed += await text(source);
      if (batch.dirtyLeft <= 2) break;
    }
    const fin = await source.finishMigration();
    printed += await text(source);
    expect(await source.run()).toEqual({ kind: 'paused', cause: 'migrated' }); // the source is done
    await target.acceptPages(fin.pages);
    await target.resumeMigration(fin.state);
    expect(fin.steps).toBeGreaterThan(30_000_000);
    expect((await target.getState()).instructionsRetired).toBe(BigInt(fin.state.hart.instret));
    const end = await target.run();
    expect(end).toEqual({ kind: 'exit', code: 0, via: 'finisher' });
    const after = await text(target);
    expect(after.length).toBeGreaterThan(0);
    expect(printed + after).toBe(EXPECTED);
    // The guest's 64 buffer pages plus its code and stack go at 16 a round, while it dirties them again.
    expect(count.text).not.toBe(guest.text);
    expect(rounds[0].indices.length).toBe(16);
    expect(rounds.length).toBeGreaterThan(2);
  }, 120_000);

  it('refuses a migration with no program, and pages for a target that is not receiving', async () => {
    const s = new EmulatorSession({ ramSize: 1 << 20 });
    await expect(s.beginMigrationSource()).rejects.toThrow(/no program/);
    await expect(
      s.acceptPages({ indices: new Uint32Array(0), data: new Uint8Array(0), linkBytes: 0, dirtyLeft: 0 }),
    ).rejects.toThrow(/not migrating to here/);
  });
});
