/**
 * The outside tools that tests use as oracles (GNU binutils, QEMU, dtc...). A test that needs one asks
 * `hasTool` first and skips with `toolMissingMessage` when it is absent, so a missing tool is reported, never
 * mistaken for a pass or a failure:
 *
 *   const OBJDUMP = 'riscv64-unknown-elf-objdump';
 *   if (!hasTool(OBJDUMP)) console.warn(toolMissingMessage(OBJDUMP));
 *   describe.skipIf(!hasTool(OBJDUMP))('...', () => { ... });
 */
import { spawnSync } from 'node:child_process';

const known = new Map<string, boolean>();

/** Whether `name` can be started (found on PATH and answering `--version`). The answer is cached. */
export function hasTool(name: string): boolean {
  let present = known.get(name);
  if (present === undefined) {
    const r = spawnSync(name, ['--version'], { stdio: 'ignore', timeout: 10_000 });
    present = r.error === undefined && r.status === 0;
    known.set(name, present);
  }
  return present;
}

/** Debian packages that provide the tools tests use (the same ones .ci/run installs). */
const PACKAGE_OF: Record<string, string> = {
  'riscv64-unknown-elf-as': 'binutils-riscv64-unknown-elf',
  'riscv64-unknown-elf-ld': 'binutils-riscv64-unknown-elf',
  'riscv64-unknown-elf-objdump': 'binutils-riscv64-unknown-elf',
  'riscv64-unknown-elf-gcc': 'gcc-riscv64-unknown-elf',
  'qemu-system-riscv64': 'qemu-system-misc',
  dtc: 'device-tree-compiler',
  chromium: 'chromium',
};

/** The skip reason for a test that needs `name`, saying how to install it. */
export function toolMissingMessage(name: string): string {
  const pkg = PACKAGE_OF[name];
  const how = pkg ? ` (Debian package ${pkg}; .ci/run installs it)` : '';
  return `SKIPPED: ${name} is not installed${how}, so the tests that compare against it did not run.`;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  status: number;
}

/**
 * Run a tool to completion and return its output. Throws (with the tool's stderr) when it cannot start or
 * exits non-zero, unless `allowFailure` is set, in which case the caller reads `status`.
 */
export function run(
  cmd: string,
  args: readonly string[],
  options: { input?: string | Uint8Array; cwd?: string; timeoutMs?: number; allowFailure?: boolean } = {},
): RunResult {
  const r = spawnSync(cmd, args, {
    input: options.input,
    cwd: options.cwd,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 60_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) throw new Error(`${cmd} could not run: ${r.error.message}`);
  const result = { stdout: r.stdout, stderr: r.stderr, status: r.status ?? -1 };
  if (result.status !== 0 && !options.allowFailure) {
    throw new Error(`${cmd} ${args.join(' ')} exited with ${result.status}:\n${r.stderr}`);
  }
  return result;
}
