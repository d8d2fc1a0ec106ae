// Values that vitest.config.ts `provide`s to tests.
declare module 'vitest' {
  export interface ProvidedContext {
    /** Save the app screenshot to docs/screenshot.png (UPDATE_SCREENSHOT=1); otherwise it is only taken. */
    saveScreenshot: boolean;
  }
}
export {};
