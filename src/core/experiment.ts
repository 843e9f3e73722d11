import type { BackendName } from './backends';
import { gradientNoise } from './noise';
import { DEFAULT_OPTIMIZER, type OptimizerSpec } from './optimizers';
import type { RunOptimizer } from './runOptimizers';
import { stream } from './rng';
import { DEFAULT_SCHEDULE, type ScheduleSpec } from './schedules';
import type { SplitRatios } from './data/split';
import { makeScene, type Scene, type SceneId } from './scenes';
import { DEFAULT_DEPTH, DEFAULT_WIDTH } from './scenes/cars';
import { DEFAULT_SPLIT } from './scenes/linreg';
import { DEFAULT_FORMULA } from './scenes/formula';
import { lossStride, type Trajectory } from './trajectory';
import { verdictOf, type Verdict } from './verdict';
import { fingerprint } from './fingerprint';

/**
 * The versions of the lab's numbers, oldest first. A shared link keeps the version it was written
 * at (`v`, src/url/codec.ts), so that it reproduces its fingerprint bit for bit after the lab has
 * changed how some experiment trains; a new page, a preset and a link without `v` get the newest.
 */
export const EXPERIMENT_VERSIONS = [1, 2, 3] as const;
export type ExperimentVersion = (typeof EXPERIMENT_VERSIONS)[number];
export const CURRENT_VERSION = 3 satisfies ExperimentVersion;

/** What a version changes in how an experiment trains. */
export interface VersionRules {
  /**
   * The backends on which k-fold cross-validation of a network trains on the fused step kernel
   * too (request option `fusedFolds`, src/train/batched.ts); on the others op by op.
   */
  readonly fusedFolds: readonly BackendName[];
  /**
   * A network trained with minibatches records its training-set loss (a pass of its own over every
   * training row) at `lossStride(steps)` only (request option `lossEvery`, src/train/batched.ts);
   * else at every step.
   */
  readonly lossStride: boolean;
}

/**
 * - 1: k-fold cross-validation of a network op by op, as one batch of k·L runs, even when the page
 *   trains fused (the fingerprints of every link shared before version 2 were made so).
 * - 2: k-fold of a network fused as well (cpu, wasm), which rounds differently; and a network
 *   trained with minibatches records its training-set loss at `lossStride(steps)` (every step up
 *   to LOSS_COLUMNS steps), the values it does record being the same bits as version 1's at those
 *   steps. Every other experiment gives the same bits at both versions
 *   (tests/train/versions.test.ts, tests/train/lossStride.test.ts).
 * - 3: k-fold of a network fused on WebGPU too (the packed step; each run the bits it gets trained
 *   alone on its fold, whether the folds train one call each or all in one), which
 *   rounds differently from op by op; it was op by op there, where shader compiles of its many ops
 *   kept the k-fold lesson's first curve 11.5 s away in Chromium without a GPU (BENCHMARKS.md).
 *   Every experiment on cpu and wasm, and every other one on WebGPU, gives the same bits at
 *   versions 2 and 3 (tests/train/versions.test.ts; tests/train/kfoldWebgpu.test.ts on Dawn).
 */
export const VERSION_RULES = {
  1: { fusedFolds: [], lossStride: false },
  2: { fusedFolds: ['cpu', 'wasm'], lossStride: true },
  3: { fusedFolds: ['cpu', 'wasm', 'webgpu'], lossStride: true },
} as const satisfies Record<ExperimentVersion, VersionRules>;

/** The scenes that train a network (ModelScene, src/core/scenes/cars.ts). */
const NETWORK_SCENES: readonly SceneId[] = ['cars', 'csv'];

/**
 * The stride at which an experiment records its runs' training losses (`Trajectory.lossEvery`).
 * A network trained with minibatches (batchSize > 0) computes its training-set loss in a pass of
 * its own over every training row after a step, which at long runs costs more than the training:
 * from version 2 it records it at `lossStride(steps)`, about one point per pixel column of the loss
 * chart. Full-batch training computes that loss with its gradient anyway, the analytic scenes and
 * linear regression cost next to nothing per loss, and version 1 links keep every step (their
 * fingerprints were made so): stride 1. A function of the experiment alone, so a link records the
 * same points, and fingerprints them alike, on every load.
 */
export function trainLossEvery(
  exp: Pick<Experiment, 'version' | 'scene' | 'batchSize' | 'steps'>,
): number {
  const strided =
    VERSION_RULES[exp.version].lossStride &&
    exp.batchSize > 0 &&
    NETWORK_SCENES.includes(exp.scene);
  return strided ? lossStride(exp.steps) : 1;
}

