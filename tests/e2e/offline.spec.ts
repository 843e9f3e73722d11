import { expect, test } from '@playwright/test';
import { LECTURE_VERDICTS, openLab, readFingerprint, rows } from './helpers';

/**
 * After one visit the lab works with the network off: the service worker (vite-plugin-pwa,
 * Workbox) precached the page, the worker chunk and the wasm files, and a reload offline trains
 * the figure to its verdicts. No request of the session leaves the page's origin.
 */
test.describe('with the service worker', () => {
  // The config blocks it for every other test (playwright.config.ts).
  test.use({ serviceWorkers: 'allow' });
  for (const backend of ['cpu', 'wasm'] as const) {
    test(`offline reload trains the lecture figure (?backend=${backend})`, async ({
      page,
      context,
      baseURL,
    }) => {
      test.setTimeout(180_000);
      const origin = new URL(baseURL ?? '').origin;
      const foreign: string[] = [];
      // The context sees the service worker's own requests too, not only the page's.
      context.on('request', (r) => {
        const url = new URL(r.url());
        if (url.origin !== origin && url.protocol !== 'data:' && url.protocol !== 'blob:') {
          foreign.push(r.url());
        }
      });
      await openLab(page, `backend=${backend}`);
      const online = await readFingerprint(page);
      // The page's service worker is active and controls it (clientsClaim: no reload needed).
      await page.evaluate(() => navigator.serviceWorker.ready);
      await expect
        .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null))
        .toBe(true);

      await context.setOffline(true);
      expect(await page.evaluate(() => navigator.onLine)).toBe(false);
      await page.reload();
      await page.waitForSelector('[data-status=done], [data-error]');
      expect(await page.locator('[data-error]').count()).toBe(0);
      await expect(page.locator('[data-testid=backend]')).toHaveText(backend);
      expect((await rows(page)).map((r) => r.verdict)).toEqual([...LECTURE_VERDICTS]);
      // The same run as online: the same code, served from the cache.
      expect(await readFingerprint(page)).toBe(online);
      // A link with other parameters, never visited, opens offline too (one precached page).
      await page.goto('./?backend=cpu&scene=quadratic&seed=5');
      await page.waitForSelector('[data-status=done]');
      expect(await rows(page)).toHaveLength(4);
      await context.setOffline(false);
      expect(foreign).toEqual([]);
    });
  }
});

test.describe('without the service worker', () => {
  /** The control: the offline reload above works because of the service worker, not the test's setup. */
  test('an offline reload fails', async ({ page, context }) => {
    await openLab(page, 'backend=cpu');
    await context.setOffline(true);
    await expect(page.reload()).rejects.toThrow(/ERR_INTERNET_DISCONNECTED/);
    await context.setOffline(false);
  });
});
