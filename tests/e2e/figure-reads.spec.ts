import { expect, test, type Page } from '@playwright/test';
import { openLab } from './helpers';

/**
 * The figure teaches at a glance (README, Using it: the figure comes first): for every preset, at
 * the sizes a class uses and in English and Simplified Chinese, the first screen holds both views
 * and their legend, nothing is wider than the screen, no text in the two views covers another text
 * or a mark, no two runs look alike; and the first screen matches the image kept in
 * tests/screenshots (a failing comparison writes the expected, actual and diff images under
 * test-results/).
 */
const VIEWS = [
  { name: 'laptop', width: 1280, height: 800, query: '' },
  { name: 'presenter', width: 1280, height: 720, query: '&present=1' },
  { name: 'phone', width: 390, height: 844, query: '' },
] as const;
const LANGS = ['en', 'zh-Hans'] as const;
/**
 * The presets, as the page lists them (src/url/presets.ts cannot be imported here: it reads the
 * cars data as JSON, which Playwright's loader refuses). The first test checks the list is whole.
 */
const PRESET_IDS = ['lecture', 'thresholds', 'plain', 'momentum', 'sweep', 'overfit', 'kfold'];

test('every preset on the page is shot', async ({ page }) => {
  await page.goto('./?backend=cpu');
  // The page mounts after its entry has started the worker (src/main.tsx): wait for the bar.
  await expect(page.locator('[data-preset]').first()).toBeVisible();
  const ids = await page
    .locator('[data-preset]')
    .evaluateAll((bs) => bs.map((b) => b.getAttribute('data-preset')));
  expect(ids).toEqual(PRESET_IDS);
});

/** What the first screen shows, measured in the page. */
function measure(page: Page) {
  return page.evaluate(() => {
    const inView = (r: DOMRect) =>
      r.width > 0 &&
      r.left >= -0.5 &&
      r.top >= -0.5 &&
      r.right <= window.innerWidth + 0.5 &&
      r.bottom <= window.innerHeight + 0.5;
    const boxOf = (sel: string) => {
      const el = document.querySelector(sel);
      return el ? el.getBoundingClientRect() : null;
    };
    const outside = [
      '[data-testid=surface-chart]',
      '[data-testid=loss-chart]',
      '[data-testid=legend]',
    ].filter((sel) => {
      const r = boxOf(sel);
      return !r || !inView(r);
    });
    // Texts and marks of each chart, as boxes on the screen; shrunk by half a pixel, so boxes
    // that only touch (neighbouring tick labels) do not count as covering each other.
    const overlaps: string[] = [];
    const MARKS = '[data-offscale], [data-best], [data-diverged]';
    // The figure's two views (the panels under them have charts of their own, checked elsewhere).
    for (const svg of document.querySelectorAll(
      'svg[data-testid=surface-chart], svg[data-testid=loss-chart]',
    )) {
      const items = [
        // Words and numbers; a mark drawn as a glyph (✕) is a mark, not a label.
        ...[...svg.querySelectorAll('text')]
          .filter((t) => !t.matches(MARKS) && !t.closest(MARKS))
          .filter((t) => (t.textContent ?? '').trim() !== '')
          .map((t) => ({
            what: `text "${t.textContent}"`,
            r: t.getBoundingClientRect(),
            text: true,
          })),
        ...[...svg.querySelectorAll(MARKS)].map((m) => ({
          what: `mark ${m.outerHTML.slice(0, 60)}`,
          r: m.getBoundingClientRect(),
          text: false,
        })),
      ].filter((i) => i.r.width > 0 && i.r.height > 0);
      for (let a = 0; a < items.length; a++) {
        for (let b = a + 1; b < items.length; b++) {
          const p = items[a]!;
          const q = items[b]!;
          if (!p.text && !q.text) continue;
          const w = Math.min(p.r.right, q.r.right) - Math.max(p.r.left, q.r.left) - 1;
          const h = Math.min(p.r.bottom, q.r.bottom) - Math.max(p.r.top, q.r.top) - 1;
          if (w > 0 && h > 0)
            overlaps.push(`${svg.getAttribute('data-testid')}: ${p.what} / ${q.what}`);
        }
      }
    }
    // Every training curve's colour and dash, as the browser draws them.
    const styles = [
      ...document.querySelectorAll('[data-testid=loss-chart] g[data-run^="run-"]'),
    ].map((g) => {
      const path = g.querySelector('path');
      const s = path ? getComputedStyle(path) : null;
      return s ? `${s.stroke} ${s.strokeDasharray}` : '';
    });
    const sliders = [...document.querySelectorAll('[data-testid=lr-slider]')];
    const verdicts = [...document.querySelectorAll('tr[data-lr] td.verdict')];
    return {
      outside,
      overflow: document.scrollingElement!.scrollWidth - window.innerWidth,
      overlaps,
      styles,
      rowsOutOfView: [...sliders, ...verdicts].filter((e) => !inView(e.getBoundingClientRect()))
        .length,
    };
  });
}