/** What determines the numbers of a run (the backend aside). */
export interface Experiment extends OptimizerSpec, ScheduleSpec {
  /** The version of the lab's numbers this experiment trains with (VERSION_RULES). */
  readonly version: ExperimentVersion;
  readonly scene: SceneId;
  readonly kappa: number;
  readonly seed: number;
  readonly lrs: readonly number[];
  readonly steps: number;
  /** σ of the Gaussian gradient noise shared by all runs; 0 for exact gradients. */
  readonly noise: number;
  /** A start point chosen by hand (dragged on the surface); null: drawn from the seed. */
  readonly start: readonly number[] | null;
  /** Data scenes: the fractions for training, validation and test. */
  readonly split: SplitRatios;
  /** Data scenes: samples per minibatch; 0 for the full training set (full-batch descent). */
  readonly batchSize: number;
  /** Data scenes: a new sample order every epoch (else the split's order throughout). */
  readonly shuffle: boolean;
  /** Data scenes: skip each epoch's short last batch (else it is a smaller batch). */
  readonly dropLast: boolean;
  /** Data scenes: stop a run this many steps after its best validation loss; 0: never. */
  readonly patience: number;
  /** Networks: units per hidden layer, and hidden layers. */
  readonly width: number;
  readonly depth: number;
  /** Data scenes: k-fold cross-validation with this many folds; 0: a single validation split. */
  readonly folds: number;
  /** Networks: the plane the surface is drawn in (the trajectory's, or filter-normalised random). */
  readonly slice: SliceKind;
  /**
   * Each run's own optimizer, by run index; null or missing: the experiment's (so a link without
   * them keeps its meaning). Runs with one optimizer train as one batch (src/core/runOptimizers.ts).
   */
  readonly runOptimizers: readonly (RunOptimizer | null)[];
  /**
   * A user's own data (scene `csv`): the file as a link can name it — its name, size in bytes and
   * hash (src/core/data/csv.ts) — since the rows themselves never leave the page; '' and 0 for none.
   */
  readonly fileName: string;
  readonly fileSize: number;
  readonly fileHash: string;
  /** A user's table: the target column and the feature columns (null: the default choice). */
  readonly targetCol: number | null;
  readonly featureCols: readonly number[] | null;
  /** The 'formula' scene: the typed f(x) or f(x, y), and its domain (xmin, xmax[, ymin, ymax]; null: ±5). */
  readonly formula: string;
  readonly domain: readonly number[] | null;
}

export const SLICE_KINDS = ['pca', 'random'] as const;
export type SliceKind = (typeof SLICE_KINDS)[number];

/**
 * Everything but the learning rates, as a string: two experiments with the same key have the same
 * scene, start, noise, optimizer and schedule, so their runs are comparable and one slider grid
 * serves both.
 */
export function settingKey(exp: Experiment): string {
  return JSON.stringify(SETTING_KEYS.map((k) => exp[k]));
}

/**
 * Every field of an experiment but the learning rates, in a fixed order. Typed as a full record so
 * that a field added to Experiment and forgotten here fails to compile.
 */
const SETTING: Record<Exclude<keyof Experiment, 'lrs'>, true> = {
  version: true,
  scene: true,
  kappa: true,
  seed: true,
  steps: true,
  noise: true,
  start: true,
  optimizer: true,
  beta: true,
  beta1: true,
  beta2: true,
  rho: true,
  eps: true,
  weightDecay: true,
  schedule: true,
  warmup: true,
  gamma: true,
  every: true,
  split: true,
  batchSize: true,
  shuffle: true,
  dropLast: true,
  patience: true,
  width: true,
  depth: true,
  folds: true,
  slice: true,
  runOptimizers: true,
  fileName: true,
  fileSize: true,
  fileHash: true,
  targetCol: true,
  featureCols: true,
  formula: true,
  domain: true,
};
const SETTING_KEYS = Object.keys(SETTING) as (keyof typeof SETTING)[];

/** Only the experiment's own fields of a larger object (the page state, say), e.g. to send or compare. */
export function pickExperiment(x: Experiment): Experiment {
  const out: Record<string, unknown> = { lrs: x.lrs };
  for (const k of SETTING_KEYS) out[k] = x[k];
  return out as unknown as Experiment;
}

/** The scene, start point and noise an experiment trains from, all drawn from its seed. */
export interface Setup {
  readonly scene: Scene;
  readonly start: number[];
  readonly noise: Float64Array;
}

export function setUp(exp: Experiment): Setup {
  const scene = makeScene(exp.scene, exp);
  const seeded = scene.start(stream(exp.seed, 'init'));
  return {
    scene,
    start: exp.start && exp.start.length === scene.dims ? [...exp.start] : seeded,
    noise: gradientNoise(exp.seed, exp.steps, scene.dims, exp.noise),
  };
}

export interface RunResult extends Trajectory {
  readonly verdict: Verdict;
}

/**
 * Verdicts for each trajectory and the fingerprint of all their losses: of the losses as recorded,
 * so a strided trace (`lossEvery`) is fingerprinted on the points it computed, which the stride (a
 * function of the link alone, trainLossEvery) makes the same on every load.
 */
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

/**
 * The rest of an experiment for plain gradient descent: sgd, a constant η, the seeded start, and
 * for data scenes full-batch descent on a 60/20/20 split without early stopping; the newest version.
 */
export const PLAIN_GD: Omit<Experiment, 'scene' | 'kappa' | 'seed' | 'lrs' | 'steps' | 'noise'> = {
  version: CURRENT_VERSION,
  ...DEFAULT_OPTIMIZER,
  ...DEFAULT_SCHEDULE,
  start: null,
  split: DEFAULT_SPLIT,
  batchSize: 0,
  shuffle: true,
  dropLast: false,
  patience: 0,
  width: DEFAULT_WIDTH,
  depth: DEFAULT_DEPTH,
  folds: 0,
  slice: 'pca',
  runOptimizers: [],
  fileName: '',
  fileSize: 0,
  fileHash: '',
  targetCol: null,
  featureCols: null,
  formula: DEFAULT_FORMULA,
  domain: null,
};
