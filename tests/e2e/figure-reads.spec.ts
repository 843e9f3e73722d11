import { expect, test } from './sharedTab';
import { expectFirstScreenReads, LANGS, measure, VIEWS } from './firstScreen';
import { openLab } from './helpers';

/**
 * The figure teaches at a glance (README, Using it: the figure comes first): for every preset, at
 * the sizes a class uses and in English and Simplified Chinese, the first screen holds both views
 * and their legend, nothing is wider than the screen, no text in the two views covers another text
 * or a mark, no two runs look alike; and the first screen matches the image kept in
 * tests/screenshots (a failing comparison writes the expected, actual and diff images under
 * test-results/).
 */
/**
 * The presets, as the page lists them (src/url/presets.ts cannot be imported here: it reads the
 * cars data as JSON, which Playwright's loader refuses). The first test checks the list is whole.
 */
const PRESET_IDS = ['lecture', 'thresholds', 'plain', 'momentum', 'sweep', 'overfit', 'kfold'];

test('every preset on the page is shot', async ({ page }) => {
  await page.goto('./?backend=cpu');
  // The page mounts after its entry has started the worker (src/main.tsx): wait for the bar.
  await expect(page.locator('[data-preset]').first()).toBeVisible();
  const ids = await page
    .locator('[data-preset]')
    .evaluateAll((bs) => bs.map((b) => b.getAttribute('data-preset')));
  expect(ids).toEqual(PRESET_IDS);
});

for (const id of PRESET_IDS) {
  for (const view of VIEWS) {
    for (const lang of LANGS) {
      test(`${id}, ${view.name}, ${lang}: the first screen tells the story`, async ({ page }) => {
        await page.setViewportSize({ width: view.width, height: view.height });
        // Reduced motion: playback shows the last step at once, so the shot is of the whole run.
        await page.emulateMedia({ reducedMotion: 'reduce' });
        await openLab(page, `preset=${id}&backend=wasm&lang=${lang}${view.query}`);
        await expectFirstScreenReads(page, view, `${id}-${view.name}-${lang}.png`);
      });
    }
  }
}

test('a projector at 1024×768 and 1920×1080: the figure fills the stage, nothing cut', async ({
  page,
}) => {
  for (const size of [
    { width: 1024, height: 768 },
    { width: 1920, height: 1080 },
  ]) {
    await page.setViewportSize(size);
    await openLab(page, 'preset=lecture&backend=wasm&present=1');
    const m = await measure(page);
    expect(m.outside, `${size.width}×${size.height}`).toEqual([]);
    expect(m.overflow).toBeLessThanOrEqual(0);
    expect(m.overlaps).toEqual([]);
    // The two views take most of the screen's height.
    const chart = (await page.getByTestId('loss-chart').boundingBox())!;
    expect(chart.height).toBeGreaterThan(size.height * 0.55);
  }
});

test('overfitting shows its lesson: validation turns up while training keeps falling', async ({
  page,
}) => {
  await openLab(page, 'preset=overfit&backend=wasm');
  const steps = Number(await page.getByTestId('scrubber').getAttribute('max'));
  const cell = page.locator('tr[data-lr] td[data-best-step]').first();
  const read = async (name: string) => Number(await cell.getAttribute(name));
  const best = await read('data-best-step');
  // The validation minimum comes in the first half, and the run ends well above it (×1.5), while
  // the training loss at the end is below the training loss at that minimum.
  expect(best).toBeLessThanOrEqual(steps / 2);
  expect(await read('data-val-end')).toBeGreaterThanOrEqual(1.5 * (await read('data-val-best')));
  expect(await read('data-train-end')).toBeLessThan(await read('data-train-best'));
  // Both curves are drawn and the best step is marked on the chart.
  await expect(page.locator('[data-testid=loss-chart] g[data-run^="val-"] path')).not.toHaveCount(
    0,
  );
  await expect(page.locator('[data-testid=loss-chart] [data-best]')).not.toHaveCount(0);
  // And it says so in words (src/core/overfitting.ts: the rise is far above 10 %): the legend,
  // the validation curve's end, and the run's row, which names the step where validation was lowest.
  await expect(page.locator('[data-legend-run="0"]')).toContainText('just right, but overfits');
  const label = page.locator('[data-testid=loss-chart] [data-label="val-0"]');
  await expect(label).toHaveText('overfits');
  const said = page.locator('tr[data-lr] [data-overfits]');
  await expect(said).toHaveAttribute('data-overfits', String(best));
  await expect(said).toContainText(
    `but it overfits: its validation loss was lowest at step ${best}`,
  );
  await expect(page.locator('tr[data-lr] .verdict-label')).toHaveText('just right, but overfits');
  await expect(page.getByTestId('verdict-announcer')).toContainText('just right, but overfits');
});

test('values beyond an axis are marked off the scale, not drawn on the frame', async ({ page }) => {
  // The lecture figure: the just-right run falls below the lowest decade of the loss axis (its
  // loss reaches 1e-30 and less in float32), the diverging one climbs past the top.
  await openLab(page, 'backend=cpu');
  const loss = page.getByTestId('loss-chart');
  await expect(loss.locator('[data-offscale=bottom]')).not.toHaveCount(0);
  await expect(loss.locator('[data-offscale=top]')).not.toHaveCount(0);
  // Each mark says the true value.
  const titles = await loss
    .locator('[data-offscale]')
    .evaluateAll((ms) => ms.map((m) => m.querySelector('title')?.textContent ?? ''));
  for (const t of titles) expect(t).toMatch(/\d/);
});
