import { expect, test, type Page } from '@playwright/test';
import { LECTURE_VERDICTS, openLab, rows } from './helpers';

/**
 * Latin words a Chinese page may still show: the product's name, units, backend and optimizer
 * names, people's names, the data set's own column, file formats and symbols written in Latin
 * letters (λmax, L*), and the language selector's "English".
 */
const ALLOWED = new Set(
  [
    'lr',
    'lab',
    'ms',
    'WebGPU',
    'webgpu',
    'webgl',
    'wasm',
    'cpu',
    'CPU',
    'FNV',
    'float32',
    'mpg',
    'SGD',
    'Adam',
    'AdamW',
    'Adagrad',
    'RMSProp',
    'Nesterov',
    'Rosenbrock',
    'Himmelblau',
    'PCA',
    'epoch',
    'Hessian',
    'Okabe',
    'Ito',
    'English',
    'max',
    'min',
    'sd',
    'e',
  ].map((w) => w.toLowerCase()),
);

/** Every text the page shows or speaks: visible text, options, and the accessible names and values. */
async function pageTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out = [document.body.innerText, document.title];
    for (const el of Array.from(document.querySelectorAll('*'))) {
      // The fingerprint is hex digits, not words.
      if (el.getAttribute('data-testid') === 'fingerprint') continue;
      for (const attr of ['aria-label', 'aria-valuetext', 'title', 'placeholder']) {
        const v = el.getAttribute(attr);
        if (v) out.push(v);
      }
      if (el.tagName === 'OPTION' || el.tagName === 'title') out.push(el.textContent ?? '');
    }
    const fp = document.querySelector('[data-testid=fingerprint]')?.textContent ?? '';
    return out.map((t) => (fp ? t.split(fp).join(' ') : t));
  });
}

function englishWords(texts: readonly string[]): string[] {
  const words = texts.flatMap((t) => t.match(/[A-Za-z]{2,}/g) ?? []);
  return [...new Set(words.filter((w) => !ALLOWED.has(w.toLowerCase())))];
}

const VERDICTS = {
  // The lecture's η = 3 settles into a bounce: too large (stalled), 太大（卡住）as the notes say.
  'zh-Hans': ['太小', '刚刚好', '太大（卡住）', '发散'],
  'zh-Hant': ['太小', '剛剛好', '太大（卡住）', '發散'],
} as const;

for (const lang of ['zh-Hans', 'zh-Hant'] as const) {
  test(`?lang=${lang}: no English words on the lecture figure, verdicts in Chinese`, async ({
    page,
  }) => {
    await openLab(page, `lang=${lang}&backend=cpu`);
    expect((await rows(page)).map((r) => r.verdict)).toEqual([...LECTURE_VERDICTS]);
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    expect(await page.title()).toContain(lang === 'zh-Hans' ? '学习率' : '學習率');
    const verdicts = await page.locator('td.verdict').allTextContents();
    VERDICTS[lang].forEach((want, i) => expect(verdicts[i]).toContain(want));
    // The live region says them too.
    await expect(page.getByTestId('verdict-announcer')).toContainText(VERDICTS[lang][1]);
    expect(englishWords(await pageTexts(page))).toEqual([]);
  });

  test(`?lang=${lang}: no English words on the cars network with its data controls and a panel`, async ({
    page,
  }) => {
    await openLab(page, `lang=${lang}&backend=cpu&scene=cars&steps=60&panel=sweep&sweep=4`);
    await expect(page.locator('[data-testid=panel-sweep][data-ready=true]')).toBeVisible();
    expect(englishWords(await pageTexts(page))).toEqual([]);
  });
}

test('?lang=zh-Hant: a link that could not be used is explained in Chinese', async ({ page }) => {
  await openLab(page, 'lang=zh-Hant&backend=cpu&lr=0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9');
  const notice = page.getByTestId('notice');
  await expect(notice).toContainText('連結中有些部分無法使用');
  await expect(notice).toContainText('9 個學習率；最多 8 個');
  expect(englishWords(await pageTexts(page))).toEqual([]);
});

test('?lang=zh-Hans on the quadratic: sliders speak the stability band, the theory line keeps its numbers', async ({
  page,
}) => {
  await openLab(page, 'lang=zh-Hans&backend=cpu&scene=quadratic');
  const texts = await page
    .getByTestId('lr-slider')
    .evaluateAll((els) => els.map((el) => el.getAttribute('aria-valuetext') ?? ''));
  for (const text of texts) {
    expect(text).toMatch(
      /^η = [\d.e-]+，(不超过 .+：不会越过谷底|介于 .+ 之间：越过谷底，但会收敛|不小于 .+：发散)，/,
    );
  }
  // The exact thresholds are still marked inside the translated sentence (1/λmax and 2/λmax).
  const low = Number(await page.getByTestId('no-overshoot').textContent());
  const high = Number(await page.getByTestId('divergence').textContent());
  expect(high / low).toBeCloseTo(2, 2);
  await expect(page.getByTestId('thresholds')).toContainText('这个二次函数的理论');
  expect(englishWords(await pageTexts(page))).toEqual([]);
});

test('the language selector switches the page and writes the link', async ({ page }) => {
  await openLab(page, 'backend=cpu');
  await expect(page.locator('td.verdict').first()).toContainText('too small');
  // The detector the Chinese pages pass does find the English page's words.
  expect(englishWords(await pageTexts(page))).toEqual(
    expect.arrayContaining(['Learning', 'rate', 'too', 'small']),
  );
  await page.getByTestId('language').selectOption('zh-Hant');
  await expect(page.locator('td.verdict').first()).toContainText('太小');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hant');
  expect(new URL(page.url()).searchParams.get('lang')).toBe('zh-Hant');
  await page.getByTestId('language').selectOption('en');
  await expect(page.locator('td.verdict').nth(1)).toContainText('just right');
});

test('the browser language decides when the link does not', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'zh-TW' });
  const page = await context.newPage();
  await openLab(page, 'backend=cpu');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hant');
  await expect(page.locator('td.verdict').nth(1)).toContainText('剛剛好');
  // Following the browser is the default, so the link stays without a lang.
  expect(new URL(page.url()).searchParams.has('lang')).toBe(false);
  await context.close();
});
