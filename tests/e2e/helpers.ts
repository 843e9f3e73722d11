import { expect, type Locator, type Page } from '@playwright/test';

/** The lecture figure's four regimes, in the order of the default learning rates. */
export const LECTURE_VERDICTS = ['too-small', 'just-right', 'too-large', 'diverged'] as const;
export const LECTURE_LRS = ['0.05', '0.5', '3', '8'] as const;
export const VERDICT_KINDS: readonly string[] = LECTURE_VERDICTS;

/** Records what must never happen on the page: uncaught errors and dialogs (alert, confirm, prompt). */
export function watchPage(page: Page): { errors: string[]; dialogs: string[] } {
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  return { errors, dialogs };
}

/**
 * Waits until the current parameters have finished training: the app says `done` (failing at once
 * on `error`) and no row is still waiting for its result.
 */
export async function waitDone(page: Page): Promise<void> {
  const app = page.locator('[data-status]');
  await page.waitForSelector('[data-status=done], [data-error]');
  if ((await app.getAttribute('data-error')) !== null) {
    const notice = await page
      .locator('[data-testid=notice]')
      .textContent()
      .catch(() => null);
    throw new Error(`training failed: ${notice ?? '(no notice)'}`);
  }
  await expect(page.locator('tr[data-lr]:not([data-verdict])')).toHaveCount(0);
}

/** Opens the lab at `query` (without the leading `?`) and waits for the trained figure. */
export async function openLab(page: Page, query = ''): Promise<void> {
  await page.goto(query ? `./?${query}` : './');
  await waitDone(page);
}

/** Each row's verdict and learning rate, top to bottom. */
export async function rows(page: Page): Promise<{ verdict: string; lr: string }[]> {
  return page.locator('tr[data-lr]').evaluateAll((trs) =>
    trs.map((tr) => ({
      verdict: tr.getAttribute('data-verdict') ?? '',
      lr: tr.getAttribute('data-lr') ?? '',
    })),
  );
}

/** The URL's learning-rate list as the page wrote it. */
export function urlLrs(page: Page): string[] {
  const lr = new URL(page.url()).searchParams.get('lr');
  return lr === null ? [] : lr.split(',');
}

export function fingerprint(page: Page): Locator {
  return page.locator('[data-testid=fingerprint]');
}

/** The fingerprint once training is done; always 12 hex digits. */
export async function readFingerprint(page: Page): Promise<string> {
  await expect(fingerprint(page)).toHaveText(/^[0-9a-f]{12}$/);
  return (await fingerprint(page).textContent()) ?? '';
}

/** The `d` of run `i`'s line on the loss chart. */
export async function lossPathD(page: Page, i: number): Promise<string> {
  const d = await page
    .locator(`svg[data-testid=loss-chart] g[data-run=run-${i}] path`)
    .first()
    .getAttribute('d');
  return d ?? '';
}

/** Fails at once, quoting the notice, when the page shows one (a fallback, a failed run, a bad link). */
export async function expectNoNotice(page: Page): Promise<void> {
  const notice = page.locator('[data-testid=notice]');
  expect(
    await notice.count(),
    `unexpected notice: ${(await notice.allTextContents()).join(' ')}`,
  ).toBe(0);
}

/**
 * Waits until the first result's playback has run to the end (the Play button is back and the
 * cursor is at the last step). Charts draw each run only up to the cursor, so comparisons of drawn
 * paths, and scrubbing (setting the scrubber to the value it already has is no change), need it.
 */
export async function waitPlayedOut(page: Page): Promise<void> {
  await expect(
    page.locator('section.playback').getByRole('button', { name: 'Play', exact: true }),
  ).toBeVisible();
  await expect(page.locator('section.playback label')).toHaveText(/^Step (\d+) \/ \1$/);
}

/**
 * Each run's row, top to bottom: its verdict, the verdict's words (e.g. the divergence step), its
 * final loss and how many steps it recorded (finite ones).
 */
export async function runsOf(page: Page) {
  return page.locator('tr[data-lr]').evaluateAll((trs) =>
    trs.map((tr) => {
      const cell = tr.querySelector('td[data-final-loss]');
      return {
        verdict: tr.getAttribute('data-verdict') ?? '',
        label: tr.querySelector('td.verdict')?.textContent ?? '',
        final: Number(cell?.getAttribute('data-final-loss')),
        recorded: Number(cell?.getAttribute('data-recorded')),
      };
    }),
  );
}
