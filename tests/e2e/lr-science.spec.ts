import type { Page } from '@playwright/test';
import { expect, test } from './sharedTab';
import { openLab, waitDone, watchPage } from './helpers';

/** Waits for the open panel's analysis of the current parameters. */
async function panelReady(page: Page, panel: string) {
  await expect(page.locator(`[data-testid=panel-${panel}][data-ready=true]`)).toBeVisible();
}

const VERDICT_ORDER = ['too-small', 'just-right', 'too-large', 'diverged'];

test.describe('learning-rate science', () => {
  test('a sweep of 64 rates on the quadratic falls into three bands edged at 1/λmax and 2/λmax', async ({
    page,
  }) => {
    const watch = watchPage(page);
    // 200 steps from 0.2: the flat mode (λ = 1/κ = 0.1) shrinks by (1 − 0.02)^200 ≈ 0.018 per
    // coordinate, 3e-4 in loss, so every monotone run reaches the 1% bar: one band below 1/λmax.
    await openLab(
      page,
      'scene=quadratic&steps=200&backend=cpu&panel=sweep&sweep=64&smin=0.2&smax=5',
    );
    await panelReady(page, 'sweep');
    const points = page.locator('circle.sweep-point');
    await expect(points).toHaveCount(64);
    const rows = await points.evaluateAll((els) =>
      els.map((e) => ({
        lr: Number(e.getAttribute('data-lr')),
        kind: e.getAttribute('data-verdict'),
      })),
    );
    rows.sort((a, b) => a.lr - b.lr);
    // Contiguous bands in the order of the verdicts: the kinds never go back down the order.
    const rank = rows.map((r) => VERDICT_ORDER.indexOf(r.kind ?? ''));
    expect(rank.every((x, i) => x >= 0 && (i === 0 || x >= rank[i - 1]!))).toBe(true);
    expect(new Set(rows.map((r) => r.kind))).toEqual(
      new Set(['just-right', 'too-large', 'diverged']),
    );

    // The page states the theory's thresholds: λmax = 1 for this bowl, so 1 and 2.
    const noOvershoot = Number(await page.getByTestId('no-overshoot').textContent());
    const divergence = Number(await page.getByTestId('divergence').textContent());
    expect([noOvershoot, divergence]).toEqual([1, 2]);
    // Each band edge lies within one grid step of its threshold: the last point before the edge is
    // below the threshold, the first after it at or above, and they are neighbours on the grid.
    const edge = (kind: string) => rows.findIndex((r) => r.kind === kind);
    for (const [kind, threshold] of [
      ['too-large', noOvershoot],
      ['diverged', divergence],
    ] as const) {
      const i = edge(kind);
      expect(i, kind).toBeGreaterThan(0);
      expect(rows[i - 1]!.lr, `last rate below ${kind}`).toBeLessThanOrEqual(threshold);
      expect(rows[i]!.lr, `first ${kind} rate`).toBeGreaterThanOrEqual(threshold);
    }

    // Clicking a point adds its learning rate as a run, which trains to the point's verdict.
    const pick = rows.find((r) => r.kind === 'too-large' && r.lr > 1.3)!;
    await page.locator(`circle.sweep-point[data-lr="${pick.lr}"]`).click();
    const row = page.locator(`tr[data-lr="${pick.lr}"]`);
    await expect(row).toHaveAttribute('data-verdict', 'too-large');
    await expect(page.locator('tr[data-lr]')).toHaveCount(5);
    await expect
      .poll(() => new URL(page.url()).searchParams.get('lr')?.split(','))
      .toContain(String(pick.lr));
    expect(watch.errors).toEqual([]);
  });

  test('the range test suggests learning rates and adds one as a run', async ({ page }) => {
    await openLab(page, 'scene=quadratic&backend=cpu&noise=0.3&panel=range');
    await panelReady(page, 'range');
    await expect(
      page.locator('[data-testid=range-chart] path[data-line=smoothed]'),
    ).toHaveAttribute('d', /M/);
    const steepest = page.locator('[data-suggestion=steepest]');
    await expect(steepest).toContainText('η =');
    // With gradient noise the seeds disagree: the spread is reported.
    await expect(steepest).toContainText('over 8 seeds');
    await steepest.getByRole('button', { name: 'Add as a run' }).click();
    await expect(page.locator('tr[data-lr]')).toHaveCount(5);
  });

  test('the sharpness panel draws λmax and the 2/η edge for every run', async ({ page }) => {
    await openLab(page, 'backend=cpu&panel=sharpness');
    await panelReady(page, 'sharpness');
    for (let k = 0; k < 4; k++) {
      await expect(
        page.locator(`[data-testid=sharpness-chart] path[data-line=sharpness-${k}]`),
      ).toHaveCount(1);
      await expect(
        page.locator(`[data-testid=sharpness-chart] path[data-line=edge-${k}]`),
      ).toHaveCount(1);
    }
  });

  test('momentum moves the divergence threshold to 2(1 + β)/λmax and the slider says the band', async ({
    page,
  }) => {
    await openLab(page, 'scene=quadratic&backend=cpu');
    const slider = page.getByTestId('lr-slider').nth(2);
    // η = 1.6 on the bowl with λmax = 1: between 1/λmax and 2/λmax.
    await expect(slider).toHaveAttribute('aria-valuetext', /between 1\/λmax and 2\/λmax/);
    await page.getByLabel('Optimizer', { exact: true }).selectOption('momentum');
    await expect(page.getByTestId('divergence')).toHaveText('3.8');
    await expect.poll(() => new URL(page.url()).searchParams.get('beta')).toBe('0.9');
    expect(new URL(page.url()).searchParams.get('opt')).toBe('momentum');
  });
});

