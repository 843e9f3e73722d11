import { expect, test } from './sharedTab';
import {
  expectNoNotice,
  LECTURE_LRS,
  LECTURE_VERDICTS,
  openLab,
  rows,
  urlLrs,
  watchPage,
} from './helpers';

// The page as a first visitor sees it, the figure playing (the suite's default is reduced motion).
test.use({ reducedMotion: 'no-preference' });

test('the default page shows the lecture figure: four runs, four regimes, finite drawings', async ({
  page,
}) => {
  const watched = watchPage(page);
  await openLab(page);

  // The four regimes of the notes' figure, decided by the app from the runs' numbers.
  expect(await rows(page)).toEqual(
    LECTURE_LRS.map((lr, i) => ({ lr, verdict: LECTURE_VERDICTS[i] })),
  );
  // The state was written back into the URL, so the link reproduces it.
  const url = new URL(page.url());
  expect(url.searchParams.get('v')).toBe('3');
  expect(url.searchParams.get('scene')).toBe('valley');
  expect(urlLrs(page)).toEqual([...LECTURE_LRS]);
  await expectNoNotice(page);

  // Both views are drawn: the curve with each run's path, and one loss line per run.
  const surface = page.locator('svg[data-testid=surface-chart]');
  const loss = page.locator('svg[data-testid=loss-chart]');
  await expect(surface.locator('g[data-run]')).toHaveCount(4);
  await expect(loss.locator('g[data-run]')).toHaveCount(4);
  for (const svg of [surface, loss]) {
    const ds = await svg
      .locator('path')
      .evaluateAll((ps) => ps.map((p) => p.getAttribute('d') ?? ''));
    expect(ds.length).toBeGreaterThanOrEqual(4);
    expect(ds.filter((d) => /^M[\d.-]/.test(d)).length).toBeGreaterThanOrEqual(4);
  }

  // No NaN or Infinity reaches the page, at the first result or once the figure has played out.
  const scrubLabel = page.locator('section.playback label');
  expect(await page.evaluate(() => document.documentElement.outerHTML)).not.toMatch(/NaN|Infinity/);
  await expect(scrubLabel).toHaveText('Step 60 / 60');
  const html = await page.evaluate(() => document.documentElement.outerHTML);
  expect(html).not.toContain('NaN');
  expect(html).not.toContain('Infinity');

  expect(watched.errors).toEqual([]);
  expect(watched.dialogs).toEqual([]);
});
