import { gradientNoise } from './noise';
import { stream } from './rng';
import { makeScene, type Scene, type SceneId } from './scenes';
import type { Trajectory } from './trajectory';
import { verdictOf, type Verdict } from './verdict';
import { fingerprint } from './fingerprint';

/** What determines the numbers of a run (the backend aside). */
export interface Experiment {
  readonly scene: SceneId;
  readonly kappa: number;
  readonly seed: number;
  readonly lrs: readonly number[];
  readonly steps: number;
  /** σ of the Gaussian gradient noise shared by all runs; 0 for exact gradients. */
  readonly noise: number;
}

/**
 * Everything but the learning rates, as a string: two experiments with the same key have the same
 * scene, start and noise, so their runs are comparable and one slider grid serves both.
 */
export function settingKey(exp: Experiment): string {
  const { scene, kappa, seed, steps, noise } = exp;
  return JSON.stringify([scene, kappa, seed, steps, noise]);
}

/** The scene, start point and noise an experiment trains from, all drawn from its seed. */
export interface Setup {
  readonly scene: Scene;
  readonly start: number[];
  readonly noise: Float64Array;
}

export function setUp(exp: Experiment): Setup {
  const scene = makeScene(exp.scene, { kappa: exp.kappa });
  return {
    scene,
    start: scene.start(stream(exp.seed, 'init')),
    noise: gradientNoise(exp.seed, exp.steps, scene.dims, exp.noise),
  };
}

export interface RunResult extends Trajectory {
  readonly verdict: Verdict;
}

/** Verdicts for each trajectory and the fingerprint of all their losses. */
export function summarise(
  scene: Scene,
  trajectories: readonly Trajectory[],
  noise = 0,
): { runs: RunResult[]; fingerprint: string } {
  return {
    runs: trajectories.map((t) => ({ ...t, verdict: verdictOf(t, scene, noise) })),
    fingerprint: fingerprint(trajectories.map((t) => t.losses)),
  };
}
