import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The app: index.html -> src/main.tsx -> ui/. The emulator runs in a module Web Worker (src/worker/).
export default defineConfig({
  plugins: [react()],
  // Relative asset paths, so the built dist/ works from any folder (DESIGN.md: "from one folder").
  base: './',
  worker: { format: 'es' },
  build: { target: 'es2022' },
});
