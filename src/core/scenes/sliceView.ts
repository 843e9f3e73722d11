import type { Scene } from './scene';

/**
 * The 2-D scene the figure draws for a network: its loss on a plane through parameter space, in
 * the plane's coordinates (α, β). Only what drawing needs is real (view, names); the loss itself
 * comes evaluated with the slice, since the plane lives in the worker's result.
 */
export function sliceViewScene(
  base: Scene,
  window: { readonly alpha: readonly [number, number]; readonly beta: readonly [number, number] },
  names: readonly [string, string],
): Scene {
  const none = () => NaN;
  return {
    ...base,
    dims: 2,
    view: [window.alpha, window.beta],
    minima: [],
    start: () => [0, 0],
    loss: none,
    grad: () => [NaN, NaN],
    hessian: () => [NaN, NaN, NaN, NaN],
    paramNames: names,
  };
}
