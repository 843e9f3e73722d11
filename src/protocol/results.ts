import type { Experiment, RunResult } from '../core/experiment';
import type { SliceWindow } from '../core/models/slices';
import type { RangeTestResult, SuggestionSpread } from '../core/rangeTest';
import type { Verdict } from '../core/verdict';

/**
 * What the worker computes and the page draws: results of training and of the analyses, as plain
 * data (typed arrays included) that crosses the worker boundary by structured clone. src/train
 * produces them; src/ui reads them.
 */

/**
 * One contour level of a 2-D surface as SVG paths over the figure's plot box (traced in the worker,
 * src/geometry/contours.ts, so the page's main thread does not).
 */
export interface ContourPath {
  value: number;
  /** The region where the loss is ≥ value, closed along the plot edge: for fills. */
  d: string;
  /** The same rings without their stretches along the plot edge: for stroked contour lines. */
  lineD: string;
}

/** How the page should label and frame a slice. */
export interface SliceInfo {
  /** The α and β axes: the first is the path's start−end direction, the second its top PC. */
  readonly names: readonly [string, string];
  readonly window: SliceWindow;
  /** Fraction of the path's deviations from its end along each axis. */
  readonly explained: readonly [number, number];
  /** The run whose trajectory defines the plane. */
  readonly run: number;
}

/**
 * The loss over the scene's view: a 1-D curve of CURVE_POINTS, or a GRID_SIDE² grid with
 * values[i·n + j] at x = x0 + j·Δx, y = y0 + i·Δy (both edges included; src/core/surfacePoints.ts).
 */
export type Surface =
  | { readonly dims: 1; readonly xs: Float32Array; readonly values: Float32Array }
  | { readonly dims: 2; readonly n: number; readonly values: Float32Array };

/** One learning rate of a sweep. */
export interface SweepPoint {
  readonly lr: number;
  /** Loss after the last step, or the last finite loss of a run that diverged. */
  readonly final: number;
  /** Lowest loss along the run. */
  readonly best: number;
  readonly verdict: Verdict;
}

export interface SweepResult {
  readonly kind: 'sweep';
  /** The experiment with its `lrs` replaced by the sweep's. */
  readonly experiment: Experiment;
  readonly points: readonly SweepPoint[];
}

export interface RangeResult {
  readonly kind: 'range';
  readonly experiment: Experiment;
  readonly min: number;
  readonly max: number;
  /** The seeds, the experiment's own first. */
  readonly seeds: number[];
  /** One range test per seed. */
  readonly runs: RangeTestResult[];
  readonly spread: SuggestionSpread;
}

export interface SharpnessResult {
  readonly kind: 'sharpness';
  readonly experiment: Experiment;
  /** Per run, λmax(H(θ_t)) at every step of its (finite) path. */
  readonly series: Float64Array[];
  /**
   * Per run, the largest sharpness at which the optimizer is still stable at step t's learning
   * rate (2/η_t for SGD); null for adaptive optimizers, which have no such fixed edge.
   */
  readonly edge: Float64Array[] | null;
}

/** A panel's analysis. */
export type AnalysisResult = SweepResult | RangeResult | SharpnessResult;

/** Every slider position of an experiment, trained as one batch: raw losses and paths per position. */
export interface SliderGrid {
  /** The experiment with its `lrs` replaced by the slider's learning rates. */
  readonly experiment: Experiment;
  readonly losses: Float32Array[];
  readonly paths: Float32Array[];
}

export interface ExperimentResult {
  /** What was trained: the runs answer exactly these parameters. */
  readonly experiment: Experiment;
  readonly runs: RunResult[];
  readonly fingerprint: string;
  readonly start: number[];
  readonly surface: Surface;
  /** Wall time of the batched training alone. */
  readonly trainMs: number;
  /** Whether the fused kernel trained the runs (src/train/fused). */
  readonly fused: boolean;
  /** Data scenes: validation, early stopping, the exam, and the batches. */
  readonly data?: DataResult;
  /** Networks: the plane the surface and the (projected) paths are drawn in. */
  readonly slice?: SliceInfo;
  /** Networks: wall time of evaluating the surface slice. */
  readonly surfaceMs?: number;
  /** k-fold cross-validation: every fold's validation curve per learning rate, and the pick. */
  readonly kfold?: KFoldResult;
}

export interface KFoldResult {
  readonly k: number;
  /** Held-out rows per fold. */
  readonly foldSizes: number[];
  /** val[j][i]: the validation curve of learning rate j on fold i. */
  readonly val: Float32Array[][];
  /** Per learning rate: mean and standard deviation over the folds of each fold's best validation loss. */
  readonly mean: number[];
  readonly sd: number[];
  /**
   * The picked learning rate (index into the experiment's lrs): the lowest mean among those whose
   * run is neither diverged nor too large; the lowest mean of all when every one is.
   */
  readonly pick: number;
  /**
   * Why: `lowest` (the lowest mean of all is a safe run), `skipped` (a lower mean belongs to a run
   * that diverged or was too large: `skipped` names the lowest such), `none` (no safe run at all).
   */
  readonly reason: 'lowest' | 'skipped' | 'none';
  readonly skipped?: number;
  /** Each learning rate's verdict as the runs table shows it (fold 0's run), where known. */
  readonly verdicts: readonly (Verdict | undefined)[];
}

/** What a data scene adds to a result, per run where it says so. */
export interface DataResult {
  /** Validation loss at every step (cut where the run's training went non-finite). */
  readonly val: Float32Array[];
  /** Step of the lowest validation loss before the run stopped. */
  readonly bestStep: number[];
  /** Where the run stopped: best step + patience, or the last step. */
  readonly stopStep: number[];
  /** The test ("exam") loss of the parameters at the best step, computed once, at the end. */
  readonly test: number[];
  /** Rows in each part of the split, and rows of the file dropped for missing values. */
  readonly sizes: {
    readonly train: number;
    readonly val: number;
    readonly test: number;
    readonly dropped: number;
  };
  /** The minibatch of each step (steps × B row indices), for the strip; absent for full batches. */
  readonly batches?: {
    readonly B: number;
    readonly idx: Int32Array;
    readonly weight: Float32Array;
  };
}

/**
 * A partial result as the worker posts it: every run's losses so far (copies, cut before the first
 * non-finite value, as the final result's runs are), never a verdict, a fingerprint or an analysis
 * (those come only with the final result, from all the numbers).
 */
export interface PartialLosses {
  /** Steps trained so far, of `steps` (with folds one after another: over all folds, divided by k). */
  readonly stepsDone: number;
  readonly steps: number;
  /** Runs per learning rate: k-fold's k, else 1. Run j·k + i is learning rate j on fold i. */
  readonly k: number;
  /** Every run's training losses so far (every `lossEvery`-th step's). */
  readonly losses: Float32Array[];
  /** Every run's validation losses so far (every step's), where computed. */
  readonly val?: Float32Array[];
  readonly lossEvery?: number;
  /** Folds trained one after another: the fold in training (0-based), how many, its steps done. */
  readonly fold?: { readonly index: number; readonly of: number; readonly step: number };
}
