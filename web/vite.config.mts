import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// The screens are static pages served by Beacon's api (src/web): the ward display, the handheld and an index.
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  publicDir: false,
  build: {
    outDir: resolve(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    rollupOptions: {
      input: {
        index: resolve(import.meta.dirname, 'index.html'),
        ward: resolve(import.meta.dirname, 'ward.html'),
        handheld: resolve(import.meta.dirname, 'handheld.html'),
      },
    },
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
});
