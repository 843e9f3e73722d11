import type { OptimizerKind, OptimizerSpec } from '../core/optimizers';
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
  const zeros = (K: number, P: number) =>
    Array.from({ length: STATE_COUNT[spec.optimizer] }, () => tf.zeros([K, P]) as Tensor2D);
  const descend = (theta: Tensor2D, lr: Tensor2D, step: Tensor) =>
    tf.sub(theta, tf.mul(lr, step)) as Tensor2D;
  const scaled = (g: Tensor2D, v: Tensor2D) => tf.div(g, tf.add(tf.sqrt(v), spec.eps));
  return { init: zeros, step: BATCHED_STEP[spec.optimizer]({ tf, spec, descend, scaled }) };
}

/**
 * How many state tensors of [K, P] each optimizer keeps: the momentum average m, or the squared
 * gradients' average v, or both (Adam). Every trainer sizes its state by this table (the fused
 * ones too), so a new optimizer fails to compile until it says how much state it needs.
 */
export const STATE_COUNT = {
  sgd: 0,
  momentum: 1,
  nesterov: 1,
  adagrad: 1,
  rmsprop: 1,
  adam: 2,
  adamw: 2,
} as const satisfies Record<OptimizerKind, 0 | 1 | 2>;

/** What a step rule is built from: tfjs, the hyper-parameters and two shared pieces. */
interface StepKit {
  readonly tf: TF;
  readonly spec: OptimizerSpec;
  /** θ − η·step. */
  descend(theta: Tensor2D, lr: Tensor2D, step: Tensor): Tensor2D;
  /** g / (√v + ε). */
  scaled(g: Tensor2D, v: Tensor2D): Tensor;
}

/** Each optimizer's batched step, op for op as referenceUpdate (src/core/optimizers.ts). */
const BATCHED_STEP: Record<OptimizerKind, (kit: StepKit) => BatchedOptimizer['step']> = {
  sgd:
    ({ descend }) =>
    (theta, grad, lr) => ({ theta: descend(theta, lr, grad), state: [] }),
  momentum: (kit) => momentumStep(kit, false),
  nesterov: (kit) => momentumStep(kit, true),
  adagrad: (kit) => squaresStep(kit, true),
  rmsprop: (kit) => squaresStep(kit, false),
  adam: (kit) => adamStep(kit, false),
  adamw: (kit) => adamStep(kit, true),
};

/** Heavy ball (m ← βm + g; step m) or Nesterov (step g + βm). */
function momentumStep({ tf, spec, descend }: StepKit, nesterov: boolean): BatchedOptimizer['step'] {
  return (theta, grad, lr, [m0]) => {
    const m = tf.add(tf.mul(m0!, spec.beta), grad) as Tensor2D;
    const step = nesterov ? tf.add(grad, tf.mul(m, spec.beta)) : m;
    return { theta: descend(theta, lr, step), state: [m] };
  };
}

/** AdaGrad (v ← v + g²) or RMSProp (v ← ρv + (1 − ρ)g²), then step g / (√v + ε). */
function squaresStep(
  { tf, spec, descend, scaled }: StepKit,
  adagrad: boolean,
): BatchedOptimizer['step'] {
  return (theta, grad, lr, [v0]) => {
    const g2 = tf.square(grad);
    const v = (
      adagrad ? tf.add(v0!, g2) : tf.add(tf.mul(v0!, spec.rho), tf.mul(g2, 1 - spec.rho))
    ) as Tensor2D;
    return { theta: descend(theta, lr, scaled(grad, v)), state: [v] };
  };
}

/** Adam, and AdamW's decoupled decay on top. */
function adamStep(
  { tf, spec, descend, scaled }: StepKit,
  decoupled: boolean,
): BatchedOptimizer['step'] {
  return (theta, grad, lr, [m0, v0], t) => {
    const m = tf.add(tf.mul(m0!, spec.beta1), tf.mul(grad, 1 - spec.beta1)) as Tensor2D;
    const v = tf.add(tf.mul(v0!, spec.beta2), tf.mul(tf.square(grad), 1 - spec.beta2)) as Tensor2D;
    // Bias corrections in float64 on the host, one number each per step.
    const mHat = tf.div(m, 1 - spec.beta1 ** t) as Tensor2D;
    const vHat = tf.div(v, 1 - spec.beta2 ** t) as Tensor2D;
    let step: Tensor = scaled(mHat, vHat);
    if (decoupled) step = tf.add(step, tf.mul(theta, spec.weightDecay));
    return { theta: descend(theta, lr, step), state: [m, v] };
  };
}
