import { expect, test } from './sharedTab';
import { openLab, runsOf, watchPage } from './helpers';

test('plain descent, momentum and Adam at one learning rate share a figure, each run as it trains alone', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const watch = watchPage(page);
  const base = 'scene=rosenbrock&backend=cpu&steps=200';
  await openLab(page, `${base}&lr=0.001,0.001,0.001&ropt=sgd,momentum,adam`);
  // Each row chooses its own optimizer, and the legend names it beside η.
  await expect(page.getByTestId('run-optimizer')).toHaveCount(3);
  expect(
    await page
      .getByTestId('run-optimizer')
      .evaluateAll((s) => s.map((e) => (e as HTMLSelectElement).value)),
  ).toEqual(['sgd', 'momentum', 'adam']);
  const legend = page.getByTestId('legend');
  await expect(legend.locator('[data-legend-run="2"]')).toContainText('Adam');
  await expect(legend.locator('[data-legend-run="1"]')).toContainText('Momentum');
  // So does each line's own label at its end, in a word: which line is which without the legend.
  const label = (i: number) => page.locator(`[data-testid=loss-chart] [data-label=run-${i}]`);
  await expect(label(0)).toContainText('η = 0.001, SGD');
  await expect(label(1)).toContainText('η = 0.001, momentum');
  await expect(label(2)).toContainText('η = 0.001, Adam');
  const mixed = await runsOf(page);
  // Three optimizers, three different runs.
  expect(new Set(mixed.map((r) => r.final)).size).toBe(3);
  // Each run equals the same learning rate trained alone with its optimizer as the link's own
  // (cpu: a run does not depend on the batch around it, so grouping by optimizer changes no bit).
  for (const [i, opt] of ['sgd', 'momentum', 'adam'].entries()) {
    await openLab(page, `${base}&lr=0.001&opt=${opt}`);
    const alone = await runsOf(page);
    expect(alone[0]!.final, opt).toBe(mixed[i]!.final);
    expect(alone[0]!.verdict, opt).toBe(mixed[i]!.verdict);
  }
  // A row's choice changes the link; the toggle gives every run the global optimizer back.
  await openLab(page, `${base}&lr=0.001,0.001,0.001&ropt=sgd,momentum,adam`);
  await page.getByTestId('run-optimizer').nth(0).selectOption('nesterov');
  await expect
    .poll(() => new URL(page.url()).searchParams.get('ropt'))
    .toBe('nesterov,momentum,adam');
  await page.getByTestId('per-run-optimizer').click();
  await expect.poll(() => new URL(page.url()).searchParams.get('ropt')).toBeNull();
  await expect(page.getByTestId('run-optimizer')).toHaveCount(0);
  expect(watch.errors).toEqual([]);
});
