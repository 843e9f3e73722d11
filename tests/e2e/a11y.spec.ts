import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
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
