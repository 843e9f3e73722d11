import type { Scene } from '../../src/core/scenes';
import type { Trajectory } from '../../src/core/trajectory';

/**
 * A 1-D parabola L(w) = floor + w²/2, minimum w* = 0, L'' = 1. Gradient descent with rate η on it is
 * w_{t+1} = (1 − η)·w_t, so a geometric path with ratio r is exactly the run with η = 1 − r: the
 * hand-made traces below are real gradient-descent runs with a known closed form.
 */
export function parabolaScene(floor = 0): Scene {
  return {
    id: 'valley',
    dims: 1,
    defaultLrs: [0.05, 0.5, 1.5, 2.5],
    lrRange: [-3, 1],
    view: [[-5, 5]],
    defaultSteps: 60,
    minima: [{ theta: [0], loss: floor, sharpDirection: [1] }],
    start: () => [-4],
    loss: ([w = 0]) => floor + 0.5 * w * w,
    grad: ([w = 0]) => [w],
    hessian: () => [1],
    quadratic: true,
  };
}

/** w_t = w0·r^t for t = 0..steps. */
export function geometricPath(w0: number, r: number, steps: number): number[] {
  return Array.from({ length: steps + 1 }, (_, t) => w0 * r ** t);
}

/** The trajectory of a given path of parameter vectors (flattened), losses from the scene's own formula. */
export function traceOf(scene: Scene, lr: number, path: readonly number[]): Trajectory {
  const P = scene.dims;
  const losses = new Float64Array(path.length / P);
  for (let t = 0; t < losses.length; t++) losses[t] = scene.loss(path.slice(t * P, (t + 1) * P));
  return { lr, losses, path: Float64Array.from(path) };
}
