/**
 * A worker that dies takes the machine with it: the page starts a new one and loads the last program into it
 * again (issue 5), from its start. Expected values: hello.S's entry 0x8000_0000 (its linker script and GNU
 * objdump's listing of hello.elf), and its console text (the strings in firmware/examples/hello.S).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { connectEmulator, type EmulatorConnection } from '../../src/worker/client';
import { App } from '../../ui/App';

const HELLO = 'Hello from hartscope! This is M-mode.';
const ENTRY = '0x0000_0000_8000_0000';

/** Every worker the page started, with a way to kill it as a crash would (terminated, then reported). */
const started: { connection: EmulatorConnection; kill(reason: string): void }[] = [];
const connect = (): EmulatorConnection => {
  const c = connectEmulator();
  const listeners: ((reason: string) => void)[] = [];
  c.onFailure((reason) => listeners.forEach((l) => l(reason)));
  const kill = (reason: string) => {
    c.terminate();
    listeners.forEach((l) => l(reason));
  };
  started.push({ connection: c, kill });
  return { ...c, onFailure: (l) => listeners.push(l) };
};

const terminalText = () => document.querySelector('.xterm-rows')?.textContent ?? '';

beforeEach(() => localStorage.clear());
afterEach(() => {
  for (const s of started.splice(0)) s.connection.terminate();
});

describe('a worker restart', () => {
  it('loads the last program into the new worker: pc at its entry, console empty, the user told', async () => {
    await page.viewport(1440, 900);
    const screen = await render(<App connect={connect} />);
    await expect.element(screen.getByRole('button', { name: /assemble/i })).toBeVisible();
    await screen.getByRole('combobox', { name: 'Example' }).selectOptions('hello.S');
    await expect.element(screen.getByTestId('status')).toHaveTextContent('ready');
    await screen.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.element(screen.getByTestId('status')).toMatchTextContent(/exited with code 0/);
    await expect.poll(terminalText).toContain(HELLO);
    expect(screen.getByTestId('pc').element().textContent).not.toBe(ENTRY);

    const before = started.length;
    started[started.length - 1].kill('killed by the test');
    await expect.poll(() => started.length).toBe(before + 1);
    const alert = screen.getByRole('alert');
    await expect.element(alert).toMatchTextContent(/killed by the test.*restarted/);
    await expect.element(alert).toMatchTextContent(/hello\.S was loaded again, from its start/);
    await expect.element(screen.getByTestId('program')).toHaveTextContent('hello.S');
    await expect.element(screen.getByTestId('status')).toHaveTextContent('ready');
    await expect.element(screen.getByTestId('pc')).toHaveTextContent(ENTRY);
    await expect.element(screen.getByTestId('instret')).toMatchTextContent(/^0$/);
    expect(terminalText()).not.toContain(HELLO);
    await page.screenshot({ path: '__screenshots__/worker-restarted.png' });

    // The new worker runs the program as the old one did.
    await screen.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.element(screen.getByTestId('status')).toMatchTextContent(/exited with code 0/);
    await expect.poll(terminalText).toContain(HELLO);
  });

  it('says nothing was loaded again when there was no program', async () => {
    await page.viewport(1440, 900);
    const screen = await render(<App connect={connect} />);
    await expect.element(screen.getByRole('button', { name: /assemble/i })).toBeVisible();
    await expect.poll(() => started.length).toBeGreaterThan(0);
    started[started.length - 1].kill('killed by the test');
    await expect
      .element(screen.getByRole('alert'))
      .toMatchTextContent(/killed by the test\) and was restarted\.×?$/);
  });
});
