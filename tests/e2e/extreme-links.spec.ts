import { expect, test } from './sharedTab';
import { expectNoNotice, openLab, rows, VERDICT_KINDS, waitPlayedOut, watchPage } from './helpers';

/** Valid links at the edges of the limits: no notice, a finished figure, nothing non-finite drawn. */
const CASES = [
  'backend=cpu&lr=0.000001,1000000',
  'backend=cpu&steps=1',
  'backend=cpu&steps=2000&lr=0.05,0.1,0.5,1,2,3,5,8',
  'backend=cpu&scene=quadratic&kappa=1000&lr=0.000001,1000000',
  'backend=cpu&scene=quadratic&kappa=1&noise=10&seed=4294967295',
  'backend=cpu&scene=quadratic&seed=0&noise=1',
];

for (const query of CASES) {
  test(`extreme but valid link: ${query}`, async ({ page }) => {
    const watched = watchPage(page);
    await openLab(page, query);
    await expectNoNotice(page);
    for (const r of await rows(page)) expect(VERDICT_KINDS).toContain(r.verdict);
    // At the first step and at the last, where a diverged run's numbers are largest.
    await waitPlayedOut(page);
    const scrubber = page.locator('[data-testid=scrubber]');
    await scrubber.fill('0');
    await expect(page.locator('section.playback label')).toHaveText(/^Step 0 \//);
    const html0 = await page.evaluate(() => document.documentElement.outerHTML);
    await scrubber.focus();
    await scrubber.press('End');
    await expect(page.locator('section.playback label')).not.toHaveText(/^Step 0 \//);
    const html1 = await page.evaluate(() => document.documentElement.outerHTML);
    for (const html of [html0, html1]) {
      expect(html).not.toContain('NaN');
      expect(html).not.toContain('Infinity');
    }
    expect(watched.errors).toEqual([]);
  });
}
