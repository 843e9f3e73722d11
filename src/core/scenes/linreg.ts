import type { Dataset } from '../data/dataset';
import { leastSquares, mseHessian, mseLoss } from '../data/leastSquares';
import { splitIndices, type Split, type SplitRatios } from '../data/split';
import { linearData } from '../data/synthetic';
import type { Rng } from '../rng';
import { minimumAt } from './minimum';
import type { Scene, SceneId } from './scene';

/** The data of the regression scene: a noisy line y = 1.5·x − 0.5 + 0.8·z, x uniform in [−3, 3]. */
export const LINREG_DATA = { n: 120, w: 1.5, b: -0.5, sigma: 0.8, xRange: [-3, 3] } as const;

/** The default split: 60 % train, 20 % validation, 20 % test. */
export const DEFAULT_SPLIT: SplitRatios = { train: 0.6, val: 0.2, test: 0.2 };

/** A scene that learns from data: the data set and its seeded split into train/validation/test. */
export interface DataScene extends Scene {
  readonly data: Dataset;
  readonly split: Split;
  /** The loss on the test rows (the exam), in float64. */
  testLoss(theta: readonly number[]): number;
}

/**
 * Linear regression ŷ = w·x + b on seeded synthetic data: two parameters, so its loss surface is
 * drawn exactly. The loss is the mean squared error on the training rows,
 *
 *   L(w, b) = (1/m) Σᵢ (w·xᵢ + b − yᵢ)²,   ∇L = (2/m) Σᵢ rᵢ·(xᵢ, 1),   H = (2/m) XᵀX,
 *
 * rᵢ = w·xᵢ + b − yᵢ and X's rows (xᵢ, 1) (docs/THEORY.md, Gradient descent on a quadratic): a
 * quadratic, so 1/λmax and 2/λmax of H are exact thresholds for full-batch gradient descent, and
 * its minimum is the least-squares line.
 * With x uniform on [−3, 3], E[x²] = 3 and H ≈ diag(6, 2): 2/λmax ≈ 1/3.
 */
export function linregScene(seed: number, ratios: SplitRatios = DEFAULT_SPLIT): DataScene {
  const { n, ...spec } = LINREG_DATA;
  const data = linearData(seed, n, spec);
  const split = splitIndices(n, ratios, seed);
  const rows = split.train;
  const { x, y } = data;
  const best = leastSquares(x, y, rows);
  const H = mseHessian(x, rows);
  const m = rows.length;
  const grad = ([w = 0, b = 0]: readonly number[]) => {
    let gw = 0;
    let gb = 0;
    for (const i of rows) {
      const r = w * x[i]! + b - y[i]!;
      gw += r * x[i]!;
      gb += r;
    }
    return [(2 * gw) / m, (2 * gb) / m];
  };
  const span = 4;
  return {
    id: 'linreg',
    dims: 2,
    defaultLrs: [0.01, 0.1, 0.25, 0.45],
    defaultSteps: 60,
    lrRange: [-3, 0],
    view: [
      [best.w - span, best.w + span],
      [best.b - span, best.b + span],
    ],
    minima: [minimumAt([best.w, best.b], best.loss, () => H)],
    // Up-left of the best line: too steep a slope, too low an intercept.
    start: (rng: Rng) => [best.w - 3 + (2 * rng() - 1) * 0.3, best.b + 2.5 + (2 * rng() - 1) * 0.3],
    loss: ([w = 0, b = 0]) => mseLoss(x, y, rows, w, b),
    grad,
    hessian: () => [...H],
    quadratic: true,
    paramNames: ['slope w', 'intercept b'],
    data,
    split,
    testLoss: ([w = 0, b = 0]) => mseLoss(x, y, split.test, w, b),
  };
}

/** The scenes that learn from data (split, minibatches, validation). */
export const DATA_SCENES: readonly SceneId[] = ['linreg', 'cars', 'csv'];

/** Whether a scene learns from data (and so has a split and minibatches). */
export function isDataScene(scene: Scene): scene is DataScene {
  return 'data' in scene;
}

/**
 * The standard deviation σ per coordinate of the minibatch gradient's noise at the minimum, for the
 * verdicts' noise rules: with per-sample gradients gᵢ = 2rᵢ·(xᵢ, 1) (their mean is ∇L(θ*) = 0), a
 * batch of B drawn without replacement from m rows has covariance Σ/B·(m − B)/(m − 1), Σ the
 * per-sample covariance (e.g. Bottou, Curtis & Nocedal 2018, §4.2); σ² is its mean diagonal
 * entry. 0 for full batches.
 */
export function minibatchSigma(scene: DataScene, batchSize: number): number {
  const rows = scene.split.train;
  const m = rows.length;
  const B = Math.min(batchSize, m);
  if (B <= 0 || B >= m) return 0;
  const [w = 0, b = 0] = scene.minima[0]?.theta ?? [];
  let sw = 0;
  let sb = 0;
  for (const i of rows) {
    const r = w * scene.data.x[i]! + b - scene.data.y[i]!;
    sw += (2 * r * scene.data.x[i]!) ** 2;
    sb += (2 * r) ** 2;
  }
  const perSample = (sw + sb) / (2 * m);
  return Math.sqrt((perSample / B) * ((m - B) / (m - 1)));
}
