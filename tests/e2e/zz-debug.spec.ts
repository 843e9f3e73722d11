import { test } from '@playwright/test';
import { openLab } from './helpers';
test('debug', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openLab(page, process.env.Q ?? '');
  const wide = await page.evaluate(() =>
    Array.from(document.querySelectorAll('body *'))
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.right > window.innerWidth + 0.5)
      .map(({ el, r }) => `${el.tagName}.${el.className} ${r.left.toFixed(0)}-${r.right.toFixed(0)} ${(el.textContent ?? '').slice(0, 40)}`),
  );
  console.log(wide.join('\n'));
});
