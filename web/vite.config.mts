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
    // Maps are written for whoever debugs on the server, but not referenced from the bundles (and never served).
    sourcemap: 'hidden',
    // The patient chart's page carries Apache ECharts (≈550 kB, 190 kB gzipped); no other page loads it.
    chunkSizeWarningLimit: 600,
    rollupOptions: {
      input: {
        index: resolve(import.meta.dirname, 'index.html'),
        ward: resolve(import.meta.dirname, 'ward.html'),
        handheld: resolve(import.meta.dirname, 'handheld.html'),
        patient: resolve(import.meta.dirname, 'patient.html'),
        audit: resolve(import.meta.dirname, 'audit.html'),
        passport: resolve(import.meta.dirname, 'passport.html'),
        measures: resolve(import.meta.dirname, 'measures.html'),
        charts: resolve(import.meta.dirname, 'charts.html'),
        huddle: resolve(import.meta.dirname, 'huddle.html'),
        admin: resolve(import.meta.dirname, 'admin.html'),
      },
    },
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
});
