import type { Page } from '@playwright/test';
import { expect, test } from './sharedTab';
import { expectNoNotice, LECTURE_VERDICTS, openLab, runsOf, watchPage } from './helpers';

/**
 * What the page decides from two trainings of one link must agree: each run's verdict with its
 * words (the divergence step) and how many steps it kept.
 */
function expectSameDecisions(
  a: Awaited<ReturnType<typeof runsOf>>,
  b: Awaited<ReturnType<typeof runsOf>>,
  config: string,
): void {
  expect(
    a.map((r) => r.label),
    config,
  ).toEqual(b.map((r) => r.label));
  expect(
    a.map((r) => r.recorded),
    config,
  ).toEqual(b.map((r) => r.recorded));
}

/**
 * The fused WebGPU kernel (src/train/fused/webgpuAnalytic.ts, one WGSL dispatch per chunk for all
 * runs) in Chromium (SwiftShader here) against the cpu backend's fused kernel, which Node tests hold
 * bit for bit equal to the unfused cpu trainer (tests/train/fused.test.ts).
 *
 * Tolerance, derived as in tests/train/trainer.test.ts: both are float32 runs within
 * 2·T·u·(1 + |ηλ|)/|1 − ηλ| relative of the float64 trajectory on the bowl (T = 60 steps,
 * u = 2⁻²⁴, worst default rate η = 1.6 with λ = 1: 2·60·6e-8·2.6/0.6 ≈ 3e-5), so of each other
 * within twice that: 1e-4 relative on each run's final loss, and the same verdicts and number of
 * finite steps. The valley's bouncing and diverging runs are compared by verdict (its words include
 * the divergence step) and recorded steps only, its converging ones by the same 1e-4.
 */
for (const scene of ['quadratic', 'valley'] as const) {
  test(`?backend=webgpu trains the ${scene} fused, as the cpu kernel does within float32 error`, async ({
    page,
  }) => {
    const watched = watchPage(page);
    await openLab(page, `backend=webgpu&scene=${scene}`);
    await expect(page.locator('[data-testid=backend]')).toHaveText('webgpu');
    await expectNoNotice(page);
    await expect(page.locator('[data-testid=fused]')).toHaveAttribute('data-fused', 'true');
    const gpu = await runsOf(page);

    await openLab(page, `backend=cpu&scene=${scene}`);
    await expect(page.locator('[data-testid=backend]')).toHaveText('cpu');
    await expect(page.locator('[data-testid=fused]')).toHaveAttribute('data-fused', 'true');
    const cpu = await runsOf(page);

    expect(gpu.map((r) => r.label)).toEqual(cpu.map((r) => r.label));
    expect(gpu.map((r) => r.recorded)).toEqual(cpu.map((r) => r.recorded));
    if (scene === 'valley') expect(gpu.map((r) => r.verdict)).toEqual([...LECTURE_VERDICTS]);
    gpu.forEach((r, i) => {
      const c = cpu[i]!;
      if (scene === 'valley' && r.verdict !== 'just-right' && r.verdict !== 'too-small') return;
      expect(Math.abs(r.final - c.final), `run ${i}: ${r.final} vs ${c.final}`).toBeLessThanOrEqual(
        1e-4 * Math.abs(c.final) + 1e-12,
      );
    });
    expect(watched.errors).toEqual([]);
  });
}

/**
 * Every optimizer's WGSL and every scene's, with a schedule and gradient noise (the defaults test
 * above runs plain SGD): each on webgpu against the cpu kernel. Runs of these optimizers can bounce
 * chaotically, where float32 implementations part ways legitimately, so what must agree is what the
 * page decides from them: each run's verdict (with its divergence step) and how many steps it kept.
 */
const CONFIGS = [
  'scene=valley&opt=momentum&sched=cosine&warmup=5&noise=0.2',
  'scene=quadratic&opt=adagrad&sched=step',
  'scene=rosenbrock&opt=adam&sched=exp',
  'scene=saddle&opt=nesterov&noise=0.1',
  'scene=himmelblau&opt=rmsprop',
  'scene=quadratic&opt=adamw&wd=0.1&sched=cosine',
  // A typed formula: its WGSL is generated from the same tree as the cpu kernel's closures.
  `scene=formula&fn=${encodeURIComponent('log(1 + x^2) + 2*y^2 + 0.1*sin(3x)')}&opt=momentum`,
] as const;
for (const config of CONFIGS) {
  test(`webgpu fused gives the verdicts of the cpu kernel: ${config}`, async ({ page }) => {
    const watched = watchPage(page);
    await openLab(page, `backend=webgpu&${config}`);
    await expect(page.locator('[data-testid=backend]')).toHaveText('webgpu');
    await expect(page.locator('[data-testid=fused]')).toHaveAttribute('data-fused', 'true');
    const gpu = await runsOf(page);
    await openLab(page, `backend=cpu&${config}`);
    const cpu = await runsOf(page);
    expectSameDecisions(gpu, cpu, config);
    expect(watched.errors).toEqual([]);
  });
}

