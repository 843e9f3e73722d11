import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './tests/e2e/chromium';

/** Several checkouts may run end-to-end tests on one machine: each picks its own port. */
const port = Number(process.env.E2E_PORT ?? 4174);

export default defineConfig({
  testDir: 'tests/e2e',
  // The first screens of every preset, kept as images (tests/e2e/figure-reads.spec.ts).
  snapshotPathTemplate: 'tests/screenshots/{arg}{ext}',
  timeout: 120_000,
  expect: { timeout: 60_000 },
  // Every test starts from a fresh page: its own browser context, or a tab that a spec's tests
  // share per worker and that is reset between them (tests/e2e/sharedTab.ts), so tests run in any
  // order and any worker. Two workers fill a two-core machine: a test spends
  // much of its time waiting on the page's training worker, the GPU process or the preview server.
  // E2E_WORKERS picks another count (1 where several checkouts share the machine).
  fullyParallel: true,
  workers: Number(process.env.E2E_WORKERS ?? 2),
  retries: 0,
  // The slider storm times the page's main thread: it runs last, alone, once every other test is
  // done, since a second Chromium on a two-core machine would be timed with it.
  projects: [
    { name: 'e2e', testIgnore: /load\.spec\.ts$/ },
    { name: 'alone', testMatch: /load\.spec\.ts$/, dependencies: ['e2e'] },
  ],
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    // The production build registers a service worker that precaches the whole app (4.3 MB: every
    // backend's chunk and the wasm files) on each fresh context, that is once per test, which costs
    // CPU the test is timed with. Only the offline tests need it, and they allow it.
    serviceWorkers: 'block',
    // A result plays for 2.5 s, and each frame redraws both views: with axe in one pass
    // (a11y.spec), the whole suite went from 1,218 to 977 CPU-s, run after run on this machine.
    // Tests read what a result shows, the same at its last step; those about playing itself (the
    // default figure, the playback shortcuts, the slider storm) set 'no-preference', and a11y.spec
    // checks that this mode shows the last step at once.
    reducedMotion: 'reduce',
  },
  webServer: {
    command: `npx vite preview --port ${port} --strictPort --host 127.0.0.1`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
