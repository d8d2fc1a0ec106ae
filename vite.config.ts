import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { contentSecurityPolicy } from './src/offline/csp.ts';
import { offlineBuilds } from './src/offline/vite-plugin.ts';

// The app: index.html -> src/main.tsx -> ui/. The emulator runs in a module Web Worker (src/worker/).
// `vite build` writes the folder build (dist/, an installable PWA); `vite build --mode single` writes the
// single-file build (dist-single/hartscope.html). Both are made by src/offline/vite-plugin.ts.
export default defineConfig({
  plugins: [react(), offlineBuilds()],
  // Relative asset paths, so the built dist/ works from any folder (DESIGN.md: "from one folder").
  base: './',
  worker: { format: 'es' },
  build: { target: 'es2022' },
  // The built page carries its policy in a meta tag; `vite preview` sends it as a header too. (The dev
  // server does not: its page has inline scripts of its own, for React's hot reload.)
  preview: { headers: { 'Content-Security-Policy': contentSecurityPolicy() } },
});
