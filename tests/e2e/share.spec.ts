import { expect, test } from './sharedTab';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { openLab, readFingerprint } from './helpers';

/**
 * The QR code holds the page's whole link: decoded from a screenshot of the dialog (as a phone's
 * camera would read the projector), it is exactly the page's URL, and opening it in a second page
 * trains the same run (same fingerprint on the same backend).
 */
test('the QR code decodes to the page URL, which reproduces the fingerprint', async ({
  page,
  context,
}) => {
  await openLab(page, 'backend=cpu&lr=0.05,0.5,3,8&seed=7&scene=valley');
  const first = await readFingerprint(page);
  await page.getByRole('button', { name: 'Show QR code' }).click();
  const qr = page.locator('[data-testid=qr-code]');
  await expect(qr).toBeVisible();
  // Big enough to read from the back of a room: most of the 1280×720 viewport's height.
  const box = await qr.boundingBox();
  expect(box!.height).toBeGreaterThan(0.5 * page.viewportSize()!.height);
  const shot = PNG.sync.read(await qr.screenshot());
  const code = jsQR(new Uint8ClampedArray(shot.data), shot.width, shot.height);
  expect(code, 'jsQR found no QR code in the screenshot').not.toBeNull();
  expect(code!.data).toBe(page.url());
  await page.getByRole('button', { name: 'Close' }).click();
  await expect(qr).toBeHidden();

  const second = await context.newPage();
  await openLab(second, new URL(code!.data).search.slice(1));
  expect(await readFingerprint(second)).toBe(first);
  await second.close();
});
