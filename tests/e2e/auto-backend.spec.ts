import type { Page } from '@playwright/test';
import { expect, test } from './sharedTab';
import { openLab, readFingerprint, watchPage } from './helpers';

/**
 * `auto` costs nothing on the way to the figure: the first figure trains on the first choice for
 * its kind of scene, the other backends are measured once the worker is idle (the status line says
 * so meanwhile), and the page remembers the outcome. A second load of the same link then trains on
 * the remembered backend at once, without a probe, and shows the same fingerprint: a class that
 * reloads sees the same runs.
 */

/** The probe after the figure can take tens of seconds where WebGPU and WebGL are emulated. */
const PROBE_TIMEOUT_MS = 180_000;

async function settled(page: Page): Promise<void> {
  await expect(page.locator('.status-line')).toHaveAttribute('data-pending', 'done', {
    timeout: PROBE_TIMEOUT_MS,
  });
}

test('with auto, a second load of the same page reuses the remembered choice and gives the same fingerprint', async ({
  page,
}) => {
  test.setTimeout(PROBE_TIMEOUT_MS + 120_000);
  const watched = watchPage(page);
  await openLab(page, 'preset=lecture');
  // The figure is out before any probe: the panel names the first choice and says so.
  const backend = page.locator('[data-testid=backend]');
  const panel = page.locator('.backend-panel');
  const firstName = await backend.textContent();
  expect(firstName).toBe('cpu');
  await settled(page);
  // The probe's numbers are in the panel ("For the curious"), and the backend it kept or moved to.
  await expect(page.locator('[data-testid=probe]')).toContainText(/cpu fused \d/);
  await expect(page.locator('[data-testid=probe]')).toContainText(/wasm fused \d/);
  const chosen = (await backend.textContent()) ?? '';
  const first = await readFingerprint(page);
  const remembered = await page.evaluate(() => ({
    backend: JSON.parse(window.localStorage.getItem('lr-lab:auto-backend:v1') ?? '{}') as Record<
      string,
      string
    >,
  }));
  expect(remembered.backend.valley).toBe(chosen);

  await page.reload();
  await page.waitForSelector('[data-status=done]');
  await expect(backend).toHaveText(chosen);
  await expect(panel).toContainText('fastest in an earlier probe on this device');
  expect(await readFingerprint(page)).toBe(first);
  // No probe this time: nothing is left computing once the figure is done.
  await expect(page.locator('.status-line')).toHaveAttribute('data-pending', 'done');
  expect(watched.errors).toEqual([]);
});
