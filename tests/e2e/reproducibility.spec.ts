import { expect, test } from './sharedTab';
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

test('a k-fold link keeps its version: v=1 trains op by op, v=2 and v=3 fused alike, each reproducing its fingerprint', async ({
  page,
}) => {
  // The k-fold lesson, shortened; on wasm, a backend with the fused step for folds since v=2.
  const base = 'preset=kfold&steps=40&backend=wasm';
  const fingerprints: Record<string, string> = {};
  for (const [v, fused] of [
    ['1', 'false'],
    ['2', 'true'],
    ['3', 'true'],
  ] as const) {
    await openLab(page, `v=${v}&${base}`);
    // The page writes the link back at the version it was read at.
    expect(new URL(page.url()).searchParams.get('v')).toBe(v);
    // The backend panel says which path trained it.
    await expect(page.getByTestId('fused')).toHaveAttribute('data-fused', fused);
    const first = await readFingerprint(page);
    await page.reload();
    await page.waitForSelector('[data-status=done]');
    expect(await readFingerprint(page)).toBe(first);
    expect(new URL(page.url()).searchParams.get('v')).toBe(v);
    fingerprints[v] = first;
  }
  // The two paths round differently: a version-2 link has a fingerprint of its own; version 3
  // changed k-fold on WebGPU only.
  expect(fingerprints['2']).not.toBe(fingerprints['1']);
  expect(fingerprints['3']).toBe(fingerprints['2']);
  // A link without `v` is the newest version, and is written as such.
  await openLab(page, base);
  expect(new URL(page.url()).searchParams.get('v')).toBe('3');
  expect(await readFingerprint(page)).toBe(fingerprints['3']);
});

test('a k-fold link of version 3 trains fused on WebGPU and reproduces its fingerprint', async ({
  page,
}) => {
  await openLab(page, 'preset=kfold&steps=40&backend=webgpu');
  await expect(page.getByTestId('backend')).toHaveText('webgpu');
  await expect(page.getByTestId('fused')).toHaveAttribute('data-fused', 'true');
  const first = await readFingerprint(page);
  await page.reload();
  await page.waitForSelector('[data-status=done]');
  expect(await readFingerprint(page)).toBe(first);
});
