/**
 * Every example, loaded the way the page loads it (ui/app/examples.ts: the text, the includes, the layout its
 * header names, the firmware and hart options it needs, in one assembleAndLoad), runs in the worker's
 * session to the transcript the example is specified to print (test/firmware/example-transcripts.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assembleExample } from '../../../src/firmware-sources';
import { EmulatorSession } from '../../../src/worker/emulator-session';
import { unpackTraps } from '../../../src/worker/event-buffers';
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

const payloads = EXAMPLES.filter((x) => x.payload);

describe('the examples as the page loads them', () => {
  it('finds every example, and knows which need firmware', () => {
    const files = readdirSync(new URL('../../../firmware/examples/', import.meta.url).pathname);
    expect(EXAMPLES.map((x) => x.file).sort()).toEqual(files.filter((f) => f.endsWith('.S')).sort());
    expect(EXAMPLES.find((x) => x.file === 'hello.S')?.payload).toBe(false);
    expect(payloads.length).toBe(EXAMPLES.length - 1);
  });

  it.each(payloads.map((x) => [x.file, x] as const))(
    '%s under the monitor prints its transcript and exits 0',
    async (file, example) => {
      const name = file.replace(/\.S$/, '');
      const transcript = TRANSCRIPTS[name];
      expect(transcript, `no transcript for ${name}`).toBeDefined();
      const s = new EmulatorSession({ ramSize: 1 << 24 }, { monitorSources: monitorSources() });
      const r = await s.assembleAndLoad({
        ...assembleRequest(file, example.text, 'monitor'),
        firmware: { kind: 'monitor' },
        machine: example.machine,
      });
      expect(r.ok, r.ok ? '' : r.error).toBe(true);
      if (transcript.input) await s.consoleInput(new TextEncoder().encode(transcript.input));
      expect(await s.run()).toEqual({ kind: 'exit', code: 0, via: 'finisher' });
      const view = await s.getState();
      const image = assembleExample(name).image;
      if (!image) throw new Error(`${file} does not assemble`);
      expect(new TextDecoder().decode(view.consoleBytes)).toBe(transcript.expected(image));
      expect(view.firmware).toBe('monitor');
    },
  );

  it('emulate.S runs with misaligned accesses trapped and no time CSR, so the monitor emulates them', async () => {
    const example = EXAMPLES.find((x) => x.file === 'emulate.S')!;
    expect(example.machine).toEqual({ misalignedAccess: 'trap', timeCsr: 'absent' });
    const s = new EmulatorSession({ ramSize: 1 << 24 }, { monitorSources: monitorSources() });
    await s.assembleAndLoad({
      ...assembleRequest('emulate.S', example.text, 'monitor'),
      firmware: { kind: 'monitor' },
      machine: example.machine,
    });
    await s.run();
    const causes = new Set(unpackTraps((await s.getState()).traps).map((t) => t.cause));
    // Load/store address misaligned (4, 6) and illegal instruction (2, the time CSR) reached M-mode.
    expect([...causes].filter((c) => c === 2 || c === 4 || c === 6).sort()).toEqual([2, 4, 6]);
  });

  it('a program that fails to load leaves the previous firmware and hart options in place', async () => {
    const s = new EmulatorSession({ ramSize: 1 << 24 }, { monitorSources: monitorSources() });
    const bad = await s.assembleAndLoad({
      text: 'nonsense x1\n',
      file: 'bad.S',
      firmware: { kind: 'monitor' },
      machine: { misalignedAccess: 'trap', timeCsr: 'absent' },
    });
    expect(bad.ok).toBe(false);
    const hello = EXAMPLES.find((x) => x.file === 'hello.S')!;
    const r = await s.assembleAndLoad(assembleRequest('hello.S', hello.text, 'bare'));
    expect(r.ok, r.ok ? '' : r.error).toBe(true);
    expect(r.ok && r.entry).toBe(0x8000_0000n);
    expect((await s.getState()).firmware).toBe('bare');
  });
});
