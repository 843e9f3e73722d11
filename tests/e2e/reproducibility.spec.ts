import { expect, test } from '@playwright/test';
import { openLab, readFingerprint } from './helpers';

/** Same link, same device: the same fingerprint after a reload and in a second tab. */
for (const query of ['backend=cpu', '']) {
  test(`the link "?${query}" reproduces its fingerprint after a reload and in a second page`, async ({
    page,
    context,
  }) => {
    await openLab(page, query);
    const first = await readFingerprint(page);

    await page.reload();
    await page.waitForSelector('[data-status=done]');
    expect(await readFingerprint(page)).toBe(first);

    const second = await context.newPage();
    await openLab(second, query);
    expect(await readFingerprint(second)).toBe(first);
    // The second page's canonical URL is the first page's.
    expect(second.url()).toBe(page.url());
    await second.close();
  });
}

test('with gradient noise on, another seed gives another run (another fingerprint)', async ({
  page,
}) => {
  const base = 'backend=cpu&scene=quadratic&noise=0.5';
  await openLab(page, `${base}&seed=1`);
  const seed1 = await readFingerprint(page);
  await openLab(page, `${base}&seed=2`);
  const seed2 = await readFingerprint(page);
  expect(seed2).not.toBe(seed1);
  // And back to seed 1: the same noise, the same run.
  await openLab(page, `${base}&seed=1`);
  expect(await readFingerprint(page)).toBe(seed1);
});
