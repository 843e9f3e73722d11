import { expect, test, type Page } from '@playwright/test';
import { openLab } from './helpers';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

/** The two views' boxes: the surface figure and the loss figure. */
async function viewBoxes(page: Page) {
  const [surface, loss] = await page.locator('.figure > figure').evaluateAll((fs) =>
    fs.map((f) => {
      const r = f.getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width };
    }),
  );
  return { surface: surface!, loss: loss! };
}

/** How far the page is wider than the screen (0: no horizontal scrolling). */
const overflow = (page: Page) =>
  page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);

test('at 1280×800 the two views sit side by side', async ({ page }) => {
  await page.setViewportSize(DESKTOP);
  await openLab(page, 'backend=cpu');
  const { surface, loss } = await viewBoxes(page);
  expect(Math.abs(surface.top - loss.top)).toBeLessThan(1);
  expect(surface.right).toBeLessThanOrEqual(loss.left);
  // Each takes about half of the page (1280 − padding − gap, halved ≈ 615 px).
  expect(surface.width).toBeGreaterThan(500);
  expect(await overflow(page)).toBeLessThanOrEqual(0);
});

const PHONE_PAGES = [
  'backend=cpu',
  'backend=cpu&scene=quadratic&opt=momentum&sched=step',
  'backend=cpu&scene=cars&steps=60&panel=sweep&sweep=4',
  'backend=cpu&scene=linreg&batch=16&kfold=3&steps=40',
  'backend=cpu&panel=range',
  'backend=cpu&lang=zh-Hant&scene=cars&steps=60&panel=sharpness',
];

test('at 390×844 the views stack and nothing overflows sideways', async ({ page }) => {
  await page.setViewportSize(PHONE);
  for (const query of PHONE_PAGES) {
    await openLab(page, query);
    if (query.includes('panel=')) {
      await expect(page.locator('[data-testid^=panel-]')).toBeVisible();
    }
    const { surface, loss } = await viewBoxes(page);
    expect(surface.bottom, query).toBeLessThanOrEqual(loss.top);
    expect(surface.width, query).toBeGreaterThan(300);
    expect(await overflow(page), query).toBeLessThanOrEqual(0);
  }
});

test('at 390×844 every control is a 44 px target that a finger can reach', async ({ page }) => {
  await page.setViewportSize(PHONE);
  await openLab(page, 'backend=cpu&scene=cars&steps=60');
  const small = await page
    .locator(
      'button:visible, select:visible, input[type=range]:visible, input[type=number]:visible',
    )
    .evaluateAll((els) =>
      els
        .map((el) => ({ el, r: el.getBoundingClientRect() }))
        .filter(({ r }) => r.height < 44 || r.width < 44)
        .map(
          ({ el, r }) =>
            `${el.outerHTML.slice(0, 80)} ${r.width.toFixed(0)}×${r.height.toFixed(0)}`,
        ),
    );
  expect(small).toEqual([]);
});

test.describe('touch', () => {
  test.use({ hasTouch: true, isMobile: true, viewport: PHONE });
  test('a tap on a learning-rate slider moves it and retrains that run', async ({ page }) => {
    await openLab(page, 'backend=cpu');
    const slider = page.getByTestId('lr-slider').first();
    await slider.scrollIntoViewIfNeeded();
    const before = await slider.inputValue();
    const box = (await slider.boundingBox())!;
    // Tap near the right end of run 1's track: a much larger learning rate than 0.05.
    await page.touchscreen.tap(box.x + box.width * 0.9, box.y + box.height / 2);
    await expect(slider).not.toHaveValue(before);
    expect(Number(await slider.inputValue())).toBeGreaterThan(Number(before));
    const lr = new URL(page.url()).searchParams.get('lr')!.split(',');
    expect(Number(lr[0])).toBeGreaterThan(0.05);
  });
});
