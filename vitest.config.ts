import './test/node20-polyfills.ts';
import { execFileSync } from 'node:child_process';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

/**
 * The Chromium that the browser tests drive: $CHROMIUM_PATH, else the `chromium` on PATH (Debian's package;
 * .ci/run installs it). Playwright's own browser download is never used.
 */
function chromiumPath(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      return execFileSync('which', [name], { encoding: 'utf8' }).trim();
    } catch {
      // not on PATH: try the next name
    }
  }
  return undefined;
}

// Two projects in one `vitest run`: the Node tests, and the browser tests in a real headless Chromium.
// Inline projects inherit the root config's plugins (React, from vite.config.ts).
export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      projects: [
        {
          extends: true,
          test: {
            name: 'node',
            environment: 'node',
            include: ['test/**/*.test.ts'],
            exclude: ['test/**/*.browser.test.{ts,tsx}'],
            // HARTSCOPE_ENGINE=translator runs every machine of the Node tests on the block translator.
            setupFiles: ['test/helpers/engine-setup.ts'],
            testTimeout: 60_000,
          },
        },
        {
          extends: true,
          test: {
            name: 'browser',
            include: ['test/**/*.browser.test.{ts,tsx}'],
            testTimeout: 30_000,
            // UPDATE_SCREENSHOT=1 refreshes docs/screenshot.png (the README's); plain runs leave it alone.
            provide: { saveScreenshot: Boolean(process.env.UPDATE_SCREENSHOT) },
            browser: {
              enabled: true,
              headless: true,
              provider: playwright({
                launchOptions: {
                  executablePath: chromiumPath(),
                  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
                },
              }),
              instances: [{ browser: 'chromium' }],
            },
          },
        },
      ],
    },
  }),
);
