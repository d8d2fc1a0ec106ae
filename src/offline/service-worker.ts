/**
 * The service worker of the folder build (dist/): it makes a second visit work with no network at all.
 * The vite plugin (vite-plugin.ts) compiles this file to dist/sw.js and defines the two constants below:
 * the list of every file the build wrote, and a cache name that changes whenever any of their bytes do.
 *
 * - install: fetch every file of the build into a fresh cache (bypassing the HTTP cache, so a stale copy
 *   is never stored), then take over at once.
 * - activate: delete the caches of earlier builds (any "hartscope-" cache but this one).
 * - fetch: cache first; a page navigation inside the app's folder is answered with the cached index.html;
 *   anything not cached goes to the network.
 * SIMPLIFICATION: a new build takes over open tabs at once (skipWaiting); a tab still showing the old page
 * could then miss one of the old build's files while offline. The page is one bundle, loaded at start, so
 * in practice it has everything it needs by then.
 */
export {};

declare const PRECACHE: readonly string[];
declare const CACHE_NAME: string;

const CACHE_PREFIX = 'hartscope-';

// The few parts of the service worker global scope used here (the DOM lib that the project compiles
// against does not declare them, and the WebWorker lib cannot be loaded beside it).
interface ExtendableEventLike extends Event {
  waitUntil(work: Promise<unknown>): void;
}
interface FetchEventLike extends ExtendableEventLike {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface ServiceWorkerScopeLike {
  readonly registration: { readonly scope: string };
  readonly clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEventLike) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEventLike) => void): void;
}

const sw = self as unknown as ServiceWorkerScopeLike;

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE_NAME);
      await cache.addAll(PRECACHE.map((path) => new Request(path, { cache: 'reload' })));
      await sw.skipWaiting();
    })(),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names.filter((n) => n.startsWith(CACHE_PREFIX) && n !== CACHE_NAME).map((n) => caches.delete(n)),
      );
      await sw.clients.claim();
    })(),
  );
});

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || !request.url.startsWith(sw.registration.scope)) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE_NAME);
      const hit = await cache.match(request, { ignoreSearch: true });
      if (hit) return hit;
      if (request.mode === 'navigate') {
        const page = await cache.match(new URL('./index.html', sw.registration.scope).href);
        if (page) return page;
      }
      return fetch(request);
    })(),
  );
});
