import type { RunInput } from '../charts/types';
import { VERDICT_COLORS } from '../charts/palette';
import { runStyles, type RunStyle } from '../charts/runStyles';
import type { VerdictKind } from '../core/verdict';
import type { OptimizerKind } from '../core/optimizers';
import type { TFunction } from 'i18next';
import type { RunResult } from '../core/experiment';
import { verdictLabel } from './labels';
import { lossAtStep, type Trajectory } from '../core/trajectory';
import { overfitting, type Overfit } from '../core/overfitting';
import type { Scene } from '../core/scenes';
import type { Surface } from '../protocol/results';
import type { ContourPath } from '../geometry/contours';

/**
 * A run as the views draw it: a finished run with its verdict, or (in a partial frame, results as
 * they come) a run still training, whose losses so far are known and its verdict not yet.
 */
export type FrameRun = RunResult | (Trajectory & { readonly verdict?: undefined });

/** What the two views draw: one scene's surface and the runs on it (a run not known yet is a gap). */
export interface Frame {
  readonly scene: Scene;
  readonly steps: number;
  readonly surface: Surface;
  /** The surface's contour lines when the worker traced them already. */
  readonly contours?: ContourPath[];
  readonly runs: readonly (FrameRun | undefined)[];
  /** Where every run starts. */
  readonly start: readonly number[];
  /** Whether the start point can be dragged (not for a network drawn through a slice). */
  readonly draggable: boolean;
  /** Data scenes: each run's validation curve, best and stop steps and exam, where known. */
  readonly validation?: readonly (RunValidation | undefined)[];
  /** Predict-then-reveal: verdicts hidden, so runs are coloured by row, not by verdict. */
  readonly concealed?: boolean;
  /**
   * Results as they come: the runs' losses so far, still training (no verdict, no best step, no
   * fingerprint); the final result replaces this frame. Absent: a finished result's frame.
   */
  readonly partial?: boolean;
  /** Each run's optimizer, when the runs do not all have the same one (the legend names it). */
  readonly optimizers?: readonly OptimizerKind[];
}

/** What a data scene adds to one run. */
export interface RunValidation {
  readonly losses: Float32Array;
  readonly bestStep: number;
  readonly stopStep: number;
  /** The test ("exam") loss at the best step. */
  readonly test: number;
}

/**
 * Whether a finished run overfits (src/core/overfitting.ts), from its training trace and its
 * validation curve. A run still training has no verdict yet, nor a best step: undefined. Callers
 * keep it from view while the verdicts are hidden, as they keep the verdicts.
 */
export function runOverfit(
  run: FrameRun | undefined,
  v: RunValidation | undefined,
): Overfit | undefined {
  if (!run?.verdict || !v) return undefined;
  return overfitting(v.losses, (step) => lossAtStep(run, step));
}

/** A finished run's verdict in words, with "but overfits" where it does (`runOverfit`). */
export function verdictWords(run: RunResult, over: Overfit | undefined, t: TFunction): string {
  const verdict = verdictLabel(run.verdict, t);
  return over ? t('legend.withOverfit', { verdict }) : verdict;
}

/**
 * Predict, then reveal: while the verdicts are concealed a run is drawn at step 0 only (its start
 * on the surface, its first loss), so neither view, an export nor a hover can tell the outcome.
 * Done here, where both views and the export get their lines, rather than trusting the cursor.
 */
function untilReveal<T extends ArrayLike<number>>(frame: Frame, values: T, perStep: number): T {
  if (!frame.concealed) return values;
  return Array.from(
    { length: Math.min(values.length, perStep) },
    (_, i) => values[i]!,
  ) as unknown as T;
}

/**
 * The validation curves of a frame as chart lines: the run's colour, L − L* like the losses. The
 * views draw them thinner, fainter and dotted (VALIDATION_DASH), which the legend names.
 */
export function validationInputs(
  frame: Frame | undefined,
  colors: Record<VerdictKind, string> = VERDICT_COLORS,
): RunInput[] {
  const out: RunInput[] = [];
  const floor = frame ? lossFloor(frame.scene) : 0;
  frame?.validation?.forEach((v, i) => {
    const r = frame.runs[i];
    if (!v || !r) return;
    out.push({
      id: `val-${i}`,
      ...runStyle(frame, r, i, colors),
      losses: untilReveal(frame, excessLosses(v.losses, floor), 1),
      path: [],
    });
  });
  return out;
}

