import {
  makeScene,
  type DataScene,
  type ModelScene,
  type SceneId,
  type SceneOptions,
} from '../core/scenes';
import { mlpOps } from './mlpOps';
import { formulaOps } from './exprOps';
import { bowlHessian } from '../core/scenes/quadratic';
import { LOG_COSH_SWITCH, VALLEY_QUARTIC } from '../core/scenes/valley';
import type { TF, Tensor, Tensor1D, Tensor2D } from './tf';
import { analyticSpec, isFusedScene, type AnalyticSpec } from './fused/analyticKernel';

/**
 * A scene's loss over stacked parameters: θ is [K, P] (K runs or K grid points), the result is
 * `loss` [K] and, when asked, `grad` = ∂loss_k/∂θ_k as [K, P]. One call serves all runs of a step
 * and all points of a surface grid alike.
 */
export interface BatchedLoss {
  (theta: Tensor2D): Tensor1D;
}
export interface BatchedLossAndGrad {
  (theta: Tensor2D): { loss: Tensor1D; grad: Tensor2D };
}
export interface SceneOps {
  readonly loss: BatchedLoss;
  /** The analytic scenes' description for the fused kernel (src/train/fused). */
  readonly analytic?: AnalyticSpec;
  readonly lossAndGrad: BatchedLossAndGrad;
  /** Frees the constant tensors the scene holds. */
  dispose(): void;
}

/**
 * The tfjs form of each scene in src/core/scenes, with the gradient written in closed form: the
 * analytic scenes are dispatch-bound, and the closed form costs about half the ops of autodiff.
 * Tests check both against the float64 definitions and against `tf.grad`.
 */
export function sceneOps(tf: TF, id: SceneId, options: SceneOptions): SceneOps {
  const ops = unfusedSceneOps(tf, id, options);
  return isFusedScene(id) ? { ...ops, analytic: analyticSpec(id, options.kappa) } : ops;
}

