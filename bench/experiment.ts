import { PLAIN_GD, type Experiment } from '../src/core/experiment';
import type { SceneId } from '../src/core/scenes';

/**
 * The experiment every benchmark trains: plain gradient descent at the lecture's κ = 10 and seed
 * 42069 without gradient noise, on `scene` with the given rates and steps, `over` on top (the
 * network's size, batches, split).
 */
export function benchExperiment(
  scene: SceneId,
  lrs: readonly number[],
  steps: number,
  over: Partial<Experiment> = {},
): Experiment {
  return { ...PLAIN_GD, scene, kappa: 10, seed: 42069, lrs, steps, noise: 0, ...over };
}

/**
 * K learning rates log-spaced over 1e-3…0.1 (one alone: 0.01): on the cars network none of them
 * diverges, so no timing is spent on NaN arithmetic.
 */
export function networkRates(K: number): number[] {
  return Array.from({ length: K }, (_, i) => 10 ** (-3 + (K > 1 ? (2 * i) / (K - 1) : 1)));
}