/**
 * The losses as L − L* for the log axis. A float32 loss near L* ≠ 0 is known only to a few units in
 * the last place of |L*| (ulp = 2^(⌊log₂|L*|⌋ − 23), IEEE 754 single precision), so an excess below
 * four of them is rounding, not height: it is drawn as 0 (reached the bottom), where its sign
 * flipping from step to step would otherwise draw a comb of off-scale marks.
 */
export function excessLosses(losses: ArrayLike<number>, floor: number): ArrayLike<number> {
  if (floor === 0) return losses;
  const resolution = 4 * 2 ** (Math.floor(Math.log2(Math.abs(floor))) - 23);
  return Array.from(losses, (l) => {
    const d = l - floor;
    return Math.abs(d) < resolution ? 0 : d;
  });
}

/**
 * What the loss chart's log axis subtracts: the lowest loss of the scene's minima where it is below
 * zero (the saddle scene), so L − L* stays positive; 0 elsewhere, where the loss itself is
 * positive and means something (a regression's training and validation errors).
 */
export function lossFloor(scene: Scene): number {
  return Math.min(0, ...scene.minima.map((m) => m.loss));
}

/** A strided run's stride for its chart line (its first value is step 0's either way). */
function strideOf(r: FrameRun): Pick<RunInput, 'lossEvery' | 'lossSteps'> {
  return r.lossEvery !== undefined && r.lossEvery > 1
    ? { lossEvery: r.lossEvery, lossSteps: r.lossSteps ?? Infinity }
    : {};
}

/**
 * The runs of a frame as the charts take them, coloured and dashed by verdict (the notes' colours).
 * With `excess`, losses are given as L − L* (for the log loss axis).
 */
export function runInputs(
  frame: Frame | undefined,
  excess = false,
  colors: Record<VerdictKind, string> = VERDICT_COLORS,
): RunInput[] {
  const out: RunInput[] = [];
  const floor = frame && excess ? lossFloor(frame.scene) : 0;
  frame?.runs.forEach((r, i) => {
    if (!r) return;
    const input: RunInput = {
      id: `run-${i}`,
      ...runStyle(frame, r, i, colors),
      losses: untilReveal(frame, excessLosses(r.losses, floor), 1),
      ...strideOf(r),
      path: untilReveal(frame, r.path, frame.surface.dims),
    };
    const divergedAt = r.verdict?.divergedAt;
    if (!frame.concealed && divergedAt !== undefined) input.divergedAt = divergedAt;
    out.push(input);
  });
  return out;
}

/**
 * How a validation curve differs from its run's training curve, in every view and in the legend:
 * the run's colour, thinner, fainter, and round dots (a pattern none of RUN_DASHES uses, all of
 * which are dashes with butt ends, so "dotted" names it). SVG: stroke-dasharray with round caps.
 */
export const VALIDATION_STYLE = {
  dash: '0.1 4',
  width: 2.2,
  opacity: 0.7,
  linecap: 'round',
} as const;
/** A training curve's stroke width. */
export const TRAINING_WIDTH = 2.2;

/**
 * A run's colour and dash (src/charts/runStyles.ts): its verdict's hue, with a shade and dash of its
 * own when other runs share the verdict; its row's colour while verdicts are concealed.
 */
export function runStyle(
  frame: Frame,
  _run: FrameRun,
  row: number,
  colors: Record<VerdictKind, string> = VERDICT_COLORS,
): RunStyle {
  return runStyles(
    frame.runs.map((r) => r?.verdict?.kind),
    colors,
    frame.concealed,
  )[row]!;
}

/** Pointer position in the SVG's own coordinates (the SVG scales with its container). */
export function svgPoint(
  svg: SVGSVGElement,
  clientX: number,
  clientY: number,
  width: number,
  height: number,
) {
  const box = svg.getBoundingClientRect();
  return {
    x: ((clientX - box.left) / Math.max(1, box.width)) * width,
    y: ((clientY - box.top) / Math.max(1, box.height)) * height,
  };
}
