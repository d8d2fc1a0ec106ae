/** Terminal (xterm.js) in Chromium: guest bytes in, escape sequences interpreted, never HTML, keys out. */
import { describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { Terminal } from '../../../ui/panels/Terminal';
import { shoot, Themed } from './shots';

function connection() {
  const sinks: ((bytes: Uint8Array) => void)[] = [];
  const registerWrite = (sink: (bytes: Uint8Array) => void) => {
    sinks.push(sink);
    return () => sinks.splice(sinks.indexOf(sink), 1);
  };
  const write = (text: string) => sinks.forEach((s) => s(new TextEncoder().encode(text)));
  return { registerWrite, write, sinks };
}

const screenText = (c: Element) =>
  [...c.querySelectorAll('.xterm-rows > div')].map((r) =>
    (r.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd(),
  );

describe('Terminal', () => {
  it('shows guest bytes as text, interpreting escape sequences and never HTML', async () => {
    const conn = connection();
    const screen = await render(<Terminal registerWrite={conn.registerWrite} />);
    expect(conn.sinks).toHaveLength(1);
    conn.write('<b>bold?</b> & <script>x()</script>\n');
    conn.write('\x1b[31mred\x1b[0m plain\n');
    conn.write('abcdef\rXY\n');
    await expect
      .poll(() => screenText(screen.container).slice(0, 3))
      .toEqual(['<b>bold?</b> & <script>x()</script>', 'red plain', 'XYcdef']);
    expect(screen.container.querySelector('.xterm-rows b, .xterm-rows script')).toBeNull();
    // SGR 31 (red foreground) made a span with xterm's palette class for colour 1.
    const red = [...screen.container.querySelectorAll('.xterm-rows span')].find(
      (s) => s.textContent === 'red',
    );
    expect(red?.className).toContain('xterm-fg-1');
  });

  it('sends what the user types to onInput as bytes (Enter as CR)', async () => {
    const conn = connection();
    const onInput = vi.fn();
    const screen = await render(<Terminal registerWrite={conn.registerWrite} onInput={onInput} />);
    await userEvent.click(screen.getByTestId('terminal'));
    await userEvent.keyboard('hi{Enter}');
    const sent = onInput.mock.calls.map((call) => new TextDecoder().decode(call[0] as Uint8Array)).join('');
    expect(sent).toBe('hi\r');
  });

  it('lets Tab move focus on instead of keeping it (no keyboard trap); Ctrl+I still types a tab', async () => {
    const conn = connection();
    const onInput = vi.fn();
    const screen = await render(
      <>
        <Terminal registerWrite={conn.registerWrite} onInput={onInput} />
        <button type="button">after</button>
      </>,
    );
    await userEvent.click(screen.getByTestId('terminal'));
    expect(document.activeElement?.closest('.hs-terminal')).not.toBeNull();
    await userEvent.keyboard('{Control>}i{/Control}');
    await userEvent.keyboard('{Tab}');
    expect(document.activeElement?.textContent).toBe('after');
    const sent = onInput.mock.calls.map((call) => new TextDecoder().decode(call[0] as Uint8Array)).join('');
    expect(sent).toBe('\t');
  });

  it('unregisters its sink when it goes away', async () => {
    const conn = connection();
    const screen = await render(<Terminal registerWrite={conn.registerWrite} />);
    expect(conn.sinks).toHaveLength(1);
    await screen.unmount();
    expect(conn.sinks).toHaveLength(0);
  });

  it('looks like a terminal in light and dark', async () => {
    await page.viewport(800, 700);
    const conn = connection();
    await render(
      <Themed>
        <Terminal registerWrite={conn.registerWrite} rows={8} />
      </Themed>,
    );
    conn.write('OpenSBI-style banner\n\x1b[1;32mok\x1b[0m booted in \x1b[33mS-mode\x1b[0m\n$ ');
    await expect.poll(() => document.body.textContent).toContain('booted in');
    await shoot('terminal');
  });
});
