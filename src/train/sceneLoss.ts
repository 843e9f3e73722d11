import type { SceneId, SceneOptions } from '../core/scenes';
import { bowlHessian } from '../core/scenes/quadratic';
import { LOG_COSH_SWITCH, VALLEY_QUARTIC } from '../core/scenes/valley';
import type { TF, Tensor1D, Tensor2D } from './tf';

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
  }
}
