import { fileURLToPath } from 'node:url';
import { expect, test } from './sharedTab';
import { openLab, readFingerprint, rows, waitDone, watchPage } from './helpers';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const REGRESSION = fixture('regression.csv');
const CHANGED = fixture('regression-changed.csv');

test.describe('your own data', () => {
  test('a CSV from disk trains, splits and cross-validates; the same file reproduces the link, another one says so', async ({
    page,
  }) => {
    test.setTimeout(240_000);
    const watch = watchPage(page);
    // A linear model (depth 0) on the fixture, 3-fold, on cpu so the fingerprint is the backend's own.
    await openLab(page, 'scene=linreg&backend=cpu');
    await page.getByTestId('csv-input').setInputFiles(REGRESSION);
    await expect.poll(() => new URL(page.url()).searchParams.get('scene')).toBe('csv');
    await waitDone(page);
    const box = page.getByTestId('user-data');
    // 120 rows × 6 columns; the default target is the last numeric column (y).
    await expect(box.getByTestId('csv-file')).toContainText('regression.csv: 120 rows × 6 columns');
    await expect(box.getByTestId('csv-target')).toHaveValue('5');
    // The features: every numeric column but the target (id, x1, x2, x3); the text column is not one.
    await expect(box.getByTestId('csv-features').locator('input')).toHaveCount(4);
    // Leave the id out: x1, x2, x3 → y.
    await box.getByTestId('csv-features').getByLabel('id', { exact: true }).uncheck();
    await expect.poll(() => new URL(page.url()).searchParams.get('xcols')).toBe('2,3,4');
    await waitDone(page);
    // The split: 117 complete rows (3 dropped for a missing or non-numeric value), 60/20/20:
    // test and validation round(117 · 0.2) = 23 each, training the other 117 − 46 = 71.
    await expect(page.getByTestId('batch-strip')).toContainText('3 rows dropped');
    await expect(page.getByTestId('batch-strip')).toContainText('71 training rows');
    // k-fold cross-validation on the user's rows.
    await page.getByLabel('k-fold cross-validation (0: off)').fill('3');
    await page.getByLabel('k-fold cross-validation (0: off)').press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('kfold')).toBe('3');
    await waitDone(page);
    await expect(page.getByTestId('kfold')).toBeVisible();
    await expect(page.getByTestId('kfold')).toContainText('3-fold cross-validation');
    expect((await rows(page)).every((r) => r.verdict !== '')).toBe(true);
    const print = await readFingerprint(page);
    const link = new URL(page.url());
    // The link names the file, never its rows.
    expect(link.searchParams.get('file')).toBe('regression.csv');
    expect(link.searchParams.get('fsize')).toMatch(/^\d+$/);
    expect(link.searchParams.get('fhash')).toMatch(/^[0-9a-f]{16}$/);
    expect(link.search).not.toContain('north');

    // A reload has no file: the page asks for it and shows the cars data meanwhile.
    await page.reload();
    await expect(page.getByTestId('csv-ask')).toContainText('regression.csv');
    await waitDone(page);
    // The same file: the same link and the same fingerprint.
    await page.getByTestId('csv-input').setInputFiles(REGRESSION);
    await expect(page.getByTestId('csv-same')).toBeVisible();
    await expect(page.getByTestId('csv-ask')).toHaveCount(0);
    await waitDone(page);
    expect(await readFingerprint(page)).toBe(print);
    expect(new URL(page.url()).search).toBe(link.search);

    // A different file: a notice says so, and the runs are now that file's.
    await page.reload();
    await page.getByTestId('csv-input').setInputFiles(CHANGED);
    await expect(page.getByTestId('csv-different')).toContainText('regression-changed.csv');
    await waitDone(page);
    expect(new URL(page.url()).searchParams.get('fhash')).not.toBe(link.searchParams.get('fhash'));
    expect(await readFingerprint(page)).not.toBe(print);
    expect(watch.errors).toEqual([]);
  });

  test('a file it cannot use gets a message and the previous scene stays', async ({ page }) => {
    const watch = watchPage(page);
    await openLab(page, 'scene=cars&backend=cpu&steps=20');
    const before = page.url();
    const cases = [
      { name: 'one.csv', text: 'x\n1\n2\n3\n', says: 'one column' },
      { name: 'ragged.csv', text: 'x,y\n1,2\n3,4,5\n', says: 'line 3 has 3 fields' },
      { name: 'empty.csv', text: '', says: 'no data rows' },
      { name: 'binary.csv', text: 'x,y\n\u0000\u0001\u0002,1\n', says: 'not a text file' },
    ];
    for (const c of cases) {
      await page.getByTestId('csv-input').setInputFiles({
        name: c.name,
        mimeType: 'text/csv',
        buffer: Buffer.from(c.text),
      });
      await expect(page.getByTestId('csv-refused')).toContainText(c.name);
      await expect(page.getByTestId('csv-refused')).toContainText(c.says);
      expect(page.url()).toBe(before);
    }
    await waitDone(page);
    expect(watch.errors).toEqual([]);
  });
});
