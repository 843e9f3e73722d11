import { expect, test } from '@playwright/test';
import { LECTURE_VERDICTS, openLab, readFingerprint, rows, waitDone, watchPage } from './helpers';

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
