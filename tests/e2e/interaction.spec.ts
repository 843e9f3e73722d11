import { expect, test } from '@playwright/test';
import { openLab, rows, urlLrs, waitDone, waitPlayedOut, watchPage } from './helpers';

test('adding and removing runs grows and shrinks the table and the URL', async ({ page }) => {
  const watched = watchPage(page);
  await openLab(page, 'backend=cpu');

  await page.getByRole('button', { name: /add a run/i }).click();
  await expect(page.locator('tr[data-lr]')).toHaveCount(5);
  await waitDone(page);
  const added = await rows(page);
  expect(added).toHaveLength(5);
  expect(added[4]!.verdict).toMatch(/^(too-small|just-right|too-large|diverged)$/);
  await expect.poll(() => urlLrs(page)).toEqual(added.map((r) => r.lr));
  expect(urlLrs(page).slice(0, 4)).toEqual(['0.05', '0.5', '3', '8']);
  await expect(page.locator('svg[data-testid=loss-chart] g[data-run]')).toHaveCount(5);

  await page.getByRole('button', { name: 'Remove run 1' }).click();
  await expect(page.locator('tr[data-lr]')).toHaveCount(4);
  await waitDone(page);
  const removed = await rows(page);
  expect(removed.map((r) => r.lr)).toEqual(added.slice(1).map((r) => r.lr));
  await expect.poll(() => urlLrs(page)).toEqual(removed.map((r) => r.lr));
  // The remaining runs keep their verdicts: removing a run does not change the others.
  expect(removed.map((r) => r.verdict)).toEqual(added.slice(1).map((r) => r.verdict));
  await expect(page.locator('svg[data-testid=loss-chart] g[data-run]')).toHaveCount(4);
  expect(watched.errors).toEqual([]);
});

test('the scrubber moves the step cursor', async ({ page }) => {
  await openLab(page, 'backend=cpu');
  await waitPlayedOut(page);
  const label = page.locator('section.playback label');
  const cursor = page.locator('svg[data-testid=loss-chart] line.cursor');
  const scrubber = page.locator('[data-testid=scrubber]');

  await scrubber.fill('10');
  await expect(label).toHaveText('Step 10 / 60');
  const x10 = Number(await cursor.getAttribute('x1'));
  await scrubber.fill('40');
  await expect(label).toHaveText('Step 40 / 60');
  const x40 = Number(await cursor.getAttribute('x1'));
  expect(x40).toBeGreaterThan(x10);

  // The keyboard moves it one step at a time.
  await scrubber.focus();
  await scrubber.press('ArrowLeft');
  await expect(label).toHaveText('Step 39 / 60');
});

test('linked views: hovering the loss chart marks the step on the surface, and back', async ({
  page,
}) => {
  await openLab(page, 'backend=cpu');
  await waitPlayedOut(page);
  const surface = page.locator('svg[data-testid=surface-chart]');
  const loss = page.locator('svg[data-testid=loss-chart]');
  const surfaceMarks = surface.locator('circle[r="7"]');
  const lossMarks = loss.locator('g.hover circle');
  await expect(surfaceMarks).toHaveCount(0);

  const box = (await loss.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await expect(surfaceMarks.first()).toBeVisible();
  expect(await surfaceMarks.count()).toBeGreaterThanOrEqual(1);
  await expect(lossMarks.first()).toBeAttached();
  // The caption reads out that step's loss for each run; the η = 8 run overflowed at step 5, long
  // before the middle of the chart, so it reads "diverged" there.
  const readout = page.locator('figcaption .readout');
  await expect(readout).toHaveText(/^Step \d+:/);
  await expect(readout.locator('.readout-run')).toHaveCount(4);
  await expect(readout).toContainText('η = 0.05 →');
  await expect(readout).toContainText('η = 8 → diverged');

  // Leaving the chart clears the marks.
  await page.mouse.move(1, 1);
  await expect(surfaceMarks).toHaveCount(0);
  await expect(lossMarks).toHaveCount(0);
  await expect(readout).toHaveCount(0);

  // The reverse: hovering a drawn step on the surface marks that step on the loss chart.
  const point = surface.locator('g[data-run=run-1] circle').nth(5);
  const p = (await point.boundingBox())!;
  await page.mouse.move(p.x + p.width / 2, p.y + p.height / 2);
  await expect(lossMarks.first()).toBeAttached();
  await expect(loss.locator('g.hover line')).toHaveCount(1);
});

test.describe('copy link', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('copies the page URL, which holds the whole state', async ({ page }) => {
    await openLab(page, 'backend=cpu&seed=7&lr=0.05,0.5');
    const button = page.getByRole('button', { name: 'Copy link' });
    await expect(button).toBeVisible();
    await button.click();
    const said = page.getByTestId('copy-said');
    await expect(said).not.toHaveText('');
    const message = (await said.textContent()) ?? '';
    if (message === 'Link copied.') {
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      await expect.poll(() => page.url()).toBe(copied);
    } else {
      expect(message).toMatch(/copy/i);
    }
    await expect.poll(() => new URL(page.url()).searchParams.get('seed')).toBe('7');
  });
});
