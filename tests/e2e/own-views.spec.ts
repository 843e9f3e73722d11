import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, test } from './sharedTab';
import { expectFirstScreenReads, LANGS, VIEWS } from './firstScreen';
import { openLab, waitDone } from './helpers';

/**
 * What a teacher brings reads as the presets do (tests/e2e/figure-reads.spec.ts): a typed
 * function, plain descent, momentum and Adam side by side, and a CSV from disk, at the sizes a
 * class uses, in English and Simplified Chinese; each first screen is kept as an image.
 */
const REGRESSION = fileURLToPath(new URL('../fixtures/regression.csv', import.meta.url));

const OWN = {
  formula: async (page: Page, query: string) =>
    openLab(page, `scene=formula&fn=${encodeURIComponent('3x^2 + x*y + y^2/2')}&${query}`),
  optimizers: async (page: Page, query: string) =>
    openLab(
      page,
      `scene=rosenbrock&steps=200&lr=0.001,0.001,0.001&ropt=sgd,momentum,adam&${query}`,
    ),
  data: async (page: Page, query: string) => {
    await openLab(page, `scene=linreg&${query}`);
    await page.getByTestId('csv-input').setInputFiles(REGRESSION);
    await expect.poll(() => new URL(page.url()).searchParams.get('scene')).toBe('csv');
    await waitDone(page);
  },
} satisfies Record<string, (page: Page, query: string) => Promise<void>>;

for (const [id, open] of Object.entries(OWN)) {
  for (const view of VIEWS) {
    for (const lang of LANGS) {
      test(`your own ${id}, ${view.name}, ${lang}: the first screen tells the story`, async ({
        page,
      }) => {
        await page.setViewportSize({ width: view.width, height: view.height });
        await page.emulateMedia({ reducedMotion: 'reduce' });
        await open(page, `backend=wasm&lang=${lang}${view.query}`);
        await expectFirstScreenReads(page, view, `own-${id}-${view.name}-${lang}.png`);
      });
    }
  }
}
