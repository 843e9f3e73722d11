import { describe, expect, it } from 'vitest';
import { mlpLoss, mlpPredict, type MlpLayout } from '../../src/core/models/mlp';
import { normal, stream } from '../../src/core/rng';
import { carsScene, type ModelScene } from '../../src/core/scenes/cars';
import { modelSlice, networkLoss, SLICE_SIDE } from '../../src/train/modelSurface';
import { F32_U } from '../helpers/numeric';

/** fastTanh's largest error (src/train/fused/fastTanh.ts: 5.2 / (384·64⁴)). */
const TANH_ERR = 8.1e-10;

/**
 * The most a prediction can move when every tanh is off by at most TANH_ERR: a hidden unit's
 * error is TANH_ERR plus its inputs' errors weighted by |W| (|tanh'| ≤ 1), so layer by layer
 * e_l = TANH_ERR + max_j Σ_i |W_l[i][j]|·e_{l−1} (e_0 = 0: the inputs are exact), and the output's
 * is Σ_j |W_out[j]|·e_depth.
 */
function predictionError(layout: MlpLayout, theta: ArrayLike<number>): number {
  let e = 0;
  layout.layers.forEach(({ w }, l) => {
    let worst = 0;
    for (let j = 0; j < w.cols; j++) {
      let s = 0;
      for (let i = 0; i < w.rows; i++) s += Math.abs(theta[w.offset + i * w.cols + j]!);
      worst = Math.max(worst, s);
    }
    e = l < layout.depth ? TANH_ERR + worst * e : worst * e;
  });
  return e;
}

/** The scene's training rows rounded to float32, as the trainers hold them (src/train/dataOps.ts). */
function trainRows(scene: ModelScene) {
  const { f, x, y } = scene.data;
  const rows = Array.from(scene.split.train);
  return {
    x: Float64Array.from(
      rows.flatMap((i) => Array.from(x.subarray(i * f, (i + 1) * f))),
      Math.fround,
    ),
    y: Float64Array.from(rows, (i) => Math.fround(y[i]!)),
  };
}

/** n parameter sets θ0 + scale·z (z standard normal, seeded), rounded to float32, row-major. */
function pointsAround(theta0: readonly number[], n: number, scale: number): Float32Array {
  const rng = stream(7, 'init');
  const out = new Float32Array(n * theta0.length);
  for (let r = 0; r < n; r++) {
    theta0.forEach((t, i) => (out[r * theta0.length + i] = t + scale * normal(rng)));
  }
  return out;
}

describe("a network's slice surface is its training loss, on the host", () => {
  it.each([
    ['one layer of 16 (the default)', 16, 1, 0.3],
    ['one layer of 16, far from the start (tanh saturated)', 16, 1, 3],
    ['two layers of 8', 8, 2, 0.5],
  ])('%s: each value is the float64 loss within the derived bound', (_, width, depth, scale) => {
    const scene = carsScene(42069, undefined, width, depth);
    const { layout } = scene;
    const P = layout.P;
    const points = pointsAround(scene.start(stream(42069, 'init')), 40, scale);
    const got = networkLoss(scene)(points);
    const rows = trainRows(scene);
    expect(got).toHaveLength(40);
    for (let r = 0; r < 40; r++) {
      const theta = points.subarray(r * P, (r + 1) * P);
      // The reference: the float64 MSE on the same float32 rows. What may differ: fastTanh (each
      // prediction by at most e, predictionError), so each r² by at most 2|r|e + e²; the float64
      // sums (relative n·2^-53, far below); the final rounding to float32 (relative 2^-24).
      const want = mlpLoss(layout, theta, rows.x, rows.y);
      const pred = mlpPredict(layout, theta, rows.x);
      const e = predictionError(layout, theta);
      let meanAbsR = 0;
      pred.forEach((p, s) => (meanAbsR += Math.abs(p - rows.y[s]!) / pred.length));
      const tol = F32_U * want + 2 * meanAbsR * e + e * e + 1e-12 * want;
      expect(Math.abs(got[r]! - want), `point ${r}`).toBeLessThanOrEqual(tol);
    }
  });

  it('the slice holds, at each grid point, the loss of that point alone', () => {
    const scene = carsScene(42069);
    const P = scene.dims;
    const theta0 = scene.start(stream(42069, 'init'));
    // A straight path from θ0 (two rows): the plane goes through it, the grid around it.
    const end = theta0.map((t, i) => t + 0.1 * Math.cos(i));
    const path = Float32Array.from([...theta0, ...end]);
    const loss = networkLoss(scene);
    const asked: Float32Array[] = [];
    const { surface } = modelSlice(
      (points) => {
        asked.push(points.slice());
        return loss(points);
      },
      P,
      [path],
      [0.5],
      1,
      1,
    );
    const G = SLICE_SIDE;
    expect(surface).toMatchObject({ dims: 2, n: G });
    const values = (surface as { values: Float32Array }).values;
    const points = Float32Array.from(asked.flatMap((a) => Array.from(a)));
    expect(points).toHaveLength(G * G * P);
    // Every value is the loss of its own point evaluated on its own: no batch mixes its rows.
    for (let i = 0; i < G * G; i += 97) {
      expect(values[i]).toBe(loss(points.subarray(i * P, (i + 1) * P))[0]);
    }
  });
});
