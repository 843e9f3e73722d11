import { expect, test } from '@playwright/test';
import {
  LECTURE_VERDICTS,
  openLab,
  readFingerprint,
  rows,
  VERDICT_KINDS,
  waitDone,
  watchPage,
} from './helpers';

// Routes do not see what a service worker fetches (Playwright's docs), so these tests rely on the
// config blocking it (playwright.config.ts): from the offline cache, the WASM files could arrive
// around the injected 404s.

/**
 * Injected faults. After each, the page says what happened, keeps its link, and trains the same
 * runs again: on the same backend the fingerprint is what it was without the fault.
 */
test('the training worker crashes: a new worker, the same parameters, the same figure', async ({
  page,
}) => {
  const watched = watchPage(page);
  await openLab(page, 'backend=cpu&lr=0.05,0.5,3,8');
  const before = await readFingerprint(page);
  const link = page.url();
  const worker = page.workers().find((w) => /trainWorker/.test(w.url()));
  expect(worker, 'the training worker').toBeDefined();
  // An uncaught error in the worker's own event loop reaches the page as the worker's error event.
  await worker!.evaluate(() => {
    setTimeout(() => {
      throw new Error('injected crash');
    });
  });
  await expect(page.getByTestId('notice')).toContainText('The training worker stopped');
  await waitDone(page);
  expect(await readFingerprint(page)).toBe(before);
  expect((await rows(page)).map((r) => r.verdict)).toEqual([...LECTURE_VERDICTS]);
  expect(page.url()).toBe(link);
  expect(watched.errors).toEqual([]);
});

test('the training worker is terminated (no error event): it is noticed, replaced, and trains the same figure', async ({
  page,
}) => {
  const watched = watchPage(page);
  // The page's clock runs as usual, but the test can move it on (Playwright's clock).
  await page.clock.install();
  await openLab(page, 'backend=cpu&lr=0.05,0.5,3,8');
  const before = await readFingerprint(page);
  const link = page.url();
  const worker = page.workers().find((w) => /trainWorker/.test(w.url()));
  // close() ends the worker silently, as a browser killing it would: the page gets no event.
  await worker!.evaluate(() => (self as unknown as { close(): void }).close());
  await page.getByRole('button', { name: 'Reset' }).click();
  // The client's watch (src/worker/client.ts: a ping after 3 s of silence, a new worker 15 s after
  // an unanswered ping) runs every second of the page's clock: moved on a second at a time, it
  // notices within its own 18 s, without the test waiting them out.
  const notice = page.getByTestId('notice');
  const said = async () => (await notice.allTextContents()).join(' ');
  for (let s = 0; s < 60 && !(await said()).includes('it stopped answering'); s++) {
    await page.clock.fastForward(1000);
  }
  await expect(notice).toContainText('it stopped answering');
  await waitDone(page);
  expect(await readFingerprint(page)).toBe(before);
  expect((await rows(page)).map((r) => r.verdict)).toEqual([...LECTURE_VERDICTS]);
  expect(page.url()).toBe(link);
  expect(watched.errors).toEqual([]);
});

test('the WASM files fail to load: the next backend (cpu) trains, with a notice', async ({
  page,
}) => {
  const watched = watchPage(page);
  await page.route(/\.wasm$/, (route) => route.fulfill({ status: 404, body: 'gone' }));
  await openLab(page, 'backend=wasm');
  await expect(page.getByTestId('backend')).toHaveText('cpu');
  await expect(page.getByTestId('notice')).toContainText('wasm');
  expect((await rows(page)).map((r) => r.verdict)).toEqual([...LECTURE_VERDICTS]);
  // The same run as a cpu link without the fault.
  const faulty = await readFingerprint(page);
  await page.unroute(/\.wasm$/);
  await openLab(page, 'backend=cpu');
  expect(await readFingerprint(page)).toBe(faulty);
  expect(watched.errors).toEqual([]);
});

test("the panels' chunk fails to load: the figure and its verdicts stay, and the page says so", async ({
  page,
}) => {
  // The panels under the figure load after it, as a chunk of their own (src/ui/layout/LazyPanels.tsx).
  const watched = watchPage(page);
  const panels = /\/assets\/Panels-[^/]*\.js$/;
  await page.route(panels, (route) => route.fulfill({ status: 404, body: 'gone' }));
  await openLab(page);
  expect((await rows(page)).map((r) => r.verdict)).toEqual([...LECTURE_VERDICTS]);
  await expect(page.getByRole('alert')).toContainText('The panels under the figure could not load');
  await expect(page.getByTestId('surface-chart')).toBeVisible();
  await expect(page.getByTestId('loss-chart')).toBeVisible();
  expect(watched.errors).toEqual([]);
  // Reloading without the fault brings them back.
  await page.unroute(panels);
  await openLab(page);
  await expect(page.getByTestId('fingerprint')).toBeVisible();
});

/** The WebGPU device prototype in the worker, as far as the injection below touches it. */
interface DeviceGlobal {
  GPUDevice: { prototype: { createCommandEncoder: (...a: unknown[]) => unknown; destroy(): void } };
}

test('the GPU device is lost mid-run: training goes on on the next backend from the seed, and says so', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const watched = watchPage(page);
  const query = 'scene=quadratic&steps=300&lr=0.05,0.5,1.5,2.5';
  // What the fallback must reproduce: the same link trained on webgl without a fault.
  await openLab(page, `backend=webgl&${query}`);
  const webgl = await readFingerprint(page);
  await openLab(page, `backend=webgpu&${query}`);
  await expect(page.getByTestId('backend')).toHaveText('webgpu');
  const link = page.url();
  const worker = page.workers().find((w) => /trainWorker/.test(w.url()));
  expect(worker, 'the training worker').toBeDefined();
  // The worker entry trained the figure on the device before the training service loaded
  // (src/worker/firstResult.ts), and the service then trains it again to confirm it. Once the
  // service has loaded (tfjs-core's engine, its global `_tfengine`, exists), a Reset is its alone,
  // queued after that confirmation: when the Reset is done, the worker is idle.
  await expect
    .poll(() => worker!.evaluate(() => '_tfengine' in globalThis), { timeout: 30_000 })
    .toBe(true);
  await page.getByRole('button', { name: 'Reset' }).click();
  await waitDone(page);
  // `GPUDevice.destroy()` is how the WebGPU spec lets a page lose its device on purpose; the device
  // is destroyed as the next training asks it for its first command encoder, so in the middle of a run.
  await worker!.evaluate(() => {
    const proto = (globalThis as unknown as DeviceGlobal).GPUDevice.prototype;
    const original = proto.createCommandEncoder;
    let destroyed = false;
    proto.createCommandEncoder = function (this: DeviceGlobal['GPUDevice']['prototype'], ...a) {
      if (!destroyed) {
        destroyed = true;
        this.destroy();
      }
      return original.apply(this, a);
    };
  });
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(page.getByTestId('notice')).toContainText('GPU device was lost');
  await expect(page.getByTestId('notice')).toContainText('trained again from the seed');
  await waitDone(page);
  await expect(page.getByTestId('backend')).toHaveText('webgl');
  expect(await readFingerprint(page)).toBe(webgl);
  for (const r of await rows(page)) expect(VERDICT_KINDS).toContain(r.verdict);
  expect(page.url()).toBe(link);
  expect(watched.errors).toEqual([]);
});
