/**
 * Screenshots of a panel in both themes, for people to look at (saved under test-results/panels/, which git
 * ignores). `Themed` renders its children twice, once light and once dark.
 */
import type { ReactNode } from 'react';
import { page } from 'vitest/browser';

export function Themed({ children, width }: { children: ReactNode; width?: string }) {
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 0, width }}>
      {(['light', 'dark'] as const).map((theme) => (
        <div
          key={theme}
          data-theme={theme}
          data-testid={`theme-${theme}`}
          style={{ background: 'var(--hs-bg-alt)', padding: '0.75rem' }}
        >
          {children}
        </div>
      ))}
    </div>
  );
}

export async function shoot(name: string): Promise<void> {
  for (const theme of ['light', 'dark']) {
    const shot = await page
      .getByTestId(`theme-${theme}`)
      .screenshot({ path: `../../../test-results/panels/${name}-${theme}.png` });
    if (!shot) throw new Error(`no screenshot of ${name} (${theme})`);
  }
}
