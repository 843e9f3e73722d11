import type { Rng } from '../rng';

/** The scenes the lab can show. */
export const SCENE_IDS = ['valley', 'quadratic'] as const;
export type SceneId = (typeof SCENE_IDS)[number];

/** Scene knobs that change the loss itself (not the runs). */
export interface SceneOptions {
  /** Condition number λmax/λmin of the quadratic bowl. */
  readonly kappa: number;
}

/** Exact stability thresholds of plain gradient descent where the Hessian is constant (DESIGN §6). */
export interface Thresholds {
  /** Largest Hessian eigenvalue. */
  readonly lambdaMax: number;
  /** η ≤ 1/λmax: no overshoot. */
  readonly noOvershoot: number;
  /** η < 2/λmax: converges; above it diverges. */
  readonly divergence: number;
}

/**
 * One problem: a loss over P parameters, defined once in float64 for the reference trainer and
 * for the verdicts. The tfjs version of the same formula lives in `src/train/sceneLoss.ts`.
 */
export interface Scene {
  readonly id: SceneId;
  /** Number of parameters P. */
  readonly dims: 1 | 2;
  /** Learning rates of the default runs, in the notes' order: too small, just right, too large, diverging. */
  readonly defaultLrs: readonly number[];
  /** Slider range for log10(η). */
  readonly lrRange: readonly [number, number];
  /** The region drawn on the left: one [min, max] per parameter. */
  readonly view: readonly (readonly [number, number])[];
  /** The global minimiser θ* and the loss there. */
  readonly minimum: readonly number[];
  readonly minLoss: number;
  /**
   * Unit vector of the sharpest direction at the minimum (top eigenvector of H(θ*)): a run overshoots
   * the valley floor when its displacement along this direction changes sign.
   */
  readonly sharpDirection: readonly number[];
  /** Start point; `rng` is the scene's `init` stream. */
  start(rng: Rng): number[];
  loss(theta: readonly number[]): number;
  grad(theta: readonly number[]): number[];
  /** Exact thresholds where the Hessian is constant; undefined otherwise. */
  readonly thresholds?: Thresholds;
}
