/**
 * Snapshots, the boot timer and RAM use through the worker's session (issue 9): a run split by a snapshot
 * file prints what an uninterrupted run prints (the example's specified transcript), a damaged file is
 * refused and leaves the machine as it was, and the boot marks agree with stepping one instruction at a time.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PAYLOAD_BASE } from '../../../emulator/board/memory-map';
import { assembleExample } from '../../../src/firmware-sources';
import { EmulatorSession } from '../../../src/worker/emulator-session';
import { assembleRequest, EXAMPLES } from '../../../ui/app/examples';
import { EXAMPLES as TRANSCRIPTS } from '../../firmware/example-transcripts';

function monitorSources(): Record<string, string> {
  const dir = new URL('../../../firmware/monitor/', import.meta.url).pathname;
  return Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f.endsWith('.S'))
      .map((f) => [f, readFileSync(dir + f, 'utf8')]),
  );
}

async function loaded(file: string, firmware: 'monitor' | 'bare'): Promise<EmulatorSession> {
  const ex = EXAMPLES.find((x) => x.file === file)!;
  const s = new EmulatorSession({ ramSize: 1 << 24 }, { monitorSources: monitorSources() });
  const r = await s.assembleAndLoad({
    ...assembleRequest(file, ex.text, firmware),
    firmware: { kind: firmware },
  });
  expect(r.ok, r.ok ? '' : r.error).toBe(true);
  return s;
}

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
const fresh = () => new EmulatorSession({ ramSize: 1 << 24 }, { monitorSources: monitorSources() });

describe('snapshot files in the session', () => {
  it('a run saved half-way and restored in another session prints the whole transcript', async () => {
    const a = await loaded('hello-sbi.S', 'monitor');
    await a.step(3000);
    const before = await a.getState();
    const saved = await a.saveSnapshot();
    expect(saved.ramSize).toBe(1 << 24);
    expect(saved.pages).toBeGreaterThan(0);
    expect(saved.file.length).toBeLessThan(1 << 24);

    const b = fresh();
    const r = await b.restoreSnapshot(saved.file, 'hello.hsnap');
    expect(r.ok, r.ok ? '' : r.error).toBe(true);
    const at = await b.getState();
    expect(at.pc).toBe(before.pc);
    expect([...at.x]).toEqual([...before.x]);
    expect(at.priv).toBe(before.priv);
    expect(await b.run()).toEqual({ kind: 'exit', code: 0, via: 'finisher' });
    const after = await b.getState();
    expect(text(before.consoleBytes) + text(after.consoleBytes)).toBe(
      TRANSCRIPTS['hello-sbi'].expected(assembleExample('hello-sbi').image!),
    );
  });

  it('refuses a damaged file with a message and leaves the machine as it was', async () => {
    const a = await loaded('hello-sbi.S', 'monitor');
    await a.step(100);
    const { file } = await a.saveSnapshot();
    const damaged = file.slice();
    damaged[damaged.length - 10] ^= 0x40;
    const b = await loaded('hello.S', 'bare');
    await b.step(7);
    const before = await b.getState();
    const r = await b.restoreSnapshot(damaged, 'bad.hsnap');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^bad\.hsnap: .*(damaged|checksum|CRC|decompress)/i);
    const after = await b.getState();
    expect(after.pc).toBe(before.pc);
    expect(after.program).toBe('hello.S');
    expect((await b.restoreSnapshot(new TextEncoder().encode('not a snapshot'), 'x')).ok).toBe(false);
  });
});

describe('boot time', () => {
  it('counts the steps to the first S-mode instruction as stepping one at a time does', async () => {
    const s = await loaded('hello-sbi.S', 'monitor');
    const report = await s.measureBoot();
    const sMark = report.firstSupervisorInstruction;
    const cMark = report.firstConsoleByte;
    expect(sMark?.exact).toBe(true);
    expect(cMark).not.toBeNull();
    // The monitor prints nothing: the first byte is the payload's, after it entered S-mode.
    expect(cMark!.steps).toBeGreaterThan(sMark!.steps);
    // It stays paused soon after (within one 1000-step slice), not at the end of the program.
    const after = await s.getState();
    expect(after.status).toEqual({ kind: 'paused' });
    expect(after.instructionsRetired).toBeLessThanOrEqual(cMark!.steps + 1000);

    const t = await loaded('hello-sbi.S', 'monitor');
    let k = 0;
    while ((await t.getState()).priv !== 1) {
      await t.step(1);
      k++;
    }
    expect((await t.getState()).pc).toBe(BigInt(PAYLOAD_BASE));
    // Step k entered S-mode (mret); step k + 1 retired the first instruction there.
    expect(sMark!.steps).toBe(k + 1);
  });

  it('a bare-metal M/U program never reaches S-mode', async () => {
    const s = await loaded('hello.S', 'bare');
    const report = await s.measureBoot(200_000);
    expect(report.firstSupervisorInstruction).toBeNull();
    expect(report.firstConsoleByte).not.toBeNull();
  });
});

describe('memory use', () => {
  it('counts the pages that hold anything but zeros', async () => {
    const s = fresh();
    expect(await s.memoryUsage()).toEqual({ ramSize: 1 << 24, pageSize: 4096, touchedPages: 0 });
    const s2 = await loaded('hello.S', 'bare');
    const base = (await s2.memoryUsage()).touchedPages;
    expect(base).toBeGreaterThan(0);
    await s2.writeMemory(0x8080_0000n, new Uint8Array([1]));
    await s2.writeMemory(0x80f0_0ffcn, new Uint8Array([0, 0, 0, 9]));
    await s2.writeMemory(0x80f0_0000n, new Uint8Array([7])); // the same page again
    expect((await s2.memoryUsage()).touchedPages).toBe(base + 2);
  });
});