test('auto times each backend op by op and fused, and the panel shows every pair, and why an emulated GPU is not timed', async ({
  page,
}) => {
  await openLab(page, 'backend=auto&scene=quadratic');
  const probe = page.locator('[data-testid=probe]');
  await expect(probe).toContainText(/cpu fused \d/);
  await expect(probe).toContainText(/cpu \d/);
  await expect(probe).toContainText(/wasm fused \d/);
  // This Chromium's WebGPU adapter and WebGL renderer are SwiftShader (backends.spec.ts checks the
  // adapter), the CPU itself: the probe does not time them, and the panel says why.
  const emulated = page.locator('[data-testid=probe-emulated]');
  await expect(emulated).toContainText('webgpu');
  await expect(emulated).toContainText('webgl');
  await expect(emulated).toContainText('emulated on the CPU');
  await expect(probe).not.toContainText('webgpu');
});

/**
 * The network on webgpu: one WGSL dispatch per step for all runs (src/train/fused/webgpuMlp.ts)
 * against the cpu kernel, which Node tests hold to the unfused trainer (tests/train/fusedMlp.test.ts).
 * Full batch, minibatches with Adam and early stopping, a deeper net with momentum and gradient
 * noise. Plain and momentum descent get a rate that diverges (η = 3), which must not touch the others
 * (Adam's steps are bounded by η: it gets three rates that settle).
 *
 * Tolerance: a step's sums over n ≤ 400 rows are float32 on both sides in different orders, each
 * within γ_n = n·u ≈ 400·6e-8 = 2.4e-5 relative (Higham, Accuracy and Stability, §3.1); a run that
 * settles damps what earlier steps left, so its final loss and best validation loss agree within a
 * few γ_n: 1e-4. Runs that rise or diverge amplify such differences (that is what makes them rise),
 * so they are compared by verdict, with its words (the divergence step), and steps kept.
 */
const NETWORK_CONFIGS = [
  'scene=cars&steps=60&lr=0.003,0.03,0.3,3',
  'scene=cars&steps=80&opt=adam&batch=32&patience=10&lr=0.001,0.01,0.1',
  'scene=cars&steps=40&opt=momentum&depth=2&width=8&noise=0.2&lr=0.01,0.1,3',
] as const;
const bestOf = (p: Page) =>
  p
    .locator('td[data-best-step]')
    .evaluateAll((tds) =>
      tds.map((td) => [
        Number(td.getAttribute('data-best-step')),
        Number(td.getAttribute('data-val-best')),
      ]),
    );
for (const config of NETWORK_CONFIGS) {
  test(`the network on webgpu trains fused, as the cpu kernel does within float32 error: ${config}`, async ({
    page,
  }) => {
    // Two pages, one of them on WebGPU emulated on the CPU (SwiftShader): half a minute alone,
    // a minute on a busy two-core machine.
    test.setTimeout(180_000);
    const watched = watchPage(page);
    await openLab(page, `backend=webgpu&${config}`);
    await expect(page.locator('[data-testid=backend]')).toHaveText('webgpu');
    await expectNoNotice(page);
    await expect(page.locator('[data-testid=fused]')).toHaveAttribute('data-fused', 'true');
    const gpu = await runsOf(page);
    const gpuBest = await bestOf(page);
    await openLab(page, `backend=cpu&${config}`);
    await expect(page.locator('[data-testid=fused]')).toHaveAttribute('data-fused', 'true');
    const cpu = await runsOf(page);
    const cpuBest = await bestOf(page);

    expectSameDecisions(gpu, cpu, config);
    if (!config.includes('opt=adam')) expect(gpu.at(-1)!.verdict, config).toBe('diverged');
    gpu.forEach((r, i) => {
      if (r.verdict === 'diverged' || r.verdict === 'too-large') return;
      const c = cpu[i]!;
      expect(Math.abs(r.final - c.final), `${config} run ${i}`).toBeLessThanOrEqual(
        1e-4 * Math.abs(c.final),
      );
      const [gStep, gVal] = gpuBest[i]!;
      const [cStep, cVal] = cpuBest[i]!;
      expect(gStep, `${config} run ${i} best step`).toBe(cStep);
      expect(Math.abs(gVal! - cVal!), `${config} run ${i} best validation`).toBeLessThanOrEqual(
        1e-4 * Math.abs(cVal!),
      );
    });
    expect(watched.errors).toEqual([]);
  });
}
