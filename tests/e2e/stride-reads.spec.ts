import { expect, test } from './sharedTab';
import { expectFirstScreenReads, LANGS, VIEWS } from './firstScreen';
import { openLab, runsOf } from './helpers';

/**
 * The strided loss view reads as the presets do (tests/e2e/figure-reads.spec.ts): a network
 * trained with minibatches for T = 1300 > 600 steps records its training loss every
 * e = ⌈1300/600⌉ = 3 steps (src/core/trajectory.ts lossStride), so the loss chart draws
 * ⌈1300/3⌉ + 1 = 435 points a run against a validation loss recorded at every step; at the sizes a
 * class uses, in English and Simplified Chinese, the first screen holds both views, no text covers
 * another or a mark, and it matches its kept image.
 */
const QUERY = 'scene=cars&batch=16&steps=1300';

for (const view of VIEWS) {
  for (const lang of LANGS) {
    test(`a strided network, ${view.name}, ${lang}: the first screen tells the story`, async ({
      page,
    }) => {
      test.setTimeout(180_000);
      await page.setViewportSize({ width: view.width, height: view.height });
      // Reduced motion: playback shows the last step at once, so the shot is of the whole run.
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await openLab(page, `${QUERY}&backend=wasm&lang=${lang}${view.query}`);
      // The link is read whole (no notice of a refused field) and trains at the stride.
      await expect(page.locator('[data-testid=notice]')).toHaveCount(0);
      // Every run that stays finite records 435 losses (a diverging one stops at its first
      // non-finite loss), and most runs do.
      const runs = await runsOf(page);
      const whole = runs.filter((r) => r.verdict !== 'diverged');
      expect(whole.length).toBeGreaterThanOrEqual(runs.length - 1);
      expect(whole.map((r) => r.recorded)).toEqual(whole.map(() => 435));
      await expect(page.locator('td[data-loss-every]').first()).toHaveAttribute(
        'data-loss-every',
        '3',
      );
      await expectFirstScreenReads(page, view, `stride-${view.name}-${lang}.png`);
    });
  }
}