function unfusedSceneOps(tf: TF, id: SceneId, options: SceneOptions): SceneOps {
  switch (id) {
    case 'valley': {
      // L = log cosh w + a·w⁴ (log cosh as in src/core: sinh form near 0, exp form far out; the
      // sinh branch sees |w| clamped so its unused values stay finite), L' = tanh w + 4a·w³.
      const loss = (theta: Tensor2D) => {
        const a = tf.abs(theta);
        const near = tf.log1p(
          tf.mul(tf.square(tf.sinh(tf.mul(tf.minimum(a, LOG_COSH_SWITCH), 0.5))), 2),
        );
        const far = tf.add(tf.sub(a, Math.LN2), tf.log1p(tf.exp(tf.mul(a, -2))));
        // A 0/1 mask rather than tf.where on tf.less: comparisons have no gradient in tfjs, and
        // tf.step (gradient zero) keeps the loss differentiable for autodiff checks and later users.
        const mask = tf.step(tf.sub(LOG_COSH_SWITCH, a));
        // mask·near + (1 − mask)·far selects exactly (0·finite = 0); far + mask·(near − far) would not.
        const logCosh = tf.add(tf.mul(mask, near), tf.mul(tf.sub(1, mask), far));
        const quartic = tf.mul(tf.square(tf.square(theta)), VALLEY_QUARTIC);
        return tf.reshape(tf.add(logCosh, quartic), [-1]) as Tensor1D;
      };
      return {
        loss,
        lossAndGrad: (theta) => ({
          loss: loss(theta),
          grad: tf.add(
            tf.tanh(theta),
            tf.mul(tf.mul(tf.square(theta), theta), 4 * VALLEY_QUARTIC),
          ) as Tensor2D,
        }),
        dispose: () => undefined,
      };
    }
    case 'quadratic': {
      // L = ½ θᵀHθ per row, ∇L = Hθ (H symmetric), so one matMul gives the gradient and half the loss.
      const H = tf.tensor2d(bowlHessian(options.kappa), [2, 2]);
      const lossFrom = (theta: Tensor2D, grad: Tensor2D) =>
        tf.mul(tf.sum(tf.mul(theta, grad), 1), 0.5) as Tensor1D;
      const gradOf = (theta: Tensor2D): Tensor2D => tf.matMul(theta, H);
      return {
        loss: (theta) => lossFrom(theta, gradOf(theta)),
        lossAndGrad: (theta) => {
          const grad = gradOf(theta);
          return { loss: lossFrom(theta, grad), grad };
        },
        dispose: () => H.dispose(),
      };
    }
    case 'rosenbrock': {
      // L = a² + 100r² with a = 1 − x, r = y − x²; ∇L = (−2a − 400x·r, 200r).
      const parts = (theta: Tensor2D) => {
        const [x, y] = columns(tf, theta);
        return { x, a: tf.sub(1, x), r: tf.sub(y, tf.square(x)) };
      };
      const lossOf = (a: Tensor, r: Tensor) =>
        rows(tf, tf.add(tf.square(a), tf.mul(tf.square(r), 100)));
      return {
        loss: (theta) => {
          const { a, r } = parts(theta);
          return lossOf(a, r);
        },
        lossAndGrad: (theta) => {
          const { x, a, r } = parts(theta);
          const gx = tf.sub(tf.mul(a, -2), tf.mul(tf.mul(x, r), 400));
          return { loss: lossOf(a, r), grad: pair(tf, gx, tf.mul(r, 200)) };
        },
        dispose: () => undefined,
      };
    }
    case 'saddle': {
      // L = ½x² + ¼y⁴ − ½y², ∇L = (x, y(y² − 1)).
      const lossOf = (x: Tensor, y2: Tensor) =>
        rows(
          tf,
          tf.add(tf.mul(tf.square(x), 0.5), tf.sub(tf.mul(tf.square(y2), 0.25), tf.mul(y2, 0.5))),
        );
      return {
        loss: (theta) => {
          const [x, y] = columns(tf, theta);
          return lossOf(x, tf.square(y));
        },
        lossAndGrad: (theta) => {
          const [x, y] = columns(tf, theta);
          const y2 = tf.square(y);
          return {
            loss: lossOf(x, y2),
            grad: pair(tf, x, tf.mul(y, tf.sub(y2, 1))),
          };
        },
        dispose: () => undefined,
      };
    }
    case 'formula': {
      // The typed formula's loss and derived gradient, generated op by op (src/train/exprOps.ts).
      const derived = makeScene('formula', options).formula;
      if (!derived) throw new Error('the formula scene has no formula');
      return formulaOps(tf, derived);
    }
    case 'linreg': {
      // Full-batch MSE on the training rows; minibatches go through src/train/dataOps.ts.
      const scene = makeScene('linreg', options) as DataScene;
      const rows = scene.split.train;
      const xs = tf.tensor2d(
        Float32Array.from(rows, (i) => scene.data.x[i]!),
        [1, rows.length],
      );
      const ys = tf.tensor2d(
        Float32Array.from(rows, (i) => scene.data.y[i]!),
        [1, rows.length],
      );
      const ws = tf.onesLike(xs) as Tensor2D;
      const batch = weightedMse(tf);
      return {
        loss: (theta) => batch(theta, xs, ys, ws).loss,
        lossAndGrad: (theta) => batch(theta, xs, ys, ws),
        dispose: () => tf.dispose([xs, ys, ws]),
      };
    }
    case 'cars': {
      // The network's full-batch MSE on the (standardised) training rows.
      const scene = makeScene('cars', options) as ModelScene;
      const { x, y } = trainingRows(tf, scene);
      const bound = mlpOps(tf, scene.layout).bind(x, y);
      return { ...bound, dispose: () => tf.dispose([x, y]) };
    }
    case 'himmelblau': {
      // L = a² + b² with a = x² + y − 11, b = x + y² − 7; ∇L = (4x·a + 2b, 2a + 4y·b).
      const parts = (theta: Tensor2D) => {
        const [x, y] = columns(tf, theta);
        return {
          x,
          y,
          a: tf.sub(tf.add(tf.square(x), y), 11),
          b: tf.sub(tf.add(x, tf.square(y)), 7),
        };
      };
      const lossOf = (a: Tensor, b: Tensor) => rows(tf, tf.add(tf.square(a), tf.square(b)));
      return {
        loss: (theta) => {
          const { a, b } = parts(theta);
          return lossOf(a, b);
        },
        lossAndGrad: (theta) => {
          const { x, y, a, b } = parts(theta);
          const gx = tf.add(tf.mul(tf.mul(x, a), 4), tf.mul(b, 2));
          const gy = tf.add(tf.mul(a, 2), tf.mul(tf.mul(y, b), 4));
          return { loss: lossOf(a, b), grad: pair(tf, gx, gy) };
        },
        dispose: () => undefined,
      };
    }
  }
}

