import type { OptimizerSpec } from '../core/optimizers';
import type { TF, Tensor, Tensor2D } from './tf';

/**
 * One optimizer for K runs at once: parameters θ [K, P], learning rates η [K, P] (schedule already
 * applied), state tensors [K, P]. `step` is pure (called inside tf.tidy by the trainer): it returns
 * the new θ and the new state and leaves the old ones to the caller to free.
 */
export interface BatchedOptimizer {
  /** The initial state (zeros) for K runs of P parameters. */
  init(K: number, P: number): Tensor2D[];
  /** Step t counts from 1 (Adam's bias correction needs it). */
  step(
    theta: Tensor2D,
    grad: Tensor2D,
    lr: Tensor2D,
    state: readonly Tensor2D[],
    t: number,
  ): { theta: Tensor2D; state: Tensor2D[] };
}

/**
 * The tfjs form of each update in `referenceUpdate` (src/core/optimizers.ts, formulas and sources
 * there), op for op, so the float32 runs follow the float64 oracle. ε is always passed as a number
 * of ours: tfjs' own optimizers would take the backend's default epsilon, which differs on WebGL.
 */
export function batchedOptimizer(tf: TF, spec: OptimizerSpec): BatchedOptimizer {
  const zeros = (K: number, P: number, n: number) =>
    Array.from({ length: n }, () => tf.zeros([K, P]) as Tensor2D);
  const descend = (theta: Tensor2D, lr: Tensor2D, step: Tensor) =>
    tf.sub(theta, tf.mul(lr, step)) as Tensor2D;
  const scaled = (g: Tensor2D, v: Tensor2D) => tf.div(g, tf.add(tf.sqrt(v), spec.eps));

  switch (spec.optimizer) {
    case 'sgd':
      return {
        init: () => [],
        step: (theta, grad, lr) => ({ theta: descend(theta, lr, grad), state: [] }),
      };
    case 'momentum':
    case 'nesterov':
      return {
        init: (K, P) => zeros(K, P, 1),
        step: (theta, grad, lr, [m0]) => {
          const m = tf.add(tf.mul(m0!, spec.beta), grad) as Tensor2D;
          const step = spec.optimizer === 'momentum' ? m : tf.add(grad, tf.mul(m, spec.beta));
          return { theta: descend(theta, lr, step), state: [m] };
        },
      };
    case 'adagrad':
    case 'rmsprop':
      return {
        init: (K, P) => zeros(K, P, 1),
        step: (theta, grad, lr, [v0]) => {
          const g2 = tf.square(grad);
          const v = (
            spec.optimizer === 'adagrad'
              ? tf.add(v0!, g2)
              : tf.add(tf.mul(v0!, spec.rho), tf.mul(g2, 1 - spec.rho))
          ) as Tensor2D;
          return { theta: descend(theta, lr, scaled(grad, v)), state: [v] };
        },
      };
    case 'adam':
    case 'adamw':
      return {
        init: (K, P) => zeros(K, P, 2),
        step: (theta, grad, lr, [m0, v0], t) => {
          const m = tf.add(tf.mul(m0!, spec.beta1), tf.mul(grad, 1 - spec.beta1)) as Tensor2D;
          const v = tf.add(
            tf.mul(v0!, spec.beta2),
            tf.mul(tf.square(grad), 1 - spec.beta2),
          ) as Tensor2D;
          // Bias corrections in float64 on the host, one number each per step.
          const mHat = tf.div(m, 1 - spec.beta1 ** t) as Tensor2D;
          const vHat = tf.div(v, 1 - spec.beta2 ** t) as Tensor2D;
          let step: Tensor = scaled(mHat, vHat);
          if (spec.optimizer === 'adamw') step = tf.add(step, tf.mul(theta, spec.weightDecay));
          return { theta: descend(theta, lr, step), state: [m, v] };
        },
      };
  }
}
