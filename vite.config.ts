/// <reference types="vitest/config" />
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * The Content-Security-Policy of the built page, as a meta tag (a static host may send no headers):
 * everything from our own origin, no inline or eval'd script, WebAssembly compilation allowed for
 * tfjs' wasm backend ('wasm-unsafe-eval' permits WebAssembly.compile, not eval), no plugins, no
 * other origins. Only in builds: the dev server injects inline scripts for hot reload.
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self'",
  // blob: only for the PNG export, which draws the page's own SVG (an object URL) onto a canvas.
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const contentSecurityPolicy = (): Plugin => ({
  name: 'lr-lab-csp',
  apply: 'build',
  transformIndexHtml: () => [
    {
      tag: 'meta',
      attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP },
      injectTo: 'head-prepend',
    },
  ],
});

/**
 * The page's chunk (src/mount.tsx: React, the charts) and the chunks it imports, fetched with the
 * HTML. The entry imports it dynamically, after it has started the worker (src/main.tsx), so
 * without this the browser would ask for it only once the entry had loaded and run; preloaded, it
 * is fetched, and compiled off the main thread, while the entry runs.
 */
const preloadPage = (): Plugin => ({
  name: 'lr-lab-preload-page',
  apply: 'build',
  transformIndexHtml: {
    order: 'post',
    handler: (_html, ctx) => {
      const chunks = Object.values(ctx.bundle ?? {}).filter((out) => out.type === 'chunk');
      const page = chunks.find((c) => c.facadeModuleId?.endsWith('/src/mount.tsx'));
      // A renamed page chunk would silently lose its head start: the build says so instead.
      if (!page) throw new Error('lr-lab-preload-page: no chunk for src/mount.tsx');
      // What the entry imports, however deep, Vite preloads already.
      const entry = new Set<string>();
      const visit = (file: string) => {
        if (entry.has(file)) return;
        entry.add(file);
        chunks.find((c) => c.fileName === file)?.imports.forEach(visit);
      };
      chunks.filter((c) => c.isEntry).forEach((c) => visit(c.fileName));
      const link = (rel: string, file: string) => ({
        tag: 'link',
        attrs: { rel, crossorigin: true, href: `./${file}` },
        injectTo: 'head' as const,
      });
      return [
        ...[...page.imports, page.fileName]
          .filter((file) => !entry.has(file))
          .map((file) => link('modulepreload', file)),
        ...[...(page.viteMetadata?.importedCss ?? [])].map((css) => link('stylesheet', css)),
      ];
    },
  },
});

/**
 * Offline after the first visit (a classroom's Wi-Fi fails): a Workbox service worker precaches
 * every built file — the page, its script and styles, the training worker's chunk with its
 * backends, the three tfjs .wasm files, the icons — and serves them when the network is gone.
 * It registers from a generated file (`registerSW.js`, same origin), not an inline script, which
 * the CSP forbids; `autoUpdate` replaces an old worker as soon as a new build is found.
 */
const offline = () =>
  VitePWA({
    strategies: 'generateSW',
    registerType: 'autoUpdate',
    injectRegister: 'script',
    manifest: {
      name: 'lr-lab — the learning-rate lab',
      short_name: 'lr-lab',
      description: 'An interactive lab for the learning rate of gradient descent.',
      start_url: './',
      scope: './',
      display: 'standalone',
      background_color: '#ffffff',
      theme_color: '#ffffff',
      icons: [
        { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
        { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
        { src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml' },
      ],
    },
    workbox: {
      globPatterns: ['**/*.{js,css,html,wasm,svg,png,webmanifest}'],
      // The worker chunk with all four backends is ~2.3 MB, the wasm files up to ~0.5 MB each.
      maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
      // Links carry the whole state in the query: every one of them is the same page offline.
      navigateFallback: 'index.html',
      ignoreURLParametersMatching: [/.*/],
      cleanupOutdatedCaches: true,
      // The first visit is controlled at once, so it already works offline after it.
      clientsClaim: true,
      skipWaiting: true,
    },
  });

export default defineConfig({
  plugins: [react(), contentSecurityPolicy(), preloadPage(), offline()],
  base: './',
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  preview: { host: '127.0.0.1', port: 4173, strictPort: false },
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    // Worker threads, not child processes: each file still gets its own module graph, at less
    // cost (on this two-core machine: 253 CPU-s and 130 s with forks, 230–244 and 119–126 s).
    pool: 'threads',
    // Vitest's default is one worker per core but one: a single one on a two-core machine, where
    // the unit tests (about four minutes of CPU, the longest file under a minute) then take twice
    // as long as they need. VITEST_MAX_WORKERS overrides it.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
