import { expect, test, type Page } from '@playwright/test';
import { expectNoNotice, LECTURE_VERDICTS, openLab, watchPage } from './helpers';

/** Each row's verdict (with its words, e.g. the divergence step), final loss and recorded steps. */
async function runsOf(page: Page) {
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
] as const;
test('every optimizer and scene: webgpu fused gives the verdicts of the cpu kernel', async ({
  page,
}) => {
  const watched = watchPage(page);
  for (const config of CONFIGS) {
    await openLab(page, `backend=webgpu&${config}`);
    await expect(page.locator('[data-testid=backend]')).toHaveText('webgpu');
    await expect(page.locator('[data-testid=fused]')).toHaveAttribute('data-fused', 'true');
    const gpu = await runsOf(page);
    await openLab(page, `backend=cpu&${config}`);
    const cpu = await runsOf(page);
    expect(
      gpu.map((r) => r.label),
      config,
    ).toEqual(cpu.map((r) => r.label));
    expect(
      gpu.map((r) => r.recorded),
      config,
    ).toEqual(cpu.map((r) => r.recorded));
  }
  expect(watched.errors).toEqual([]);
});

test('auto times each backend op by op and fused, and the panel shows every pair', async ({
  page,
}) => {
  await openLab(page, 'backend=auto&scene=quadratic');
  const probe = page.locator('[data-testid=probe]');
  await expect(probe).toContainText(/cpu fused \d/);
  await expect(probe).toContainText(/cpu \d/);
  await expect(probe).toContainText(/wasm fused \d/);
  // This Chromium has a WebGPU adapter (SwiftShader; backends.spec.ts checks), so webgpu is timed too.
  await expect(probe).toContainText(/webgpu fused \d/);
});
