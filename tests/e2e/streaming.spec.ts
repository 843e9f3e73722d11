import type { Page } from '@playwright/test';
import { expect, test } from './sharedTab';
import { readFingerprint, waitDone, watchPage } from './helpers';

/**
 * Results as they come: a network takes seconds, and its curves are drawn while it trains. For
 * every network preset (every entry of the presets bar, src/url/presets.ts, whose scene the page
 * marks as a network), opened as a fresh page: before the app says done, the loss chart already has
 * a drawn line, the status line names the step reached, no row has a verdict yet and no fingerprint
 * is shown (a partial result is never taken for the final), and Copy link works; then it is done,
 * with the fingerprint a reload of the same link gives.
 *
 * On wasm, the backend `auto` picks first for networks: the reload then trains on the same backend
 * without waiting for `auto`'s probe (tests/e2e/auto-backend.spec.ts covers `auto` itself).
 */

/** What the page shows at one animation frame while a network trains. */
interface Mid {
  status: string;
  d?: string;
  line?: string;
  copyEnabled?: boolean;
  verdicts?: number;
  fingerprint?: string;
}

/** Looks at the page once per animation frame until a line is drawn while training goes on. */
async function whileTraining(page: Page): Promise<Mid> {
  const seen = await page.waitForFunction(
    () => {
      const status = document.querySelector('[data-status]')?.getAttribute('data-status') ?? '';
      if (status !== 'running') return { status };
      const d = document
        .querySelector('svg[data-testid=loss-chart] g[data-run=run-0] path')
        ?.getAttribute('d');
      const line = document.querySelector('.status-line')?.textContent ?? '';
      if (!d || !/step \d+ of \d+/.test(line)) return false;
      const copy = [...document.querySelectorAll('button')].find(
        (b) => b.textContent === 'Copy link',
      );
      return {
        status,
        d,
        line,
        copyEnabled: copy !== undefined && !copy.disabled,
        verdicts: document.querySelectorAll('tr[data-lr][data-verdict]').length,
        fingerprint: document.querySelector('[data-testid=fingerprint]')?.textContent ?? '',
      };
    },
    undefined,
    { polling: 'raf', timeout: 60_000 },
  );
  return (await seen.jsonValue()) as Mid;
}

test("every network preset draws its curves while training, shares before done, then gives the reload's fingerprint", async ({
  page,
  context,
}) => {
  test.setTimeout(400_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const watched = watchPage(page);
  await page.goto('./?backend=wasm');
  // The page mounts after its entry has started the worker: the bar is there once it has.
  await page.locator('[data-preset]').first().waitFor();
  const ids = await page
    .locator('[data-preset]')
    .evaluateAll((bs) => bs.map((b) => b.getAttribute('data-preset') ?? ''));
  expect(ids.length).toBeGreaterThan(0);
  const networks: string[] = [];
  for (const id of ids) {
    const link = `preset=${id}&backend=wasm`;
    await page.goto(`./?${link}`);
    const app = page.locator('[data-status]');
    await expect(app).toBeVisible();
    if ((await app.getAttribute('data-network')) === null) continue;
    networks.push(id);
    const mid = await whileTraining(page);
    // Still running when the line was drawn: not a final result seen late.
    expect(mid.status, `${id}: a line drawn before done`).toBe('running');
    expect(mid.d).toMatch(/^M[\d.-]+,[\d.-]+L/);
    const [, step, steps] = /step (\d+) of (\d+)/.exec(mid.line ?? '') ?? [];
    expect(Number(step)).toBeGreaterThan(0);
    expect(Number(step)).toBeLessThanOrEqual(Number(steps));
    // The link's own number of steps.
    expect(new URL(page.url()).searchParams.get('steps') ?? steps).toBe(steps);
    expect(mid.verdicts).toBe(0);
    expect(mid.fingerprint).not.toMatch(/^[0-9a-f]{12}$/);
    expect(mid.copyEnabled).toBe(true);
    // Sharing works before done: a copy while it still trains puts the page's link there.
    if ((await app.getAttribute('data-status')) === 'running') {
      await page.getByRole('button', { name: 'Copy link' }).click();
      await expect(page.locator('[data-testid=copy-said]')).not.toBeEmpty();
    }

    await waitDone(page);
    await expect(page.locator('[data-testid=backend]')).toHaveText('wasm');
    const first = await readFingerprint(page);
    await page.reload();
    await waitDone(page);
    expect(await readFingerprint(page), `${id}: the reload's fingerprint`).toBe(first);
  }
  // The presets bar has network presets (overfitting, k-fold), so the loop above tested some.
  expect(networks.length).toBeGreaterThan(0);
  expect(watched.errors).toEqual([]);
});
