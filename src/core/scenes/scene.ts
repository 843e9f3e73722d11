import type { Derived } from '../expr/derive';
import type { Rng } from '../rng';

/** The analytic scenes: a formula of one or two parameters each (src/core/scenes/expressions.ts, or typed). */
export const ANALYTIC_SCENES = [
  'valley',
  'quadratic',
  'rosenbrock',
  'saddle',
  'himmelblau',
  'formula',
] as const;
export type AnalyticSceneId = (typeof ANALYTIC_SCENES)[number];

/** The scenes the lab can show: the analytic ones, then the data scenes. */
export const SCENE_IDS = [...ANALYTIC_SCENES, 'linreg', 'cars', 'csv'] as const;
export type SceneId = (typeof SCENE_IDS)[number];

/** Scene knobs that change the loss itself (not the runs). */
export interface SceneOptions {
  /** Condition number λmax/λmin of the quadratic bowl. */
  readonly kappa: number;
  /** Data scenes draw their data and its split from the seed (42069 when absent). */
  readonly seed?: number;
  /** Data scenes: fractions for training, validation and test (60/20/20 when absent). */
  readonly split?: { readonly train: number; readonly val: number; readonly test: number };
  /** Networks: units per hidden layer, and hidden layers. */
  readonly width?: number;
  readonly depth?: number;
  /** A user's table (src/core/scenes/csv.ts): its file's hash, and the columns chosen (null: default). */
  readonly fileHash?: string;
  readonly targetCol?: number | null;
  readonly featureCols?: readonly number[] | null;
  /** The typed formula of the 'formula' scene, and its domain (xmin, xmax[, ymin, ymax]). */
  readonly formula?: string;
  readonly domain?: readonly number[] | null;
}

/** Every scene option: one added to SceneOptions and forgotten here fails to compile. */
const SCENE_OPTIONS: Record<keyof SceneOptions, true> = {
  kappa: true,
  seed: true,
  split: true,
  width: true,
  depth: true,
  fileHash: true,
  targetCol: true,
  featureCols: true,
  formula: true,
  domain: true,
};

/**
 * A scene's identity as a string: its id and every option that could change its loss (a cache of
 * anything computed from the loss alone, such as its surface, is keyed by it).
 */
export function sceneKey(id: SceneId, options: SceneOptions): string {
  const keys = Object.keys(SCENE_OPTIONS) as (keyof SceneOptions)[];
  return JSON.stringify([id, ...keys.map((k) => options[k] ?? null)]);
}

/** A local minimum θ* of a scene. */
export interface Minimum {
  readonly theta: readonly number[];
  readonly loss: number;
  /**
   * Unit vector of the sharpest direction there (top eigenvector of H(θ*)): a run overshoots the
   * valley floor when its displacement along this direction changes sign.
   */
  readonly sharpDirection: readonly number[];
}

/**
 * One problem: a loss over P parameters, defined once in float64 for the reference trainer, the
 * verdicts and the stability thresholds. The tfjs version of the same formula lives in
 * `src/train/sceneLoss.ts`.
 */
export interface Scene {
  readonly id: SceneId;
  /** Number of parameters P (1 or 2 for the scenes drawn whole; a network's many). */
  readonly dims: number;
  /** Learning rates of the default runs, in the notes' order: too small, just right, too large, diverging. */
  readonly defaultLrs: readonly number[];
  /** Steps the default runs take. */
  readonly defaultSteps: number;
  /** Slider range for log10(η). */
  readonly lrRange: readonly [number, number];
  /** The region drawn on the left: one [min, max] per parameter. */
  readonly view: readonly (readonly [number, number])[];
  /** The local minima (at least one); a run is judged against the one nearest to where it ends. */
  readonly minima: readonly Minimum[];
  /** Start point; `rng` is the scene's `init` stream. */
  start(rng: Rng): number[];
  loss(theta: readonly number[]): number;
  grad(theta: readonly number[]): number[];
  /** The Hessian ∇²L(θ), row-major P×P, in closed form. */
  hessian(theta: readonly number[]): number[];
  /** True when the Hessian is the same everywhere (a quadratic): stability thresholds are then exact. */
  readonly quadratic: boolean;
  /** The loss as an expression with its derived gradient and Hessian (scenes defined by a formula). */
  readonly formula?: Derived;
  /** Names of the parameters for axis labels (θ₁, θ₂ or w when absent). */
  readonly paramNames?: readonly string[];
}
