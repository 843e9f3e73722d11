import { expect, test } from './sharedTab';
import { lossPathD, openLab, readFingerprint, runsOf, waitPlayedOut } from './helpers';

/**
 * A network trained with minibatches records its training-set loss every e = ⌈T/600⌉ steps from
 * version 2 of the lab's numbers (src/core/experiment.ts trainLossEvery): here T = 1300, e = 3,
 * ⌈1300/3⌉ + 1 = 435 losses per run (steps 0, 3, …, 1299, 1300). A version-1 link keeps every
 * step (1301). Each reproduces its own fingerprint on reload.
 */
const QUERY = 'scene=cars&batch=16&steps=1300&lr=0.01,0.1&backend=cpu';

test('a version-2 minibatch network records its loss at a stride, draws it whole and reproduces; v=1 keeps every step', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const prints: Record<string, string> = {};
  for (const [v, recorded, every] of [
    ['2', 435, '3'],
    ['1', 1301, '1'],
  ] as const) {
    await openLab(page, `v=${v}&${QUERY}`);
    const runs = await runsOf(page);
    expect(runs.map((r) => r.recorded)).toEqual([recorded, recorded]);
    await expect(page.locator('td[data-loss-every]').first()).toHaveAttribute(
      'data-loss-every',
      every,
    );
    const first = await readFingerprint(page);
    // The curve is drawn to the last step as one line: no gap (a second `M`) between the
    // recorded points.
    await waitPlayedOut(page);
    const d = await lossPathD(page, 0);
    expect(d.match(/M/g)).toHaveLength(1);
    await page.reload();
    await page.waitForSelector('[data-status=done]');
    expect(await readFingerprint(page)).toBe(first);
    prints[v] = first;
  }
  expect(prints['2']).not.toBe(prints['1']);
});
