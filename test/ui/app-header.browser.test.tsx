/**
 * The page's header at projector and laptop sizes: the privilege indicator in it is no taller than the
 * header's own controls, so it does not make the header taller than a row of buttons. Screenshots at
 * 1280x800 and 1440x900 in __screenshots__/ (header-1280.png, header-1440.png).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { connectEmulator, type EmulatorConnection } from '../../src/worker/client';
import { App } from '../../ui/App';

const connections: EmulatorConnection[] = [];
const connect = (): EmulatorConnection => {
  const c = connectEmulator();
  connections.push(c);
  return c;
};
afterEach(() => {
  for (const c of connections.splice(0)) c.terminate();
});

/** The header's children, grouped by the row they sit on (their top edges, within a few pixels). */
function rows(header: Element): Element[][] {
  const out: { top: number; items: Element[] }[] = [];
  for (const el of [...header.children].filter((e) => e.getBoundingClientRect().width > 0)) {
    const r = el.getBoundingClientRect();
    const mid = r.top + r.height / 2;
    const row = out.find((o) => Math.abs(o.top - mid) < 12);
    if (row) row.items.push(el);
    else out.push({ top: mid, items: [el] });
  }
  return out.map((o) => o.items);
}

describe('the header', () => {
  for (const [width, height] of [
    [1280, 800],
    [1440, 900],
  ]) {
    it(`keeps the privilege indicator to the height of a row of buttons at ${width}x${height}`, async () => {
      localStorage.clear();
      await page.viewport(width, height);
      const screen = await render(<App connect={connect} />);
      await screen.getByRole('combobox', { name: 'Example' }).selectOptions('hello.S');
      await expect.element(screen.getByTestId('status')).toHaveTextContent('ready');
      const header = document.querySelector('.app-header')!;
      const indicator = screen.getByTestId('priv-indicator').element().getBoundingClientRect();
      const buttons = [...header.querySelectorAll('button, select')].map(
        (b) => b.getBoundingClientRect().height,
      );
      const buttonRow = Math.max(...buttons);
      expect(indicator.height).toBeLessThanOrEqual(buttonRow + 6);
      // Readable from the back of a room: the mode's letter at least 20 px, its name at least 15 px.
      const px = (sel: string) => parseFloat(getComputedStyle(header.querySelector(sel)!).fontSize);
      expect(px('.hs-priv-letter')).toBeGreaterThanOrEqual(20);
      expect(px('.hs-priv-name')).toBeGreaterThanOrEqual(15);
      // The header is as tall as its rows of controls, no taller (padding aside).
      const n = rows(header).length;
      expect(header.getBoundingClientRect().height).toBeLessThanOrEqual(n * (buttonRow + 8) + 16);
      console.log(
        `header at ${width}px: ${n} row(s), ${header.getBoundingClientRect().height.toFixed(0)} px tall`,
      );
      await page.screenshot({ path: `__screenshots__/header-${width}.png` });
    });
  }
});
