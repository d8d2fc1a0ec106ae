import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** `npm run emu` goes through src/cli/launch.mjs (one esbuild bundle); check that path end to end. */
describe('npm run emu through the bundling launcher', () => {
  it('runs the committed example ELF and passes on its output and exit status', () => {
    const r = spawnSync(
      process.execPath,
      ['src/cli/launch.mjs', 'src/cli/emu.ts', 'firmware/examples/hello.elf'],
      {
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Hello from hartscope! This is M-mode.');
    expect(r.stdout).toContain('And this is U-mode, printing through an ecall.');
    expect(r.status).toBe(0);
  });

  it('says how to use it when no entry point is given', () => {
    const r = spawnSync(process.execPath, ['src/cli/launch.mjs'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('usage');
  });
});
