import { beforeAll, describe, expect, it } from 'vitest';
import { PLAIN_GD, type Experiment } from '../../src/core/experiment';
import { mseLoss } from '../../src/core/data/leastSquares';
import { makeScene, type DataScene } from '../../src/core/scenes';
import { kFoldSummary, runExperiment } from '../../src/train/experiment';
import { foldPlan } from '../../src/train/foldOps';
import { expectClose, F32_U } from '../helpers/numeric';
import { NODE_BACKENDS, tf, useBackend } from '../helpers/tfjs';

const base: Experiment = {
  ...PLAIN_GD,
  scene: 'linreg',
  kappa: 10,
  seed: 11,
  lrs: [0.05, 0.2],
  steps: 40,
  noise: 0,
  folds: 4,
};
const now = () => performance.now();

/** Plain float64 full-batch gradient descent on `rows`, with the loss on `held` after each step. */
function reference(scene: DataScene, rows: Int32Array, held: Int32Array, lr: number, T: number) {
  const { x, y } = scene.data;
  let [w, b] = scene.start(() => 0.5);
  // The seeded start, as the lab draws it (setUp uses the seed's init stream).
  return (start: number[]) => {
    [w, b] = start;
    const val: number[] = [];
    for (let t = 0; t <= T; t++) {
      val.push(mseLoss(x, y, held, w!, b!));
      let gw = 0;
      let gb = 0;
      for (const i of rows) {
        const r = w! * x[i]! + b! - y[i]!;
        gw += (2 * r * x[i]!) / rows.length;
        gb += (2 * r) / rows.length;
      }
      w = w! - lr * gw;
      b = b! - lr * gb;
    }
    return val;
  };
}

describe.each(NODE_BACKENDS)('k-fold cross-validation on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('trains every learning rate on every fold in one batch, each on its own rows', async () => {
    const scene = makeScene('linreg', base) as DataScene;
    const plan = foldPlan(scene, 4);
    // The pool is the training and validation rows (96 of 120); the folds split it 24 each.
    expect(plan.folds.map((f) => f.length)).toEqual([24, 24, 24, 24]);
    const result = await runExperiment(tf, base, { now });
    const kf = result!.kfold!;
    expect(kf.k).toBe(4);
    expect(kf.val).toHaveLength(2);
    const start = result!.start;
    for (let j = 0; j < 2; j++) {
      for (let i = 0; i < 4; i++) {
        const expected = reference(scene, plan.train[i]!, plan.folds[i]!, base.lrs[j]!, 40)(start);
        const got = kf.val[j]![i]!;
        // Float32 vs float64 over 40 contracting steps: a few u of the loss scale (≈ 1–30).
        for (let t = 0; t <= 40; t++) {
          expectClose(
            got[t]!,
            expected[t]!,
            { rel: 64 * F32_U, abs: 64 * F32_U },
            `lr ${j} fold ${i} t ${t}`,
          );
        }
      }
    }
    // The summary: mean and sd of the folds' best validation losses, and the lowest mean picked.
    for (let j = 0; j < 2; j++) {
      const best = kf.val[j]!.map((v) => Math.min(...v));
      const mean = best.reduce((a, c) => a + c, 0) / 4;
      expectClose(kf.mean[j]!, mean, { rel: 1e-12 }, 'mean');
      const sd = Math.sqrt(best.reduce((a, c) => a + (c - mean) ** 2, 0) / 3);
      expectClose(kf.sd[j]!, sd, { rel: 1e-9, abs: 1e-15 }, 'sd');
    }
    // The lowest mean among the runs the table does not call diverged or too large.
    const safe = [0, 1].filter(
      (j) => !['diverged', 'too-large'].includes(result!.runs[j]!.verdict.kind),
    );
    const lowest = (js: number[]) => js.reduce((a, j) => (kf.mean[j]! < kf.mean[a]! ? j : a));
    expect(kf.pick).toBe(safe.length ? lowest(safe) : lowest([0, 1]));
  });
});

/**
 * The pick's rule on hand-made curves (no training): per learning rate the mean over the folds of
 * each fold's lowest validation loss, lowest mean wins, but only among learning rates whose run the
 * page does not call diverged or too large.
 */
describe('the k-fold pick', () => {
  // Two folds; learning rate j on fold i has the validation curve curves[j][i] (bestStep: its argmin).
  const plan = { k: 2, folds: [new Int32Array(3), new Int32Array(2)], train: [] };
  const curves = [
    [
      [0.9, 0.5],
      [0.7, 0.3],
    ], // means of minima: (0.5 + 0.3) / 2 = 0.4
    [
      [0.9, 0.2],
      [0.8, 0.2],
    ], // (0.2 + 0.2) / 2 = 0.2: the lowest
    [
      [0.9, 0.35],
      [0.6, 0.25],
    ], // (0.35 + 0.25) / 2 = 0.3
  ];
  const validation = {
    losses: curves.flat().map((c) => Float32Array.from(c)),
    bestStep: curves.flat().map(() => 1),
  };
  const lrs = [0.01, 0.1, 1];

  it('picks the lowest mean when its run is fine', () => {
    const kf = kFoldSummary(plan, lrs, validation, [
      { kind: 'too-small' },
      { kind: 'just-right' },
      { kind: 'just-right' },
    ]);
    expect(kf.mean.map((m) => Number(m.toFixed(6)))).toEqual([0.4, 0.2, 0.3]);
    expect(kf.foldSizes).toEqual([3, 2]);
    expect([kf.pick, kf.reason]).toEqual([1, 'lowest']);
  });

  it('skips a too-large or diverged learning rate with a lower mean, and says which', () => {
    const kf = kFoldSummary(plan, lrs, validation, [
      { kind: 'too-small' },
      { kind: 'too-large', detail: 'oscillating' },
      { kind: 'just-right' },
    ]);
    // 0.2 belongs to a too-large run; of the others 0.3 < 0.4.
    expect([kf.pick, kf.reason, kf.skipped]).toEqual([2, 'skipped', 1]);
    const all = kFoldSummary(plan, lrs, validation, [
      { kind: 'diverged', divergedAt: 3 },
      { kind: 'too-large', detail: 'stalled' },
      { kind: 'diverged', divergedAt: 5 },
    ]);
    // No safe learning rate: the lowest mean of all, said as no safe choice.
    expect([all.pick, all.reason]).toEqual([1, 'none']);
  });
});
