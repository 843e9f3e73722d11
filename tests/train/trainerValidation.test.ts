import { beforeAll, describe, expect, it } from 'vitest';
import { earlyStopping, trainBatched, type StepOps } from '../../src/train/trainer';
import type { Tensor1D, Tensor2D } from '../../src/train/tf';
import { expectClose, F32_U } from '../helpers/numeric';
import { NODE_BACKENDS, tf, useBackend } from '../helpers/tfjs';

/**
 * Training loss ½w² (gradient w), validation loss ½(w − 1)²: from w₀ = 4 with η = 0.1 gradient
 * descent gives w_t = 4·0.9^t, which passes 1 between t = 13 (w = 1.0168) and t = 14 (w = 0.9151),
 * so the validation loss falls to its best at step 13 (½·0.0168² ≈ 1.4e-4 < ½·0.0849² ≈ 3.6e-3)
 * and rises after: the shape of overfitting, with its minimum known in closed form.
 */
const ops: StepOps = {
  loss: (theta) => tf.mul(tf.sum(tf.square(theta), 1), 0.5) as Tensor1D,
  lossAndGrad: (theta) => ({
    loss: tf.mul(tf.sum(tf.square(theta), 1), 0.5) as Tensor1D,
    grad: tf.clone(theta) as Tensor2D,
  }),
  validation: (theta) => tf.mul(tf.sum(tf.square(tf.sub(theta, 1)), 1), 0.5) as Tensor1D,
};
const w = (t: number) => 4 * 0.9 ** t;

describe('earlyStopping (the host side of the rule)', () => {
  it('finds the strict minimum and stops patience steps after it', () => {
    // Best at t = 2 (value 1); t = 3..5 do not improve (1 is not < 1): stopped at 2 + 3 = 5.
    expect(earlyStopping([3, 2, 1, 1, 4, 5, 0.5], 3)).toEqual({ bestStep: 2, stopStep: 5 });
    // Without patience the later, lower 0.5 wins and the run never stops.
    expect(earlyStopping([3, 2, 1, 1, 4, 5, 0.5], 0)).toEqual({ bestStep: 6, stopStep: 6 });
    // NaN never improves; nothing ever improving keeps the start.
    expect(earlyStopping([NaN, NaN, NaN], 2)).toEqual({ bestStep: 0, stopStep: 1 });
    expect(earlyStopping([], 2)).toEqual({ bestStep: 0, stopStep: -1 });
  });
});

describe.each(NODE_BACKENDS)('validation and early stopping on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('records the validation curve and keeps the best θ at the validation minimum', async () => {
    const before = tf.memory().numTensors;
    const T = 40;
    const out = await trainBatched(tf, ops, { lrs: [0.1, 0.1], steps: T, start: [4], patience: 5 });
    expect(tf.memory().numTensors).toBe(before);
    const v = out!.validation!;
    for (let t = 0; t <= T; t++) {
      // Each w_t is float32-rounded per step: relative error ≤ (t + 1)·2u, so |Δ(½(w−1)²)| ≤
      // |w − 1|·|Δw| + Δw².
      const dw = (t + 2) * 2 * F32_U * w(t);
      expectClose(
        v.losses[0]![t]!,
        0.5 * (w(t) - 1) ** 2,
        { rel: 0, abs: Math.abs(w(t) - 1) * dw + dw * dw + F32_U },
        `val ${t}`,
      );
    }
    expect(v.bestStep).toEqual([13, 13]);
    // Patience 5 after the best at 13: stopped at 18.
    expect(v.stopStep).toEqual([18, 18]);
    expectClose(v.bestTheta[0]![0]!, w(13), { rel: 16 * 2 * F32_U }, 'best w');
    expect(v.bestTheta[1]).toEqual(v.bestTheta[0]);
  });

  it('keeps each run’s own best row of θ (P = 2, K = 3, different best steps)', async () => {
    // Per coordinate as above; the learning rates differ, so the best steps differ too.
    const out = await trainBatched(tf, ops, { lrs: [0.05, 0.1, 0.2], steps: 60, start: [4, 4] });
    const v = out!.validation!;
    expect(new Set(v.bestStep).size).toBe(3);
    for (let k = 0; k < 3; k++) {
      const t = v.bestStep[k]!;
      expect(Array.from(v.bestTheta[k]!)).toEqual(
        Array.from(out!.paths[k]!.subarray(2 * t, 2 * t + 2)),
      );
    }
  });

  it('a stopped run keeps its best even if the loss improves again later', async () => {
    // Validation ½(w − 1)² + ½·[w < 0.3]·(−10): drops below everything once w < 0.3 (t ≥ 25), long
    // after the run with patience 5 stopped at 18; without patience that later point wins.
    const dip: StepOps = {
      ...ops,
      validation: (theta) =>
        tf.sub(
          tf.mul(tf.sum(tf.square(tf.sub(theta, 1)), 1), 0.5),
          tf.mul(tf.sum(tf.cast(tf.less(theta, 0.3), 'float32'), 1), 10),
        ) as Tensor1D,
    };
    const patient = await trainBatched(tf, dip, { lrs: [0.1], steps: 40, start: [4], patience: 5 });
    expect(patient!.validation!.bestStep).toEqual([13]);
    expectClose(patient!.validation!.bestTheta[0]![0]!, w(13), { rel: 32 * F32_U }, 'kept');
    const eager = await trainBatched(tf, dip, { lrs: [0.1], steps: 40, start: [4], patience: 0 });
    // w_25 = 4·0.9^25 ≈ 0.287 < 0.3 is the first point of the dip, and the best (½(w − 1)² grows
    // as w falls further, while the −10 stays).
    expect(eager!.validation!.bestStep).toEqual([25]);
    expect(eager!.validation!.stopStep).toEqual([40]);
  });

  it('records every n-th θ when asked, the same rows as the full path', async () => {
    const full = await trainBatched(tf, ops, { lrs: [0.1, 0.3], steps: 10, start: [4] });
    const sparse = await trainBatched(tf, ops, {
      lrs: [0.1, 0.3],
      steps: 10,
      start: [4],
      pathEvery: 4,
      chunk: 3,
    });
    // Steps 0, 4, 8 of 0..10.
    for (let k = 0; k < 2; k++) {
      expect(Array.from(sparse!.paths[k]!)).toEqual([0, 4, 8].map((t) => full!.paths[k]![t]));
      expect(sparse!.losses[k]).toEqual(full!.losses[k]);
    }
  });
});
