import {
  makeScene,
  type DataScene,
  type ModelScene,
  type SceneId,
  type SceneOptions,
} from '../core/scenes';
import { mlpOps } from './mlpOps';
import { formulaOps } from './exprOps';
import type { TF, Tensor, Tensor1D, Tensor2D } from './tf';
import { analyticSpec, isFusedScene } from './fused/analyticKernel';
import type { SceneOps } from './sceneOps';

export type { BatchedLoss, BatchedLossAndGrad, SceneOps } from './sceneOps';

/**
 * The tfjs form of each scene in src/core/scenes, with the gradient in closed form (derived from the
 * scene's formula): the analytic scenes are dispatch-bound, and the closed form costs about half the
 * ops of autodiff. Tests check both against the float64 definitions and against `tf.grad`.
 */
export function sceneOps(tf: TF, id: SceneId, options: SceneOptions): SceneOps {
  const ops = unfusedSceneOps(tf, id, options);
  if (!isFusedScene(id)) return ops;
  const trees = makeScene(id, options).formula;
  return trees ? { ...ops, analytic: analyticSpec(id, trees, options) } : ops;
}

function unfusedSceneOps(tf: TF, id: SceneId, options: SceneOptions): SceneOps {
  switch (id) {
    case 'valley':
    case 'quadratic':
    case 'rosenbrock':
    case 'saddle':
    case 'himmelblau':
    case 'formula': {
      // The scene's loss and gradient generated op by op from its formula (src/core/scenes/
      // expressions.ts, or the typed one): src/train/exprOps.ts.
      const trees = makeScene(id, options).formula;
      if (!trees) throw new Error(`the ${id} scene has no formula`);
      return formulaOps(tf, trees);
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
    case 'cars':
    case 'csv': {
      // The network's full-batch MSE on the (standardised) training rows.
      const scene = makeScene(id, options) as ModelScene;
      const { x, y } = trainingRows(tf, scene);
      const bound = mlpOps(tf, scene.layout).bind(x, y);
      return { ...bound, dispose: () => tf.dispose([x, y]) };
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
