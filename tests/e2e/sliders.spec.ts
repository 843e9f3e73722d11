import type { Page } from '@playwright/test';
import { expect, test } from './sharedTab';
import { lossPathD, openLab, rows, urlLrs, waitDone, waitPlayedOut, watchPage } from './helpers';

/** The learning rate the app derives from a slider position (3 significant digits). */
const lrAt = (position: number) => String(Number((10 ** position).toPrecision(3)));

const row = (page: Page, i: number) => page.locator('tr[data-lr]').nth(i);
const slider = (page: Page, i: number) =>
  page.locator('input[type=range][data-testid=lr-slider]').nth(i);

/** Waits until row `i` shows a finished result for learning rate `lr`. */
async function waitRow(page: Page, i: number, lr: string): Promise<void> {
  await expect(row(page, i)).toHaveAttribute('data-lr', lr);
  await expect(row(page, i)).toHaveAttribute(
    'data-verdict',
    /^(too-small|just-right|too-large|diverged)$/,
  );
  await waitDone(page);
}

test('moving the first slider with the keyboard retrains that run and redraws its loss line', async ({
  page,
}) => {
  const watched = watchPage(page);
  await openLab(page, 'backend=cpu');
  await waitPlayedOut(page);
  const before = await rows(page);
  const dBefore = await lossPathD(page, 0);
  expect(before[0]!.lr).toBe('0.05');
  expect(dBefore).not.toBe('');

  const s = slider(page, 0);
  await s.focus();
  for (let k = 0; k < 8; k++) await s.press('ArrowRight');
  const position = Number(await s.inputValue());
  expect(position).toBeGreaterThan(Math.log10(0.05));
  const lr = lrAt(position);
  await waitRow(page, 0, lr);

  expect(lr).not.toBe('0.05');
  await expect.poll(() => urlLrs(page)).toEqual([lr, '0.5', '3', '8']);
  expect(await lossPathD(page, 0)).not.toBe(dBefore);
  // The other runs are unchanged.
  expect((await rows(page)).slice(1)).toEqual(before.slice(1));
  expect(watched.errors).toEqual([]);
});

test('dragging the diverging run (η = 8) down to η ≈ 1 makes it converge', async ({ page }) => {
  const watched = watchPage(page);
  await openLab(page, 'backend=cpu');
  await waitPlayedOut(page);
  expect((await rows(page))[3]).toEqual({ lr: '8', verdict: 'diverged' });
  const dBefore = await lossPathD(page, 3);

  await slider(page, 3).fill('0');
  await waitRow(page, 3, '1');

  const after = (await rows(page))[3]!;
  expect(after.verdict).not.toBe('diverged');
  // log cosh has curvature 1 at its bottom: η = 1 lands there (docs/THEORY.md, Lecture valley:
  // 0.3–1 converges).
  expect(after.verdict).toBe('just-right');
  await expect.poll(() => urlLrs(page)).toEqual(['0.05', '0.5', '3', '1']);
  expect(await lossPathD(page, 3)).not.toBe(dBefore);
  expect(watched.errors).toEqual([]);
});
