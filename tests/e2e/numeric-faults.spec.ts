import { expect, test } from './sharedTab';
import { SCENE_IDS } from '../../src/core/scenes/scene';
import { openLab, rows, waitPlayedOut, watchPage } from './helpers';

/**
 * Numeric faults in the page: a run at η = 1e6 next to the link's own runs, on every scene. That
 * run stops as "diverged at step k" (k checked against float64 in tests/train/numericFaults), the
 * others keep the verdicts they have without it, and no NaN or Infinity reaches the DOM at any step.
 */
// Every scene of the table, so a new one is covered without editing this file (scene.ts imports
// types only, so Playwright loads it without Vite). `csv` is the reader's own file: a link cannot
// carry the file, and without it the page shows the cars data, which `cars` covers.
const SCENES = SCENE_IDS.filter((scene) => scene !== 'csv');

for (const scene of SCENES) {
  test(`${scene}: η = 1e6 diverges, the other runs go on, nothing non-finite is drawn`, async ({
    page,
  }) => {
    test.setTimeout(300_000);
    const watched = watchPage(page);
    await openLab(page, `backend=wasm&scene=${scene}`);
    const sane = await rows(page);
    const lrs = sane.map((r) => r.lr).join(',');
    await openLab(page, `backend=wasm&scene=${scene}&lr=${lrs},1000000`);
    const all = await rows(page);
    expect(all.slice(0, -1)).toEqual(sane);
    expect(all.at(-1)!.verdict).toBe('diverged');
    await expect(page.locator('tr[data-lr="1000000"]')).toContainText(/diverged at step \d+/);
    await waitPlayedOut(page);
    for (const at of ['0', '1', '2']) {
      await page.getByTestId('scrubber').fill(at);
      const html = await page.evaluate(() => document.documentElement.outerHTML);
      expect(html).not.toMatch(/NaN|Infinity/);
    }
    await page.getByTestId('scrubber').focus();
    await page.getByTestId('scrubber').press('End');
    // Hover over the loss chart: the readout names each run's loss at that step, or "diverged".
    const chart = page.getByTestId('loss-chart');
    const box = (await chart.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
    const html = await page.evaluate(() => document.documentElement.outerHTML);
    expect(html).not.toMatch(/NaN|Infinity/);
    expect(watched.errors).toEqual([]);
  });
}
