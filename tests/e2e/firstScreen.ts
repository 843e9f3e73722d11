import { expect, type Page } from '@playwright/test';

/** The sizes a class uses: a laptop, presenter mode on a projector, a phone. */
export const VIEWS = [
  { name: 'laptop', width: 1280, height: 800, query: '' },
  { name: 'presenter', width: 1280, height: 720, query: '&present=1' },
  { name: 'phone', width: 390, height: 844, query: '' },
] as const;
export type View = (typeof VIEWS)[number];
export const LANGS = ['en', 'zh-Hans'] as const;

/** What the first screen shows, measured in the page. */
export function measure(page: Page) {
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

/**
 * The first screen reads (tests/e2e/figure-reads.spec.ts): both views and their legend on it, no
 * sideways scrolling, no text covering a text or mark, every run drawn its own way, and on a
 * laptop every run's slider and verdict in view; then the screen matches its kept image.
 */
export async function expectFirstScreenReads(page: Page, view: View, shot: string): Promise<void> {
  const scrub = page.getByTestId('scrubber');
  await expect
    .poll(async () => (await scrub.inputValue()) === (await scrub.getAttribute('max')))
    .toBe(true);
  const m = await measure(page);
  expect(m.outside, 'views and legend on the first screen').toEqual([]);
  expect(m.overflow, 'no sideways scrolling').toBeLessThanOrEqual(0);
  expect(m.overlaps, 'no text covers another text or a mark').toEqual([]);
  expect(new Set(m.styles).size, `every run drawn its own way: ${m.styles}`).toBe(m.styles.length);
  if (view.name === 'laptop') expect(m.rowsOutOfView, 'runs on the first screen').toBe(0);
  await expect(page).toHaveScreenshot(shot, { maxDiffPixelRatio: 0.02 });
}
