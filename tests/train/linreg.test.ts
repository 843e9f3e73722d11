import { beforeAll, describe, expect, it } from 'vitest';
import { PLAIN_GD, type Experiment } from '../../src/core/experiment';
import { leastSquares, mseLoss } from '../../src/core/data/leastSquares';
import { makeScene, type DataScene } from '../../src/core/scenes';
import { sceneBands } from '../../src/core/stability';
import { runExperiment } from '../../src/train/experiment';
import { expectClose, F32_U } from '../helpers/numeric';
import { NODE_BACKENDS, tf, useBackend } from '../helpers/tfjs';

const base: Experiment = {
  ...PLAIN_GD,
  scene: 'linreg',
  kappa: 10,
  seed: 7,
  lrs: [0.1],
  steps: 300,
  noise: 0,
};
const now = () => performance.now();
const sceneOf = (exp: Experiment) => makeScene('linreg', exp) as DataScene;

describe.each(NODE_BACKENDS)('linear regression on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('full-batch gradient descent converges to the closed-form least-squares line', async () => {
    const scene = sceneOf(base);
    const ls = leastSquares(scene.data.x, scene.data.y, scene.split.train);
    const result = await runExperiment(tf, base, { now });
    const run = result!.runs[0]!;
    const [w, b] = Array.from(run.path.slice(-2));
    // H ≈ diag(6, 2)·(1 + sampling), η = 0.1: every error mode shrinks by at least |1 − 0.1λ| ≤
    // 0.85 per step, so after 300 steps the float64 error is < 0.85^300·5 ≈ 3e-21: what remains is
    // float32 rounding of the gradient sum, a few u·Σ|rᵢxᵢ|/m relative to the data scale (|y| ≲ 6).
    expectClose(w!, ls.w, { rel: 0, abs: 1e-4 }, 'w');
    expectClose(b!, ls.b, { rel: 0, abs: 1e-4 }, 'b');
    expectClose(run.losses[run.losses.length - 1]!, ls.loss, { rel: 1e-5 }, 'final loss');
    expect(run.verdict.kind).toBe('just-right');
  });

  it('the exact thresholds 1/λmax and 2/λmax of (2/m)XᵀX sort full-batch runs', async () => {
    const scene = sceneOf(base);
    const bands = sceneBands(scene, base)!;
    const lrs = [0.95, 1.05, 1.95, 2.05].map((f) => (f / 2) * bands.divergence);
    const result = await runExperiment(tf, { ...base, lrs, steps: 400 }, { now });
    // As on the bowl (tests/core/stability.test.ts): monotone, overshooting twice, diverging.
    const kinds = result!.runs.map((r) => r.verdict.kind);
    expect(['too-small', 'just-right']).toContain(kinds[0]);
    expect(kinds.slice(1)).toEqual(['too-large', 'too-large', 'diverged']);
  });

  it('minibatches: the same schedule for every run, a noisy path that still ends near the line', async () => {
    // Batch 12 of 72 training rows with an exponentially decaying step (γ = 0.99/step): the noise
    // shrinks with η, so the end lies close to the least-squares line but not on it.
    const exp = { ...base, lrs: [0.05, 0.1], batchSize: 12, schedule: 'exp' as const, gamma: 0.99 };
    const scene = sceneOf(exp);
    const ls = leastSquares(scene.data.x, scene.data.y, scene.split.train);
    const result = await runExperiment(tf, exp, { now });
    const data = result!.data!;
    expect(data.batches?.B).toBe(12);
    // 72 rows in batches of 12: 6 steps per epoch, each training row once per epoch.
    const epoch = Array.from(data.batches!.idx.subarray(0, 72)).sort((a, c) => a - c);
    expect(epoch).toEqual(Array.from(scene.split.train).sort((a, c) => a - c));
    for (const run of result!.runs) {
      const [w, b] = Array.from(run.path.slice(-2));
      expect(Math.hypot(w! - ls.w, b! - ls.b)).toBeLessThan(0.1);
      // The recorded loss is the whole training set's, never below the least-squares minimum.
      for (const l of run.losses) expect(l).toBeGreaterThanOrEqual(ls.loss * (1 - 8 * F32_U));
    }
  });

  it('records validation, keeps the best step under patience, and sits the exam once there', async () => {
    const exp = { ...base, lrs: [0.02, 0.3], steps: 200, patience: 10 };
    const scene = sceneOf(exp);
    const result = await runExperiment(tf, exp, { now });
    const data = result!.data!;
    expect(data.sizes).toEqual({ train: 72, val: 24, test: 24, dropped: 0 });
    for (let k = 0; k < 2; k++) {
      const val = data.val[k]!;
      expect(val).toHaveLength(201);
      // Its own curve's minimum up to the stop step, which is best + patience or the end.
      const upTo = Array.from(val.subarray(0, data.stopStep[k]! + 1));
      expect(val[data.bestStep[k]!]).toBe(Math.min(...upTo));
      expect([data.bestStep[k]! + 10, 200]).toContain(data.stopStep[k]);
      // The exam: the test-set loss of the parameters at the best step (float32 θ, float64 loss).
      const path = result!.runs[k]!.path;
      const t = data.bestStep[k]!;
      const [w, b] = [path[2 * t]!, path[2 * t + 1]!];
      expectClose(
        data.test[k]!,
        mseLoss(scene.data.x, scene.data.y, scene.split.test, w, b),
        { rel: 1e-12 },
        'test',
      );
    }
  });
});
