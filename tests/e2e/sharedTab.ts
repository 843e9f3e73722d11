import { test as base, type BrowserContext, type Page } from '@playwright/test';

/**
 * Playwright's `test`, with one browser tab per worker that every test of the spec uses in turn.
 *
 * A test that opens the lab in a new browser context pays for a new window and renderer process
 * and compiles the page's scripts again: on this two-core machine a lecture load to `done` took
 * 2.9 s of CPU (all Chromium processes) from a new context, 1.7 s as a navigation of a tab that
 * had loaded the lab before. The tab keeps only what a browser keeps across navigations, the
 * HTTP cache and the compiled scripts; between tests it goes to a same-origin document that runs
 * nothing (the lab's icon, which ends the previous page and its training worker), and its local
 * storage is emptied, so each test starts as on a first visit. A test changes the viewport or
 * the emulated media for itself only (reduced motion is the option `reducedMotion`, the suite's
 * default in playwright.config.ts); its listeners, routes, extra tabs, permissions and offline
 * mode go with it.
 *
 * For specs that take the tab as it is: a spec that sets context options with `test.use`
 * (permissions, touch, a locale) or needs a script before the page's own
 * (`page.addInitScript`, which a tab cannot drop) keeps Playwright's own `test`.
 */
export const test = base.extend<
  {
    /**
     * 'keep': local storage stays from test to test, as a user's does from link to link (the
     * `auto` backend a first probe stored, src/ui/rememberedBackend.ts).
     */
    tabStorage: 'clear' | 'keep';
  },
  { tab: { context: BrowserContext; page: Page | null } }
>({
  tabStorage: ['clear', { option: true }],
  tab: [
    async ({ browser }, provide, info) => {
      const { baseURL, serviceWorkers } = info.project.use;
      const context = await browser.newContext({ baseURL, serviceWorkers });
      await provide({ context, page: null });
      await context.close();
    },
    { scope: 'worker' },
  ],
  context: async ({ tab }, provide) => {
    await provide(tab.context);
  },
  page: async ({ tab, viewport, reducedMotion, tabStorage }, provide) => {
    if (!tab.page || tab.page.isClosed()) tab.page = await tab.context.newPage();
    const page = tab.page;
    await page.setViewportSize(viewport ?? { width: 1280, height: 720 });
    await page.emulateMedia({ media: null, colorScheme: null, reducedMotion });
    await provide(page);

    for (const other of tab.context.pages()) if (other !== page) await other.close();
    for (const event of TEST_EVENTS) page.removeAllListeners(event);
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    await tab.context.unrouteAll({ behavior: 'ignoreErrors' });
    await tab.context.setOffline(false);
    await tab.context.clearPermissions();
    try {
      await page.goto('./favicon.svg');
      if (tabStorage === 'clear') {
        await page.evaluate(() => {
          localStorage.clear();
          sessionStorage.clear();
        });
      }
    } catch {
      // A tab the test left unusable (a crashed page) is replaced by the next test.
      await page.close();
    }
  },
});

/** The page events a test may listen to; none of its listeners outlives it. */
const TEST_EVENTS = [
  'close',
  'console',
  'crash',
  'dialog',
  'domcontentloaded',
  'download',
  'filechooser',
  'frameattached',
  'framedetached',
  'framenavigated',
  'load',
  'pageerror',
  'popup',
  'request',
  'requestfailed',
  'requestfinished',
  'response',
  'websocket',
  'worker',
] as const;

export { expect } from '@playwright/test';
