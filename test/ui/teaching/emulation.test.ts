/** The emulation view's helpers: host architecture from what browsers really report, and the cost arithmetic. */
import { describe, expect, it } from 'vitest';
import { alu } from '../../../bench/native';
import { EmulatorSession } from '../../../src/worker/emulator-session';
import { measureEmulationCost } from '../../../ui/teaching/measure-cost';
import { emulationCost, hostArchitecture, runNativeTwin } from '../../../ui/teaching/native-twin';

describe('hostArchitecture', () => {
  it.each([
    [
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
      'x86-64',
    ],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36', 'x86-64'],
    ['Mozilla/5.0 (X11; Linux aarch64; rv:121.0) Gecko/20100101 Firefox/121.0', 'ARM64 (AArch64)'],
    [
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36',
      'ARM64 (AArch64), most likely',
    ],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 Version/17.2 Safari/605.1.15',
      'x86-64 or ARM64 (macOS does not say which)',
    ],
  ])('%s', (ua, arch) => expect(hostArchitecture(ua)).toBe(arch));

  it('prefers the client hints when the browser gives them', () => {
    expect(hostArchitecture('Macintosh', { architecture: 'arm', bitness: '64' })).toBe('ARM64 (AArch64)');
    expect(hostArchitecture('whatever', { architecture: 'x86', bitness: '64' })).toBe('x86-64');
  });
});

describe('emulation cost', () => {
  it('is the ratio of the times, and MIPS from instructions per microsecond', () => {
    const c = emulationCost({ nativeMs: 10, emulatedMs: 400, instructions: 20_000_000 });
    expect(c.slowdown).toBe(40);
    expect(c.mips).toBe(50);
    expect(c.hostNsPerGuestInstruction).toBe(20);
  });

  it('the JavaScript twin runs the bench workload and times it with the clock it is given', () => {
    let t = 100;
    const run = runNativeTwin('alu', () => (t += 7));
    expect(run.result).toBe(alu());
    expect(run.ms).toBe(7);
  });
});

describe('measureEmulationCost', () => {
  it('runs the same workload in the emulator and as JavaScript; both print the same number', async () => {
    const s = new EmulatorSession({ ramSize: 1 << 24 });
    const m = await measureEmulationCost(s);
    expect(m.agree).toBe(true);
    // 2 million turns of a loop of about ten instructions (xorshift: 6, hash: 2, counter and branch: 2).
    expect(m.instructions).toBeGreaterThan(20_000_000);
    expect(m.instructions).toBeLessThan(21_000_000);
    expect(m.emulatedMs).toBeGreaterThan(m.nativeMs);
  }, 30_000);
});
