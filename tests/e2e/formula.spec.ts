import type { Page } from '@playwright/test';
import { expect, test } from './sharedTab';
import { openLab, readFingerprint, rows, waitDone, watchPage } from './helpers';

/**
 * Your own function: typing a formula draws and trains it, its link reproduces it, and a formula
 * that does not check is refused with its column while the figure keeps the previous scene.
 */
test('a typed formula draws, trains, and its link reproduces it', async ({ page, context }) => {
  const watch = watchPage(page);
  await openLab(page, 'backend=cpu&scene=formula');
  const field = page.getByLabel('f =');
  await field.fill('3x^2 + x*y + y^2/2');
  await page.getByRole('button', { name: 'Draw and train' }).click();
  await expect.poll(() => new URL(page.url()).searchParams.get('fn')).toBe('3x^2 + x*y + y^2/2');
  await waitDone(page);
  // λmax = (7 + √29)/2 ≈ 6.193: the defaults 0.1, 0.9, 1.6, 2.1 × 1/λmax give the four verdicts.
  expect((await rows(page)).map((r) => r.verdict)).toEqual([
    'too-small',
    'just-right',
    'too-large',
    'diverged',
  ]);
  const print = await readFingerprint(page);

  const second = await context.newPage();
  await openLab(second, new URL(page.url()).search.slice(1));
  expect(await readFingerprint(second)).toBe(print);
  // The surface is the typed formula's too, as its link draws it (the worker once kept the
  // formula before it, since its surface cache was keyed without the text).
  const drawn = (p: Page) =>
    p
      .locator('svg[data-testid=surface-chart] path')
      .evaluateAll((paths) => paths.map((path) => path.getAttribute('d')));
  expect(await drawn(page)).toEqual(await drawn(second));
  await second.close();

  // Unknown name: refused with its column; the link and the figure stay.
  const before = page.url();
  await field.fill('x^2 + __proto__');
  await page.getByRole('button', { name: 'Draw and train' }).click();
  await expect(page.getByRole('alert')).toContainText('column 7');
  expect(page.url()).toBe(before);
  expect(await readFingerprint(page)).toBe(print);
  expect(watch.errors).toEqual([]);
});

test('a link with a bad formula opens the default formula and names the problem', async ({
  page,
}) => {
  const watch = watchPage(page);
  await openLab(page, `backend=cpu&scene=formula&fn=${encodeURIComponent('log(x')}`);
  await expect(page.getByText(/never closed/)).toBeVisible();
  // The page writes its full link: the default formula in place of the refused one.
  expect(new URL(page.url()).searchParams.get('fn')).toBe('x^2/2 + 2*y^2');
  expect(watch.errors).toEqual([]);
});
