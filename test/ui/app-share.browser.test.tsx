/**
 * Share links in the page (src/share/ encodes them): opening one puts its program in the editor under its
 * firmware and runs nothing; a damaged one shows why; Share makes a link that opens the editor's program.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { decodeShareLink, encodeShareLink } from '../../src/share/share-link';
import { connectEmulator, type EmulatorConnection } from '../../src/worker/client';
import { App } from '../../ui/App';

const connections: EmulatorConnection[] = [];
const connect = (): EmulatorConnection => {
  const c = connectEmulator();
  connections.push(c);
  return c;
};
const startUrl = location.href;
beforeEach(() => localStorage.clear());
afterEach(() => {
  for (const c of connections.splice(0)) c.terminate();
  history.replaceState(null, '', startUrl);
});

const PROGRAM = '# shared.S: sent as a link\n  .globl _start\n_start:\n  li a0, 42\n  j _start\n';

async function renderApp() {
  await page.viewport(1440, 900);
  const screen = await render(<App connect={connect} />);
  await expect.element(screen.getByRole('button', { name: /assemble/i })).toBeVisible();
  return screen;
}

describe('share links in the page', () => {
  it('opens a shared program in the editor under its firmware, without running it', async () => {
    const link = await encodeShareLink({ file: 'shared.S', text: PROGRAM, firmware: 'monitor' }, startUrl);
    history.replaceState(null, '', link);
    const screen = await renderApp();
    await expect.element(screen.getByTestId('editor')).toMatchTextContent(/# shared\.S: sent as a link/);
    await screen.getByRole('button', { name: 'Settings' }).click(); // the settings menu (ui/app/SettingsMenu.tsx)
    await expect.element(screen.getByRole('combobox', { name: 'Firmware' })).toHaveValue('monitor');
    await expect.element(screen.getByTestId('status')).toHaveTextContent('no program loaded');
    expect(location.hash).toBe(''); // a reload keeps the user's edits instead of opening the link again
  });

  it('shows why a damaged link cannot be opened', async () => {
    const link = await encodeShareLink({ file: 'shared.S', text: PROGRAM, firmware: 'bare' }, startUrl);
    history.replaceState(null, '', link.slice(0, -12));
    const screen = await renderApp();
    await expect.element(screen.getByRole('alert')).toMatchTextContent(/^Share link: /);
  });

  it('Share copies a link that opens the editor program', async () => {
    localStorage.setItem('hartscope.editor', JSON.stringify({ file: 'mine.S', text: PROGRAM }));
    // Reading the clipboard back needs a permission the test browser does not grant: catch the write.
    let copied = '';
    const write = vi
      .spyOn(navigator.clipboard, 'writeText')
      .mockImplementation(async (t) => void (copied = t));
    const screen = await renderApp();
    await screen.getByRole('button', { name: 'Share' }).click();
    await expect.element(screen.getByTestId('share-message')).toMatchTextContent(/link copied/);
    write.mockRestore();
    const decoded = await decodeShareLink(new URL(copied).hash);
    expect(decoded).toEqual({ ok: true, state: { file: 'mine.S', text: PROGRAM, firmware: 'bare' } });
  });
});
