import { expect, test } from './sharedTab';
import { openLab, readFingerprint, watchPage } from './helpers';

/**
 * "Run it twice" trains the experiment on screen again in the worker, on the backend that trained
 * it, and compares the loss traces bit for bit: each backend repeats itself exactly
 * (docs/THEORY.md, Reproducibility),
 * on cpu and on WebGPU (SwiftShader here) alike.
 */
for (const query of ['backend=cpu', 'backend=webgpu', 'backend=cpu&scene=quadratic&noise=0.5']) {
  test(`run it twice on ?${query}: identical traces`, async ({ page }) => {
    test.setTimeout(180_000);
    const watched = watchPage(page);
    await openLab(page, query);
    const print = await readFingerprint(page);
    const backend = new URLSearchParams(query).get('backend')!;
    const panel = page.getByRole('region', { name: 'Reproducibility check' });
    await expect(panel.getByTestId('repro-backend')).toHaveText(backend);
    await expect(panel.getByTestId('repro-fingerprint')).toHaveText(print);
    await panel.getByRole('button', { name: 'Run it twice' }).click();
    const report = panel.getByTestId('repeat-report');
    await expect(report).toHaveAttribute('data-identical', /true|false/, { timeout: 150_000 });
    const text = (await report.textContent()) ?? '';
    expect(text).toMatch(/^Identical: all \d+ loss values of the 4 runs have the same bits/);
    expect(text).toContain(`fingerprint ${print} both times`);
    expect(await report.getAttribute('data-identical')).toBe('true');
    // The figure on screen is untouched by the second training.
    expect(await readFingerprint(page)).toBe(print);
    expect(watched.errors).toEqual([]);
  });
}