/**
 * The weighted mean squared error of the line ŷ = w·x + b over a batch, for K parameter rows
 * θ = (w, b) at once: with rᵢ = w·xᵢ + b − yᵢ and weights ωᵢ (0 for padding),
 *
 *   L = Σ ωᵢ rᵢ² / Σ ωᵢ,   ∂L/∂w = 2 Σ ωᵢ rᵢ xᵢ / Σ ωᵢ,   ∂L/∂b = 2 Σ ωᵢ rᵢ / Σ ωᵢ.
 *
 * x, y, ω are [1, B] rows shared by all runs, or [K, B] (one batch per run).
 */
export function weightedMse(tf: TF) {
  return (theta: Tensor2D, x: Tensor2D, y: Tensor2D, w: Tensor2D) => {
    const [slope, intercept] = columns(tf, theta);
    const r = tf.sub(tf.add(tf.mul(slope, x), intercept), y);
    const wr = tf.mul(w, r);
    const total = tf.sum(w, 1, true);
    const loss = tf.reshape(tf.div(tf.sum(tf.mul(wr, r), 1, true), total), [-1]) as Tensor1D;
    const gw = tf.mul(tf.div(tf.sum(tf.mul(wr, x), 1, true), total), 2);
    const gb = tf.mul(tf.div(tf.sum(wr, 1, true), total), 2);
    return { loss, grad: pair(tf, gw, gb) };
  };
}

/** A data scene's training rows as tensors: x [m, F], y [m]. */
export function trainingRows(tf: TF, scene: DataScene): { x: Tensor2D; y: Tensor1D } {
  const { f, x, y } = scene.data;
  const rows = scene.split.train;
  const xs = new Float32Array(rows.length * f);
  rows.forEach((i, r) => xs.set(x.subarray(i * f, (i + 1) * f), r * f));
  return {
    x: tf.tensor2d(xs, [rows.length, f]),
    y: tf.tensor1d(Float32Array.from(rows, (i) => y[i]!)),
  };
}

/** The two columns x, y of θ [K, 2], each [K, 1]. */
function columns(tf: TF, theta: Tensor2D): [Tensor2D, Tensor2D] {
  // Through θᵀ: its rows are contiguous, so the split copies blocks, where a split along θ's
  // columns is strided and the cpu backend copies it element by element (index arithmetic).
  const [x, y] = tf.split(tf.transpose(theta), 2, 0);
  return [tf.reshape(x!, [-1, 1]) as Tensor2D, tf.reshape(y!, [-1, 1]) as Tensor2D];
}

/** [K, 1] columns side by side as [K, 2], through rows for the same reason as `columns`. */
function pair(tf: TF, a: Tensor, b: Tensor): Tensor2D {
  return tf.transpose(tf.concat([tf.reshape(a, [1, -1]), tf.reshape(b, [1, -1])], 0)) as Tensor2D;
}

/** A [K, 1] column of losses as the [K] result. */
function rows(tf: TF, column: Tensor): Tensor1D {
  return tf.reshape(column, [-1]) as Tensor1D;
}