for (const id of PRESET_IDS) {
  for (const view of VIEWS) {
    for (const lang of LANGS) {
      test(`${id}, ${view.name}, ${lang}: the first screen tells the story`, async ({ page }) => {
        await page.setViewportSize({ width: view.width, height: view.height });
        // Reduced motion: playback shows the last step at once, so the shot is of the whole run.
        await page.emulateMedia({ reducedMotion: 'reduce' });
        await openLab(page, `preset=${id}&backend=wasm&lang=${lang}${view.query}`);
        const scrub = page.getByTestId('scrubber');
        await expect
          .poll(async () => (await scrub.inputValue()) === (await scrub.getAttribute('max')))
          .toBe(true);
        const m = await measure(page);
        expect(m.outside, 'views and legend on the first screen').toEqual([]);
        expect(m.overflow, 'no sideways scrolling').toBeLessThanOrEqual(0);
        expect(m.overlaps, 'no text covers another text or a mark').toEqual([]);
        expect(new Set(m.styles).size, `every run drawn its own way: ${m.styles}`).toBe(
          m.styles.length,
        );
        // A laptop shows every run's slider and verdict with the figure.
        if (view.name === 'laptop') expect(m.rowsOutOfView, 'runs on the first screen').toBe(0);
        await expect(page).toHaveScreenshot(`${id}-${view.name}-${lang}.png`, {
          maxDiffPixelRatio: 0.02,
        });
      });
    }
  }
}

test('a projector at 1024×768 and 1920×1080: the figure fills the stage, nothing cut', async ({
  page,
}) => {
  for (const size of [
    { width: 1024, height: 768 },
    { width: 1920, height: 1080 },
  ]) {
    await page.setViewportSize(size);
    await openLab(page, 'preset=lecture&backend=wasm&present=1');
    const m = await measure(page);
    expect(m.outside, `${size.width}×${size.height}`).toEqual([]);
    expect(m.overflow).toBeLessThanOrEqual(0);
    expect(m.overlaps).toEqual([]);
    // The two views take most of the screen's height.
    const chart = (await page.getByTestId('loss-chart').boundingBox())!;
    expect(chart.height).toBeGreaterThan(size.height * 0.55);
  }
});

test('overfitting shows its lesson: validation turns up while training keeps falling', async ({
  page,
}) => {
  await openLab(page, 'preset=overfit&backend=wasm');
  const steps = Number(await page.getByTestId('scrubber').getAttribute('max'));
  const cell = page.locator('tr[data-lr] td[data-best-step]').first();
  const read = async (name: string) => Number(await cell.getAttribute(name));
  const best = await read('data-best-step');
  // The validation minimum comes in the first half, and the run ends well above it (×1.5), while
  // the training loss at the end is below the training loss at that minimum.
  expect(best).toBeLessThanOrEqual(steps / 2);
  expect(await read('data-val-end')).toBeGreaterThanOrEqual(1.5 * (await read('data-val-best')));
  expect(await read('data-train-end')).toBeLessThan(await read('data-train-best'));
  // Both curves are drawn and the best step is marked on the chart.
  await expect(page.locator('[data-testid=loss-chart] g[data-run^="val-"] path')).not.toHaveCount(
    0,
  );
  await expect(page.locator('[data-testid=loss-chart] [data-best]')).not.toHaveCount(0);
});

test('values beyond an axis are marked off the scale, not drawn on the frame', async ({ page }) => {
  // The lecture figure: the just-right run falls below the lowest decade of the loss axis (its
  // loss reaches 1e-30 and less in float32), the diverging one climbs past the top.
  await openLab(page, 'backend=cpu');
  const loss = page.getByTestId('loss-chart');
  await expect(loss.locator('[data-offscale=bottom]')).not.toHaveCount(0);
  await expect(loss.locator('[data-offscale=top]')).not.toHaveCount(0);
  // Each mark says the true value.
  const titles = await loss
    .locator('[data-offscale]')
    .evaluateAll((ms) => ms.map((m) => m.querySelector('title')?.textContent ?? ''));
  for (const t of titles) expect(t).toMatch(/\d/);
});
