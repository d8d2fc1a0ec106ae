/**
 * The page's machine tools in Chromium with the real worker: a snapshot restored from a file (made here by
 * the same session code, stepped 5 instructions into hello.S) puts the machine where the file says, a damaged
 * file is refused with its message and the machine stays; the boot time; RAM touched; and a restarted worker
 * gets the program back without the user loading it again.
 */
import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { type EmulatorConnection } from '../../src/worker/client';
import { EmulatorSession } from '../../src/worker/emulator-session';
import { assembleRequest, EXAMPLES } from '../../ui/app/examples';
import {
  clickButton,
  connect,
  connections,
  consoleText,
  pickExample,
  renderApp,
  useAppHarness,
  waitForReady,
} from './harness';

useAppHarness();

const hexPc = (pc: bigint): string => {
  const h = pc.toString(16).padStart(16, '0');
  return `0x${h.slice(0, 4)}_${h.slice(4, 8)}_${h.slice(8, 12)}_${h.slice(12)}`;
};

/** hello.S stepped 5 instructions, saved by the session the worker runs (default 128 MiB machine). */
async function helloSnapshot(): Promise<{ file: Uint8Array; pc: bigint }> {
  const s = new EmulatorSession();
  const hello = EXAMPLES.find((x) => x.file === 'hello.S')!;
  const r = await s.assembleAndLoad(assembleRequest('hello.S', hello.text, 'bare'));
  expect(r.ok).toBe(true);
  await s.step(5);
  const pc = (await s.getState()).pc;
  return { file: (await s.saveSnapshot()).file, pc };
}

describe('machine tools in the page', () => {
  it('restores a snapshot file, refuses a damaged one, saves one and shows the sizes', async () => {
    const { file, pc } = await helloSnapshot();
    expect(pc).not.toBe(0x8000_0000n);
    const screen = await renderApp();
    await expect
      .element(screen.getByTestId('memory-usage'))
      .toMatchTextContent(/Memory: 128 MiB allocated, 0 B touched/);
    await userEvent.upload(
      screen.getByTestId('restore-snapshot'),
      new File([file as BlobPart], 'hello.hsnap'),
    );
    await expect.element(screen.getByTestId('program')).toHaveTextContent('hello.hsnap');
    await expect.element(screen.getByTestId('pc')).toHaveTextContent(hexPc(pc));
    await expect
      .element(screen.getByTestId('memory-usage'))
      .toMatchTextContent(/Memory: 128 MiB allocated, [1-9]/);

    const damaged = file.slice();
    damaged[damaged.length - 20] ^= 1;
    await userEvent.upload(
      screen.getByTestId('restore-snapshot'),
      new File([damaged as BlobPart], 'bad.hsnap'),
    );
    await expect.element(screen.getByRole('alert')).toMatchTextContent(/bad\.hsnap: /);
    await expect.element(screen.getByTestId('program')).toHaveTextContent('hello.hsnap');
    await expect.element(screen.getByTestId('pc')).toHaveTextContent(hexPc(pc));

    await screen.getByRole('button', { name: 'Save snapshot' }).click();
    await expect
      .element(screen.getByTestId('snapshot-info'))
      .toMatchTextContent(/snapshot [\d.]+ (B|KiB) of 128 MiB RAM \(\d+ pages stored\)/);
  });

  it('measures the boot time of an S-mode payload under the monitor', async () => {
    const screen = await renderApp();
    await pickExample(screen, 'hello-sbi.S');
    await screen.getByRole('button', { name: 'Boot time' }).click();
    await expect
      .element(screen.getByTestId('boot-time'))
      .toMatchTextContent(
        /first S-mode instruction: step \d+, [\d.]+ ms; first console byte: step \d+, [\d.]+ ms/,
      );
    await page.screenshot({ path: '__screenshots__/app-machine-tools.png' });
  });

  it('loads the program again into a restarted worker', async () => {
    const fail: ((reason: string) => void)[] = [];
    const failing = (): EmulatorConnection => {
      const c = connect();
      return { ...c, onFailure: (l) => fail.push(l) };
    };
    const screen = await renderApp({ connect: failing });
    await pickExample(screen, 'hello-sbi.S');
    await screen.getByRole('button', { name: 'Step', exact: true }).click();
    await expect.element(screen.getByTestId('status')).toMatchTextContent(/paused/);
    const before = connections.length;
    fail[fail.length - 1]('simulated crash');
    await expect.poll(() => connections.length).toBe(before + 1);
    await expect.element(screen.getByRole('alert')).toMatchTextContent(/simulated crash.*loaded again/);
    await expect.element(screen.getByTestId('program')).toHaveTextContent('hello-sbi.S');
    await waitForReady(screen);
    // It runs under the monitor again: the S-mode payload prints through the SBI (hello-sbi.S's first line).
    await clickButton(screen, 'Run');
    await expect.element(screen.getByTestId('status')).toMatchTextContent(/exited with code 0/);
    await expect.poll(consoleText).toContain('This is S-mode, printing through the SBI.');
  });
});
