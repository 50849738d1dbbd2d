import { fileURLToPath, URL } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The shared package is bundled from its TypeScript source: no build step is needed for it.
export default defineConfig({
  base: '/',
  plugins: [react()],
  resolve: {
    alias: {
      '@incident-desk/shared': fileURLToPath(new URL('../shared/src/index.ts', import.meta.url)),
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
  build: {
    // the bundle budget test (test/browser/bundle-budget.test.ts) reads which chunks each page loads from the manifest
    manifest: true,
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 2000,
  },
});
