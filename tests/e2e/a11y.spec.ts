import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './sharedTab';
import { openLab } from './helpers';

const LAYOUTS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;
const LANGS = ['en', 'zh-Hans', 'zh-Hant'] as const;
const PAGES = [
  { name: 'the lecture figure', query: '' },
  { name: 'cars', query: 'scene=cars&steps=60' },
  { name: 'the sweep panel in the safe palette', query: 'panel=sweep&sweep=8&palette=safe' },
] as const;

/** The serious and critical axe-core violations on the page, one line each, with where they are. */
async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page })
    // The same rules, run in the page in one pass. The default mode opens a second tab to merge
    // the results of cross-origin frames, which the lab has none of: that tab cost more than the
    // rules (3.3 s against 1.9 s an analysis here).
    .setLegacyMode(true)
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

for (const layout of LAYOUTS) {
  for (const lang of LANGS) {
    test(`axe-core: no serious or critical violation at ${layout.width}×${layout.height} in ${lang}`, async ({
      page,
    }) => {
      await page.setViewportSize({ width: layout.width, height: layout.height });
      for (const p of PAGES) {
        await openLab(page, `lang=${lang}&backend=cpu${p.query ? `&${p.query}` : ''}`);
        if (p.query.includes('panel=')) {
          await expect(page.locator('[data-testid^=panel-][data-ready=true]')).toBeVisible();
        }
        expect(await seriousViolations(page), `${p.name}, ${lang}, ${layout.name}`).toEqual([]);
      }
    });
  }
}

/** What has keyboard focus: a short description, and whether it shows a focus indicator. */
async function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const ring = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    // SVG controls draw their own ring: a thicker stroke in the focus colour.
    const svgRing = el instanceof SVGElement && parseFloat(style.strokeWidth) >= 3;
    return {
      id: el.getAttribute('data-walk') ?? '',
      tag: el.tagName.toLowerCase(),
      label: el.getAttribute('aria-label') ?? (el.textContent ?? '').trim().slice(0, 30) ?? el.id,
      visible: ring || svgRing,
    };
  });
}

test('a keyboard-only walk reaches every control, each with a visible focus ring', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openLab(page, 'backend=cpu&scene=quadratic&panel=sweep&sweep=4');
  await expect(page.locator('[data-testid=panel-sweep][data-ready=true]')).toBeVisible();
  // Hold playback at step 0, so the set of controls cannot change during the walk: the result's
  // playback runs 2.5 s, and its end disables Step (a slow machine once reached the end mid-walk).
  // Set as a script would, without focusing the scrubber: the walk starts from the page's start.
  await page.getByTestId('scrubber').evaluate((el: HTMLInputElement) => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(el, '0');
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await expect(
    page.locator('section.playback').getByRole('button', { name: 'Step' }),
  ).toBeEnabled();
  // Number every element a keyboard user must be able to reach (a closed dialog's buttons are
  // reached once it opens).
  const total = await page.evaluate(() => {
    const all = Array.from(
      document.querySelectorAll<HTMLElement | SVGElement>(
        'button:not([disabled]), select, input, [tabindex="0"], a[href]',
      ),
    ).filter((el) => !el.closest('dialog:not([open])'));
    all.forEach((el, i) => el.setAttribute('data-walk', String(i)));
    return all.length;
  });
  expect(total).toBeGreaterThan(20);
  const reached = new Set<string>();
  const invisible: string[] = [];
  for (let i = 0; i < total + 5; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (!f) continue;
    reached.add(f.id);
    if (!f.visible) invisible.push(`${f.tag} ${f.label}`);
  }
  const missed = await page.evaluate(
    (ids) =>
      Array.from(document.querySelectorAll('[data-walk]'))
        .filter((el) => !ids.includes(el.getAttribute('data-walk') ?? ''))
        .map((el) => el.outerHTML.slice(0, 100)),
    [...reached],
  );
  expect(missed).toEqual([]);
  expect(invisible).toEqual([]);
});

test('keys drive the controls: arrows move a slider, Enter and Space press buttons', async ({
  page,
}) => {
  await openLab(page, 'backend=cpu');
  const slider = page.getByTestId('lr-slider').first();
  await slider.focus();
  const before = Number(await slider.inputValue());
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  expect(Number(await slider.inputValue())).toBeGreaterThan(before);
  // The slider names its value, the stability band where one exists, and the verdict.
  await expect(slider).toHaveAttribute('aria-valuetext', /^η = [\d.e-]+, /);
  const firstLr = () => Number(new URL(page.url()).searchParams.get('lr')!.split(',')[0]);
  await expect.poll(firstLr).toBeGreaterThan(0.05);

  const runs = page.locator('tr[data-lr]');
  await expect(runs).toHaveCount(4);
  await page.getByRole('button', { name: '+ Add a run' }).focus();
  await page.keyboard.press('Enter');
  await expect(runs).toHaveCount(5);
  await page.getByRole('button', { name: 'Remove run 5' }).focus();
  await page.keyboard.press('Space');
  await expect(runs).toHaveCount(4);
});

test('the live region announces the verdicts, and again when one changes', async ({ page }) => {
  await openLab(page, 'backend=cpu');
  const live = page.getByTestId('verdict-announcer');
  await expect(live).toHaveAttribute('aria-live', 'polite');
  await expect(live).toHaveText(
    /^Run 1: too small\. Run 2: just right\. Run 3: too large — bounces, stuck\. Run 4: diverged at step \d+\.$/,
  );
  // Run 4 at η = 0.5 converges like run 2.
  const exact = page.getByLabel('Learning rate of run 4, exact value');
  await exact.fill('0.5');
  await exact.press('Enter');
  // Only what changed: run 4, not the whole table again.
  await expect(live).toHaveText('Run 4: just right.');
});

test('prefers-reduced-motion: the figure shows its last step at once, without playing', async ({
  page,
}) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await openLab(page, 'backend=cpu');
  // Read at once, not awaited: playing would take 2.5 s to reach step 60 and show Pause meanwhile.
  expect(await page.getByTestId('scrubber').inputValue()).toBe('60');
  expect(await page.getByRole('button', { name: 'Pause' }).count()).toBe(0);
  // Pressing Play shows the end again rather than animating.
  await page.getByRole('button', { name: 'Play' }).click();
  expect(await page.getByTestId('scrubber').inputValue()).toBe('60');
  expect(await page.getByRole('button', { name: 'Pause' }).count()).toBe(0);
});

test('the colour-blind-safe palette recolours the runs and is kept in the link', async ({
  page,
}) => {
  await openLab(page, 'backend=cpu');
  const line = page.locator('svg[data-testid=loss-chart] g[data-run=run-1] path').first();
  // Run 2 is just right: the notes' red, then Okabe–Ito's vermillion; its dash stays solid.
  await expect(line).toHaveAttribute('stroke', '#d62728');
  await page.getByTestId('palette').selectOption('safe');
  await expect(line).toHaveAttribute('stroke', '#D55E00');
  expect(new URL(page.url()).searchParams.get('palette')).toBe('safe');
  // Run 1 is too small: Okabe–Ito's blue. Each verdict is alone in the lecture figure, so every
  // line is solid (a dash tells apart runs that share a verdict, src/charts/runStyles.ts).
  const first = page.locator('svg[data-testid=loss-chart] g[data-run=run-0] path').first();
  await expect(first).toHaveAttribute('stroke', '#0072B2');
  await expect(first).not.toHaveAttribute('stroke-dasharray', /./);
});
