import { expect, test } from './sharedTab';
import {
  expectNoNotice,
  LECTURE_VERDICTS,
  openLab,
  rows,
  VERDICT_KINDS,
  watchPage,
} from './helpers';

/**
 * A forced backend trains in the worker on that backend, says so, and gives the lecture figure's
 * verdicts (backends differ by ~1e-6 per step, far too little to move a verdict). WebGPU runs here
 * through SwiftShader and WebGL in the worker through OffscreenCanvas: slow, so few such pages.
 */
for (const backend of ['webgpu', 'webgl', 'cpu', 'wasm'] as const) {
  test(`?backend=${backend} trains on ${backend} and says so`, async ({ page }) => {
    const watched = watchPage(page);
    await openLab(page, `backend=${backend}`);
    await expect(page.locator('[data-testid=backend]')).toHaveText(backend);
    // Forced and started: no "fell back to …" notice.
    await expectNoNotice(page);
    expect((await rows(page)).map((r) => r.verdict)).toEqual([...LECTURE_VERDICTS]);
    expect(watched.errors).toEqual([]);
  });
}

test('?backend=webgpu&scene=quadratic trains the bowl on webgpu with a verdict per run', async ({
  page,
}) => {
  const watched = watchPage(page);
  await openLab(page, 'backend=webgpu&scene=quadratic');
  await expect(page.locator('[data-testid=backend]')).toHaveText('webgpu');
  const got = await rows(page);
  expect(got).toHaveLength(4);
  for (const r of got) expect(VERDICT_KINDS).toContain(r.verdict);
  // The contour map is drawn with a path per run.
  await expect(page.locator('svg[data-testid=surface-chart] g[data-run]')).toHaveCount(4);
  expect(await page.evaluate(() => document.documentElement.outerHTML)).not.toMatch(/NaN|Infinity/);
  expect(watched.errors).toEqual([]);
});

test('the webgpu page really has a WebGPU adapter (the test is not passing on a fallback)', async ({
  page,
}) => {
  await page.goto('./?backend=cpu');
  const adapter = await page.evaluate(async () => {
    const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
    return gpu ? (await gpu.requestAdapter()) !== null : false;
  });
  expect(adapter).toBe(true);
});

/**
 * The data scenes on the GPU backends: minibatches gathered by index, a network through batched
 * matMuls and autodiff, validation every step and the slice, all in WebGL and WebGPU kernels.
 */
for (const backend of ['webgpu', 'webgl'] as const) {
  test(`data scenes train on ${backend}: minibatch regression and the cars network`, async ({
    page,
  }) => {
    test.setTimeout(240_000);
    const watched = watchPage(page);
    for (const query of ['scene=linreg&batch=12&steps=40', 'scene=cars&steps=40&lr=0.05']) {
      await openLab(page, `backend=${backend}&${query}`);
      await expect(page.locator('[data-testid=backend]')).toHaveText(backend);
      await expectNoNotice(page);
      for (const r of await rows(page)) expect(VERDICT_KINDS).toContain(r.verdict);
      await expect(
        page.locator('[data-testid=loss-chart] g[data-run^=val-]').first(),
      ).toBeAttached();
      expect(await page.evaluate(() => document.documentElement.outerHTML)).not.toMatch(
        /NaN|Infinity/,
      );
    }
    expect(watched.errors).toEqual([]);
  });
}
