import type { Experiment } from '../core/experiment';
import type { PaletteKind } from '../core/palettes';
import type { BackendChoice } from '../core/backends';
import type { ControlGroup, RevealMode } from './classroom';

/** The link's backend vocabulary is the core's (src/core/backends.ts); kept here for the link's readers. */
export { BACKEND_CHOICES, type BackendChoice } from '../core/backends';

/** The analysis panel under the figure. */
export const PANELS = ['none', 'sharpness', 'sweep', 'range'] as const;
export type Panel = (typeof PANELS)[number];

/** The page's language as a link asks for it; 'auto' follows the browser (and is left out of links). */
export const LANG_CHOICES = ['auto', 'en', 'zh-Hans', 'zh-Hant'] as const;
export type LangChoice = (typeof LANG_CHOICES)[number];

/** What the sweep plots per learning rate. */
export const SWEEP_METRICS = ['final', 'best'] as const;
export type SweepMetric = (typeof SWEEP_METRICS)[number];

/** Everything needed to reproduce what the page shows. It lives in the URL and nowhere else. */
export interface LabState extends Experiment {
  readonly backend: BackendChoice;
  readonly panel: Panel;
  /** Learning rates in the sweep, log-spaced from sweepMin to sweepMax. */
  readonly sweepCount: number;
  /** Sweep range; null: the scene's slider range. */
  readonly sweepMin: number | null;
  readonly sweepMax: number | null;
  readonly sweepMetric: SweepMetric;
  /** Presenter mode: large type, thick lines, high contrast. */
  readonly present: boolean;
  /** Control groups left out of the page, and those shown disabled (the teacher's link). */
  readonly hide: readonly ControlGroup[];
  readonly lock: readonly ControlGroup[];
  /** Whether verdicts wait for the students' predictions. */
  readonly reveal: RevealMode;
  /** How the page speaks and draws: no effect on training, but part of the shared view. */
  readonly lang: LangChoice;
  readonly palette: PaletteKind;
}

/** Limits on everything that costs time or memory, so that no URL can freeze a tab. */
export const LIMITS = {
  runs: { min: 1, max: 8 },
  lr: { min: 1e-6, max: 1e6 },
  steps: { min: 1, max: 2000 },
  seed: { min: 0, max: 2 ** 32 - 1 },
  kappa: { min: 1, max: 1000 },
  noise: { min: 0, max: 10 },
  /** Momentum-like averages must forget: β = 1 never does (and momentum then never converges). */
  beta: { min: 0, max: 0.999 },
  beta2: { min: 0, max: 0.99999 },
  eps: { min: 1e-12, max: 1 },
  weightDecay: { min: 0, max: 1 },
  warmup: { min: 0, max: 2000 },
  gamma: { min: 1e-3, max: 1 },
  every: { min: 1, max: 2000 },
  /** Largest |coordinate| of a hand-placed start. */
  start: { min: -1000, max: 1000 },
  sweepCount: { min: 2, max: 64 },
  /** Samples per minibatch (0: the full training set); no data set here is larger. */
  batchSize: { min: 0, max: 10000 },
  patience: { min: 0, max: 2000 },
  /** Network size: at most 3 hidden layers of 32 units (≈ 2300 parameters per run). */
  width: { min: 1, max: 32 },
  depth: { min: 0, max: 3 },
  /** k-fold cross-validation: 0 (off) or 2…10 folds. */
  folds: { min: 0, max: 10 },
  /** A split must leave something to train on. */
  trainFraction: { min: 0.05, max: 1 },
  /** Longest file name a link carries (a user's own data). */
  fileName: 100,
  /** Longest query string read at all. */
  queryChars: 4096,
} as const;
