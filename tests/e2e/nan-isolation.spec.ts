import { expect, test, type Browser } from '@playwright/test';
import { expectNoNotice, openLab, runsOf, watchPage } from './helpers';

/**
 * A page that trains op by op on `backend`: `auto` with the choice an earlier probe would have
 * remembered for the cars (src/ui/hooks/useTraining.ts's keys), fused false. A forced backend
 * trains fused wherever a kernel applies, and the op-by-op network is what is under test here.
 */
async function opByOpPage(browser: Browser, baseURL: string | undefined, backend: string) {
  const context = await browser.newContext({ baseURL });
  await context.addInitScript((name) => {
    window.localStorage.setItem('lr-lab:auto-backend:v1', JSON.stringify({ cars: name }));
    window.localStorage.setItem('lr-lab:auto-fused:v1', JSON.stringify({ cars: false }));
  }, backend);
  return context.newPage();
}

const T = 40;
/** Two stable rates and one that diverges on the cars (η = 3: the loss is NaN from step ~14). */
const QUERY = `backend=auto&scene=cars&lr=0.05,0.3,3&steps=${T}`;

/**
 * One diverging run must not touch the others. tfjs-backend-webgpu 4.22's batched matMul leaks a
 * NaN of one batch entry into the entry before it (it reads its second operand past the inner
 * dimension and multiplies by zeros: src/train/mlpOps.ts, LeakGuard), and the op-by-op network
 * trains its K runs as that batch, so without the guard every stable run here stopped at step 15
 * with the diverging one. Each GPU backend trains op by op against the cpu backend op by op.
 *
 * Tolerance, derived as in tests/train/fusedMlp.test.ts: both sides run the same float32 op graph
 * and differ in rounding only (summation order, FMA, tanh's formula). One step's largest float32
 * error is a sum over the m = 235 training rows, γ_m = m·u/(1 − m·u) ≈ 1.4e-5 relative to the sum
 * of its terms' magnitudes (Higham §3.1); stable rates do not expand differences, so after T steps
 * each side is within (T + 1)·γ_m of the exact trajectory and the two within 2·(T + 1)·γ_m ≈ 1.2e-3
 * relative of each other (T = 40). The diverging run is compared by verdict only: float32 paths
 * part ways once the loss grows without bound, so the step it blows up on can differ by one.
 */
for (const backend of ['webgpu', 'webgl'] as const) {
  test(`op by op on ${backend}, a diverging run leaves the others' losses as on cpu`, async ({
    browser,
    baseURL,
  }) => {
    test.setTimeout(240_000);
    const u = 2 ** -24;
    const gamma = (235 * u) / (1 - 235 * u);
    const rel = 2 * (T + 1) * gamma;

    const results: Awaited<ReturnType<typeof runsOf>>[] = [];
    for (const name of [backend, 'cpu'] as const) {
      const page = await opByOpPage(browser, baseURL, name);
      const watched = watchPage(page);
      await openLab(page, QUERY);
      await expect(page.locator('[data-testid=backend]')).toHaveText(name);
      await expect(page.locator('[data-testid=fused]')).toHaveAttribute('data-fused', 'false');
      await expectNoNotice(page);
      results.push(await runsOf(page));
      expect(watched.errors).toEqual([]);
      await page.context().close();
    }
    const [gpu = [], cpu = []] = results;
    // The cpu reference itself: two runs that train all T steps, and one that diverges.
    expect(cpu.map((r) => r.recorded).slice(0, 2)).toEqual([T + 1, T + 1]);
    expect(cpu[2]!.verdict).toBe('diverged');
    expect(gpu[2]!.verdict).toBe('diverged');
    for (const i of [0, 1]) {
      const [g, c] = [gpu[i]!, cpu[i]!];
      expect(g.recorded, `run ${i} recorded steps`).toBe(c.recorded);
      expect(g.verdict, `run ${i} verdict`).toBe(c.verdict);
      expect(Number.isFinite(g.final), `run ${i} final loss ${g.final}`).toBe(true);
      expect(Math.abs(g.final - c.final), `run ${i}: ${g.final} vs ${c.final}`).toBeLessThanOrEqual(
        rel * Math.abs(c.final),
      );
    }
  });
}
