import { expect, test } from '@playwright/test';
import { openLab, rows, watchPage } from './helpers';

test.describe('data scenes', () => {
  test('linear regression: minibatches, a validation curve per run, early stopping and the exam', async ({
    page,
  }) => {
    const watch = watchPage(page);
    await openLab(page, 'scene=linreg&backend=cpu&batch=12&steps=120&patience=20&lr=0.02,0.1');
    // The strip shows one step's minibatch: 12 of the 72 training rows (60 % of 120).
    const strip = page.getByTestId('batch-strip');
    await expect(strip).toContainText('minibatch of 12 from 72 training rows');
    await expect(strip.locator('rect[data-in-batch]')).toHaveCount(12);
    // Training and validation curves for each run, and a best-step mark on each validation curve.
    const chart = page.getByTestId('loss-chart');
    await expect(chart.locator('g[data-run^=val-]')).toHaveCount(2);
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByTestId('scrubber').fill('120');
    await expect(chart.locator('g[data-best]')).toHaveCount(2);
    // The table reports the best step and the test loss (the exam) of every run.
    const table = await page.locator('tr[data-lr]').evaluateAll((trs) =>
      trs.map((tr) => ({
        best: tr.querySelector('[data-best-step]')?.getAttribute('data-best-step'),
        test: Number(tr.querySelector('[data-test-loss]')?.getAttribute('data-test-loss')),
      })),
    );
    for (const r of table) {
      expect(Number(r.best)).toBeGreaterThanOrEqual(0);
      expect(r.test).toBeGreaterThan(0);
    }
    expect((await rows(page)).map((r) => r.verdict)).toHaveLength(2);
    // The link keeps the data pipeline's settings.
    const url = new URL(page.url());
    expect(url.searchParams.get('batch')).toBe('12');
    expect(url.searchParams.get('patience')).toBe('20');
    expect(url.searchParams.get('split')).toBe('0.6,0.2,0.2');
    expect(watch.errors).toEqual([]);
  });
});
