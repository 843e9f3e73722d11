import type { Scene } from './scenes';
import { cutAtNonFinite, type Trajectory } from './trajectory';

/**
 * Plain float64 gradient descent, θ_{t+1} = θ_t − η·(∇L(θ_t) + n_t), one run at a time in scalar
 * loops. It is the oracle the batched tfjs trainer is tested against, and the bar it is benchmarked
 * against. `noise` holds n_t row-major (steps × P), or is empty for none.
 */
export function referenceTrajectory(
  scene: Scene,
  lr: number,
  steps: number,
  start: readonly number[],
  noise: Float64Array = new Float64Array(0),
): Trajectory {
  const P = scene.dims;
  const losses = new Float64Array(steps + 1);
  const path = new Float64Array((steps + 1) * P);
  const theta = start.slice(0, P);
  for (let t = 0; ; t++) {
    losses[t] = scene.loss(theta);
    path.set(theta, t * P);
    if (t === steps) break;
    const g = scene.grad(theta);
    for (let p = 0; p < P; p++) {
      theta[p] = (theta[p] ?? 0) - lr * ((g[p] ?? 0) + (noise[t * P + p] ?? 0));
    }
  }
  return cutAtNonFinite(lr, losses, path, P);
}
