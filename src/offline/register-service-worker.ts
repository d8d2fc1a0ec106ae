/**
 * Registers dist/sw.js (service-worker.ts). The vite plugin compiles this to dist/register-sw.js and adds
 * it to the folder build's index.html as an ordinary script, so the app's own code knows nothing of it and
 * the dev server and the single-file build never register a worker.
 *
 * Pages opened from file:// cannot have a service worker (and need none); over http(s) the browser
 * requires a secure context (https, or http on localhost). Where it cannot register, the app still works
 * online; it says why in the console, not in the page.
 */
export {};

if ('serviceWorker' in navigator && window.isSecureContext) {
  navigator.serviceWorker.register('./sw.js').catch((e: unknown) => {
    console.warn(`hartscope: offline use is not available (service worker: ${String(e)})`);
  });
}
