import {
  DEFAULT_OPTIMIZER,
  referenceState,
  referenceUpdate,
  type OptimizerSpec,
} from './optimizers';
import type { Scene } from './scenes';
import { cutAtNonFinite, type Trajectory } from './trajectory';

export interface ReferenceOptions {
  /** The optimizer; plain gradient descent when absent. */
  readonly optimizer?: OptimizerSpec;
  /** Schedule factors per step (η_t = η·factors[t]); constant η when absent. */
  readonly factors?: ArrayLike<number>;
  /** Gradient noise n_t row-major (steps × P); none when absent or empty. */
  readonly noise?: Float64Array;
}

/**
 * One run in float64, in scalar loops: θ_{t+1} = update(θ_t, ∇L(θ_t) + n_t, η·factor_t). It is the
 * oracle the batched tfjs trainer is tested against, and the bar it is benchmarked against.
 */
export function referenceTrajectory(
  scene: Scene,
  lr: number,
  steps: number,
  start: readonly number[],
  options: ReferenceOptions = {},
): Trajectory {
  const P = scene.dims;
  const spec = options.optimizer ?? DEFAULT_OPTIMIZER;
  const noise = options.noise ?? new Float64Array(0);
  const losses = new Float64Array(steps + 1);
  const path = new Float64Array((steps + 1) * P);
  const theta = start.slice(0, P);
  const state = referenceState(P);
  for (let t = 0; ; t++) {
    losses[t] = scene.loss(theta);
    path.set(theta, t * P);
    if (t === steps) break;
    const g = scene.grad(theta);
    for (let p = 0; p < P; p++) g[p] = (g[p] ?? 0) + (noise[t * P + p] ?? 0);
    referenceUpdate(spec, theta, g, lr * (options.factors?.[t] ?? 1), state);
  }
  return cutAtNonFinite(lr, losses, path, P);
}
