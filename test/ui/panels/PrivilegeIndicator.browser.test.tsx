/** PrivilegeIndicator: the mode as a letter and a name (not colour alone), for each mode. */
import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-react';
import { PrivilegeIndicator } from '../../../ui/panels/PrivilegeIndicator';
import { shoot, Themed } from './shots';

describe('PrivilegeIndicator', () => {
  it.each([
    [3, 'M', 'machine'],
    [1, 'S', 'supervisor'],
    [0, 'U', 'user'],
  ] as const)('priv %i shows %s (%s mode) in text', async (priv, letter, name) => {
    const screen = await render(<PrivilegeIndicator priv={priv} />);
    const status = screen.getByRole('status');
    await expect.element(status).toHaveAccessibleName(`Privilege mode: ${letter} (${name})`);
    await expect.element(status).toMatchTextContent(new RegExp(`${name} mode`));
    expect(screen.container.querySelector('.hs-priv-letter')?.textContent).toBe(letter);
    expect(screen.container.querySelector('.hs-priv-current')?.textContent).toContain(letter);
  });

  it('looks right in light and dark', async () => {
    await page.viewport(1000, 400);
    await render(
      <Themed>
        <div style={{ display: 'flex', gap: '1rem' }}>
          <PrivilegeIndicator priv={3} />
          <PrivilegeIndicator priv={1} />
          <PrivilegeIndicator priv={0} compact />
        </div>
      </Themed>,
    );
    await shoot('privilege');
  });
});
