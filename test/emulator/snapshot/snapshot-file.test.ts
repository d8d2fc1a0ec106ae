import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { restoreFromFile, saveToFile } from '../../../src/cli/snapshot-file';
import { elf, newMachine, runToEnd } from './harness';

const dir = mkdtempSync(join(tmpdir(), 'hartscope-snapshot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the runner's snapshot files", () => {
  it('saves a compressed file that restores into a machine which finishes the run', async () => {
    const guest = { name: 'hello', image: elf('firmware/examples/hello.elf') };
    const { m, output } = newMachine(guest);
    m.run(200);
    const path = join(dir, 'hello.hsnp');
    const saved = await saveToFile(m, path);
    expect(saved).toMatchObject({ ok: true });
    if (saved.ok) expect(saved.value).toMatch(/KiB for a machine with 128 MiB of RAM at step 200/);
    expect(readFileSync(path).subarray(0, 4).toString()).toBe('HSNP');
    const ref = runToEnd(m, output);

    const restored = await restoreFromFile(path);
    expect(restored.ok).toBe(true);
    if (!restored.ok) return;
    let rest = '';
    restored.value.onConsoleOutput = (b) => (rest += String.fromCharCode(b));
    const after = runToEnd(restored.value, () => rest);
    expect(after.stop).toEqual(ref.stop);
    expect(after.state).toEqual(ref.state);
    expect(rest.length).toBeGreaterThan(0);
    expect(ref.output.endsWith(rest)).toBe(true);
  });

  it('a missing or foreign file comes back as a message naming the file', async () => {
    const missing = await restoreFromFile(join(dir, 'nope.hsnp'));
    expect(missing).toMatchObject({ ok: false, message: expect.stringMatching(/^cannot read .*nope\.hsnp/) });
    const foreign = join(dir, 'foreign.hsnp');
    writeFileSync(foreign, 'hello world, not a snapshot');
    const r = await restoreFromFile(foreign);
    expect(r).toMatchObject({
      ok: false,
      message: expect.stringMatching(/foreign\.hsnp: not a hartscope snapshot/),
    });
  });
});
