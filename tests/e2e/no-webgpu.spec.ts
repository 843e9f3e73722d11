import { expect, test } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';
import { LECTURE_VERDICTS, openLab, rows, watchPage } from './helpers';

// Chromium on Linux has no WebGPU without --enable-unsafe-webgpu: a browser without it, as many
// students' browsers are. (launchOptions force a browser of their own, hence a file of its own.)
test.use({
  launchOptions: {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS.filter((a) => a !== '--enable-unsafe-webgpu'),
  },
});

test('without WebGPU, ?backend=webgpu falls back to the next backend and says why', async ({
  page,
}) => {
  const watched = watchPage(page);
  await openLab(page, 'backend=webgpu');
  // The fallback order is webgpu → webgl → wasm → cpu: WebGL starts in the worker here.
  await expect(page.locator('[data-testid=backend]')).toHaveText('webgl');
  await expect(page.locator('[data-testid=notice]')).toContainText(
    'webgpu backend could not start',
  );
  await expect(page.locator('.panel')).toContainText('webgpu could not start');
  expect((await rows(page)).map((r) => r.verdict)).toEqual([...LECTURE_VERDICTS]);
  expect(watched.errors).toEqual([]);
});

test('without WebGPU, auto still trains, on the fastest backend that starts', async ({ page }) => {
  await openLab(page, '');
  await expect(page.locator('[data-testid=backend]')).not.toHaveText('webgpu');
  await expect(page.locator('.panel')).not.toContainText('webgpu ');
  expect((await rows(page)).map((r) => r.verdict)).toEqual([...LECTURE_VERDICTS]);
});
