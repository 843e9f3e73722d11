import type { Page } from '@playwright/test';
import { expect, test } from './sharedTab';
import { LECTURE_VERDICTS, openLab, rows } from './helpers';

/**
 * Latin words a Chinese page may still show: the product's name, units, backend and optimizer
 * names, people's names, the data set's own column, file formats (a CSV or TSV file to load) and
 * symbols written in Latin letters (λmax, L*), and the language selector's "English".
 */
const ALLOWED = new Set(
  [
    'lr',
    'lab',
    'ms',
    'kB',
    'MB',
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
    // File formats on the export buttons, and zh-Hant's QR 碼 (Taiwan usage; zh-Hans says 二维码).
    'PNG',
    'SVG',
    'CSV',
    'TSV',
    'JSON',
    'QR',
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
  // The lecture's η = 3 settles into a bounce: too large, bouncing and stuck (太大、震荡), as the notes say.
  'zh-Hans': ['太小', '刚刚好', '太大：来回震荡，卡住', '发散'],
  'zh-Hant': ['太小', '剛剛好', '太大：來回震盪，卡住', '發散'],
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

const CLASSROOM = {
  'zh-Hans': {
    qr: '显示二维码',
    repeat: '再跑一次',
    shortcuts: '键盘快捷键',
    score: '4 个预测中对了 4 个。',
  },
  'zh-Hant': {
    qr: '顯示 QR 碼',
    repeat: '再跑一次',
    shortcuts: '鍵盤快速鍵',
    score: '4 個預測中對了 4 個。',
  },
} as const;

for (const lang of ['zh-Hans', 'zh-Hant'] as const) {
  const say = CLASSROOM[lang];

  test(`?lang=${lang}: presets, presenter, shortcuts, QR dialog, export and the repeat check in Chinese`, async ({
    page,
  }) => {
    // lock=scene puts the teacher's "locked" title on the page too.
    await openLab(page, `lang=${lang}&backend=cpu&lock=scene`);
    await expect(page.locator('nav.presets button[data-preset]')).not.toHaveCount(0);
    await expect(page.getByTestId('presenter-toggle')).toBeVisible();
    await expect(page.locator('fieldset.locked')).not.toHaveCount(0);
    await expect(page.locator('section.export-panel button[data-export=png]')).toBeEnabled();
    // The repeat check, run: its report sentence is on the page.
    await page.locator('section.repro-check').getByRole('button', { name: say.repeat }).click();
    await expect(page.getByTestId('repeat-report')).toHaveAttribute('data-identical', 'true');
    expect(englishWords(await pageTexts(page))).toEqual([]);

    // The shortcuts dialog.
    await page.keyboard.press('?');
    await expect(page.getByRole('heading', { name: say.shortcuts })).toBeVisible();
    expect(englishWords(await pageTexts(page))).toEqual([]);
    await page.keyboard.press('Escape');

    // The QR dialog (its link is a URL, left out of the check like the fingerprint).
    await page.getByRole('button', { name: say.qr }).click();
    await expect(page.getByTestId('qr-code')).toBeVisible();
    const url = page.url();
    expect(englishWords((await pageTexts(page)).map((t) => t.split(url).join(' ')))).toEqual([]);
  });

  test(`?lang=${lang}&reveal=vote: the prediction bar, votes and score in Chinese`, async ({
    page,
  }) => {
    // Not openLab: it waits for verdicts, which this page holds back until the votes are in.
    await page.goto(`./?lang=${lang}&backend=cpu&reveal=vote`);
    await page.waitForSelector('[data-status=done]');
    await expect(page.locator('tr[data-trained]')).toHaveCount(4);
    await expect(page.getByTestId('reveal')).toBeVisible();
    expect(englishWords(await pageTexts(page))).toEqual([]);
    for (const [i, v] of LECTURE_VERDICTS.entries()) {
      await page.getByTestId('vote').nth(i).selectOption(v);
    }
    await expect(page.getByTestId('score')).toHaveText(say.score);
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
