/** Screenshots of a teaching view in both themes (under test-results/teaching/, which git ignores). */
import { page } from 'vitest/browser';

export async function shoot(name: string): Promise<void> {
  for (const theme of ['light', 'dark']) {
    const shot = await page
      .getByTestId(`theme-${theme}`)
      .screenshot({ path: `../../../test-results/teaching/${name}-${theme}.png` });
    if (!shot) throw new Error(`no screenshot of ${name} (${theme})`);
  }
}
