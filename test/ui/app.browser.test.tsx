/**
 * The app shell in Chromium, end to end: the real worker, the bundled example, the buttons a user clicks.
 * Expected values come from the example's source (firmware/examples/hello.S) and the link script.
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { connectEmulator, type EmulatorConnection } from '../../src/worker/client';
import { App } from '../../ui/App';
import { ConsoleView } from '../../ui/ConsoleView';

const HELLO_TEXT = 'Hello from hartscope! This is M-mode.\nAnd this is U-mode, printing through an ecall.\n';

let connection: EmulatorConnection | null = null;
afterEach(() => connection?.terminate());

async function renderApp() {
  connection = connectEmulator();
  await page.viewport(1100, 720);
  const screen = await render(<App api={connection.api} />);
  await screen.getByRole('button', { name: /load example/i }).click();
  await expect.element(screen.getByTestId('program')).toHaveTextContent('hello.elf');
  return screen;
}

describe('the app', () => {
  it('loads the bundled example at its entry in M-mode', async () => {
    const screen = await renderApp();
    await expect.element(screen.getByTestId('pc')).toHaveTextContent('0x0000_0000_8000_0000');
    await expect.element(screen.getByTestId('priv')).toHaveTextContent('M (machine)');
    await expect.element(screen.getByTestId('status')).toHaveTextContent('ready');
    await expect.element(screen.getByTestId('instret')).toHaveTextContent('0');
  });

  it('runs the example: console text, exit code, registers, and a screenshot for the README', async () => {
    const screen = await renderApp();
    await screen.getByRole('button', { name: 'Run' }).click();
    await expect
      .element(screen.getByTestId('status'))
      .toHaveTextContent('exited with code 0 (SiFive test finisher)');
    await expect.poll(() => screen.getByTestId('console').element().textContent).toBe(HELLO_TEXT);
    // sys_exit loads the test finisher's address into t0 and its "pass" value 0x5555 into t1.
    await expect.element(screen.getByTestId('reg-x5')).toHaveTextContent('0x0000_0000_0010_0000');
    await expect.element(screen.getByTestId('reg-x6')).toHaveTextContent('0x0000_0000_0000_5555');
    await expect.element(screen.getByRole('button', { name: 'Run' })).toBeDisabled();
    const shot = await page.screenshot({ path: '../../docs/screenshot.png', save: inject('saveScreenshot') });
    expect(shot.length).toBeGreaterThan(0);
  });

  it('steps one instruction, then resets to the entry', async () => {
    const screen = await renderApp();
    await screen.getByRole('button', { name: 'Step' }).click();
    // The first instruction (auipc, from `la sp, stack_top`) is 4 bytes long.
    await expect.element(screen.getByTestId('pc')).toHaveTextContent('0x0000_0000_8000_0004');
    await expect.element(screen.getByTestId('instret')).toHaveTextContent('1');
    await screen.getByRole('button', { name: 'Reset' }).click();
    await expect.element(screen.getByTestId('pc')).toHaveTextContent('0x0000_0000_8000_0000');
    await expect.element(screen.getByTestId('instret')).toHaveTextContent('0');
  });

  it('says why a chosen file cannot be loaded', async () => {
    const screen = await renderApp();
    const input = screen.container.querySelector('input[type=file]') as HTMLInputElement;
    await userEvent.upload(input, new File(['just some text\n'], 'notes.txt'));
    await expect.element(screen.getByRole('alert')).toMatchTextContent(/^notes\.txt: .*ELF/i);
    await expect.element(screen.getByTestId('program')).toHaveTextContent('hello.elf');
  });
});

describe('ConsoleView', () => {
  it('shows guest bytes as text, never as HTML', async () => {
    const screen = await render(<ConsoleView text={'<b>bold?</b> & <script>x()</script>'} />);
    const pre = screen.getByTestId('console').element();
    expect(pre.textContent).toBe('<b>bold?</b> & <script>x()</script>');
    expect(pre.querySelector('b, script')).toBeNull();
  });
});
