import { resolve } from 'node:path';
import type { HtmlTagDescriptor, Plugin } from 'vite';
import { defineConfig } from 'vite';

/** The entry pages (web/<name>.html): each holds only its title and its script. */
const PAGES = [
  'index',
  'ward',
  'handheld',
  'patient',
  'audit',
  'passport',
  'measures',
  'charts',
  'huddle',
  'admin',
];

/** Beacon's mark: a lighthouse on a dark tile, inline so no page makes a request for it. */
const ICON =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Crect width='32' height='32' rx='6' fill='%230b0f14'/%3E%3Cpath d='M16 5l4 9h-8z' fill='%23ffd166'/%3E%3Crect x='12' y='14' width='8' height='13' fill='%23f3f5f8'/%3E%3Crect x='12' y='18' width='8' height='3' fill='%23c62828'/%3E%3C/svg%3E";

/** What every page's head starts with, written once and put into each page at build time. */
const HEAD: HtmlTagDescriptor[] = [
  { tag: 'meta', attrs: { charset: 'utf-8' } },
  { tag: 'meta', attrs: { name: 'viewport', content: 'width=device-width, initial-scale=1' } },
  { tag: 'meta', attrs: { name: 'referrer', content: 'no-referrer' } },
  { tag: 'link', attrs: { rel: 'icon', href: ICON } },
].map((tag) => ({ ...tag, injectTo: 'head-prepend' as const }));

const sharedHead = (): Plugin => ({ name: 'beacon-shared-head', transformIndexHtml: () => HEAD });

// The screens are static pages served by Beacon's api (src/web-pages): one entry page per screen (PAGES).
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  publicDir: false,
  plugins: [sharedHead()],
  build: {
    outDir: resolve(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    // Maps are written for whoever debugs on the server, but not referenced from the bundles (and never served).
    sourcemap: 'hidden',
    // The patient chart's page carries Apache ECharts (≈550 kB, 190 kB gzipped); no other page loads it.
    chunkSizeWarningLimit: 600,
    rollupOptions: {
      input: Object.fromEntries(PAGES.map((page) => [page, resolve(import.meta.dirname, `${page}.html`)])),
    },
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
});
