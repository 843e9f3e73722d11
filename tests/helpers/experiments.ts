import { PLAIN_GD, type Experiment } from '../../src/core/experiment';
import type { OptimizerKind } from '../../src/core/optimizers';
import { makeScene } from '../../src/core/scenes';
import type { AnalyticSceneId } from '../../src/core/scenes/scene';

/** The lecture figure's experiment: the valley from w₀ = −4 with the notes' four learning rates. */
export const LECTURE: Experiment = {
  scene: 'valley',
  kappa: 10,
  seed: 42069,
  lrs: [0.05, 0.5, 3, 8],
  steps: 60,
  noise: 0,
  ...PLAIN_GD,
};

/** The lecture experiment with some fields changed. */
export const lecture = (over: Partial<Experiment> = {}): Experiment => ({ ...LECTURE, ...over });

/**
 * Learning rates [lo, hi] in each optimizer's stable range on the cars network (the lecture's seed,
 * 20 steps, minibatches of 32 or the full batch): no run's loss rises between them, so the fused and
 * op-by-op paths can be held to a bound that assumes the update map does not expand differences
 * (tests/train/fusedMlp.test.ts derives it).
 */
export const CARS_STABLE_RATES: Record<OptimizerKind, readonly [number, number]> = {
  sgd: [0.01, 0.1],
  momentum: [1e-3, 0.03],
  nesterov: [1e-3, 0.02],
  adagrad: [1e-3, 0.03],
  rmsprop: [1e-4, 3e-3],
  adam: [1e-3, 0.02],
  adamw: [1e-3, 0.01],
};

/**
 * An analytic scene and optimizer to hold two training paths to each other with: learning rates
 * spread log-evenly over the scene's slider range (creeping, converging, bouncing and diverging runs
 * in one batch, so non-finite values are compared too), gradient noise, a warm-up and cosine
 * schedule, and 600 steps (two of the kernel's 512-step chunks, so the carry between chunks is
 * exercised).
 */
export function acrossRange(scene: AnalyticSceneId, optimizer: OptimizerKind): Experiment {
  const [lo, hi] = makeScene(scene, { kappa: 10 }).lrRange;
  const K = 6;
  return {
    ...PLAIN_GD,
    scene,
    kappa: 10,
    seed: 5,
    lrs: Array.from({ length: K }, (_, i) => 10 ** (lo + ((hi - lo) * i) / (K - 1))),
    steps: 600,
    noise: 0.1,
    optimizer,
    schedule: 'cosine',
    warmup: 10,
  };
}