test('dragging the start point on the surface moves every run’s start and goes into the link', async ({
  page,
}) => {
  await openLab(page, 'scene=quadratic&backend=cpu');
  const handle = page.getByTestId('start-handle');
  const box = (await handle.boundingBox())!;
  const chart = (await page.getByTestId('surface-chart').boundingBox())!;
  // Drag from the seeded start (near (−4, 3)) towards the middle of the chart.
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(chart.x + chart.width * 0.6, chart.y + chart.height * 0.3, { steps: 5 });
  await page.mouse.up();
  await expect.poll(() => new URL(page.url()).searchParams.get('start')).toMatch(/^-?\d/);
  const start = new URL(page.url()).searchParams.get('start')!.split(',').map(Number);
  expect(start).toHaveLength(2);
  // Right of the centre and above it: θ₁ > 0, θ₂ > 0 in the bowl's view [−5, 5]².
  expect(start[0]).toBeGreaterThan(0);
  expect(start[1]).toBeGreaterThan(0);
  await waitDone(page);
  // The arrow keys nudge it by 2 % of the view (0.2): one step right.
  await handle.focus();
  await page.keyboard.press('ArrowRight');
  await expect
    .poll(() => Number(new URL(page.url()).searchParams.get('start')!.split(',')[0]))
    .toBeCloseTo(Math.min(5, start[0]! + 0.2), 5);
  await page.getByRole('button', { name: 'Start from the seed again' }).click();
  await expect.poll(() => new URL(page.url()).searchParams.get('start')).toBeNull();
});

for (const scene of ['rosenbrock', 'saddle', 'himmelblau']) {
  test(`the ${scene} scene opens with its four regimes`, async ({ page }) => {
    const watch = watchPage(page);
    await openLab(page, `scene=${scene}&backend=cpu`);
    // The defaults were chosen (tests/core/scenes2d.test.ts) to give the notes' four regimes.
    const kinds = await page
      .locator('tr[data-lr]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-verdict')));
    expect(kinds).toEqual(['too-small', 'just-right', 'too-large', 'diverged']);
    await expect(page.getByTestId('surface-chart').locator('path').first()).toBeVisible();
    expect(watch.errors).toEqual([]);
  });
}
