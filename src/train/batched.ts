import type { BackendName } from '../core/backends';
import type { OptimizerSpec } from '../core/optimizers';
import type { Snapshot } from './partial';

/*
 * What every batched trainer takes and gives (the op-by-op one in trainer.ts and the fused ones in
 * src/train/fused): the request, the output, the hooks and the checks they share. A module of its
 * own so that the trainers import it and not each other.
 */

export interface BatchedRequest {
  /** Learning rates, one per run (K of them). */
  readonly lrs: readonly number[];
  readonly steps: number;
  /** θ_0: P numbers shared by all runs, or one row of P numbers per run. */
  readonly start: readonly number[] | readonly (readonly number[])[];
  /**
   * Gradient noise n_t, row-major: steps × P shared by all runs, or steps × K·P (one row of K·P
   * numbers per step); empty for none.
   */
  readonly noise?: Float64Array;
  /** The optimizer; plain gradient descent when absent. */
  readonly optimizer?: OptimizerSpec;
  /** Schedule factors, one per step: η_t = η·factors[t]; constant when absent. */
  readonly factors?: ArrayLike<number>;
  /** Record θ every this many steps (the path then has ⌊T/every⌋ + 1 rows); default 1. */
  readonly pathEvery?: number;
  /**
   * Early stopping on the validation loss: a run's best θ stops being updated once this many steps
   * passed without a new best (0: never stops). See `earlyStopping`.
   */
  readonly patience?: number;
  /**
   * Record the training-set loss every this many steps (and at the last step) where it is a pass of
   * its own over the training rows: with minibatches (`recordedLoss`). Default 1; full-batch
   * training keeps every step's loss, which its gradient computes anyway. The output says what it
   * computed (`BatchedOutput.lossEvery`); `lossStride` (src/core/trajectory.ts) is the app's choice.
   */
  readonly lossEvery?: number;
  /** Steps between read-backs: losses stay on the device until a whole chunk is done. */
  readonly chunk?: number;
  /**
   * With `fused`: the backends on which k-fold runs of a network train fused too
   * (`StepOps.fusedFolds`). A choice of its own because it changes k-fold's bits: `fused` alone
   * leaves k-fold op by op, the path the fingerprints of version-1 links were made on (and of
   * version-2 links on webgpu); `trainRequest` (src/train/experiment.ts) asks for it by the
   * experiment's version.
   */
  readonly fusedFolds?: readonly BackendName[];
  /**
   * Train with a fused kernel (src/train/fused) where the problem, request and active backend
   * have one: one dispatch per chunk of steps (for a network on webgpu one per step), for all K
   * runs, the same output within a tested tolerance. Otherwise, or when false, op by op.
   */
  readonly fused?: boolean;
}

/**
 * Raw per-run arrays: losses (T+1 each, or at the steps `lossSteps` names when `lossEvery` > 1) and
 * paths, non-finite values included.
 */
export interface BatchedOutput {
  readonly losses: Float32Array[];
  /**
   * The stride of the recorded losses: losses[k][i] is the loss at step min(i·lossEvery, T)
   * (`lossCount` of them, src/core/trajectory.ts). Absent: 1, every step.
   */
  readonly lossEvery?: number;
  /** θ at steps 0, every, 2·every, … (all steps by default), P numbers each. */
  readonly paths: Float32Array[];
  /** With validation: its loss at every step, and each run's best θ and its step. */
  readonly validation?: {
    readonly losses: Float32Array[];
    readonly bestTheta: Float32Array[];
    readonly bestStep: number[];
    /** The step at which the run stopped (patience ran out), or T if it never did. */
    readonly stopStep: number[];
  };
  /** Whether the fused kernel trained it. */
  readonly fused?: boolean;
}

/**
 * Early stopping (e.g. Prechelt 1998, "Early stopping — but when?"), the rule the trainer applies on
 * the device and the page reads back: walking t = 0, 1, …, a validation loss strictly below the best
 * so far makes t the best step, any other adds one to the steps since the best; once those reach
 * `patience` (0: never) the run has stopped, at step best + patience. (A run whose losses never
 * improve keeps step 0, its start, as the best.)
 */
export function earlyStopping(
  val: ArrayLike<number>,
  patience: number,
): { bestStep: number; stopStep: number } {
  let best = Infinity;
  let bestStep = 0;
  let since = 0;
  for (let t = 0; t < val.length; t++) {
    if (patience > 0 && since >= patience) return { bestStep, stopStep: t - 1 };
    const v = val[t] ?? NaN;
    if (v < best) {
      best = v;
      bestStep = t;
      since = 0;
    } else {
      since += 1;
    }
  }
  return { bestStep, stopStep: val.length - 1 };
}

export interface TrainHooks {
  /**
   * Called after each chunk has been read back, with the number of steps done and an accessor of
   * the losses recorded so far (src/train/partial.ts), for results shown as they come.
   */
  onChunk?(stepsDone: number, snapshot?: Snapshot): void;
  /** Polled between chunks; training stops and resolves null when it says so. */
  cancelled?(): boolean;
  /** Called as a network's surface slice is evaluated, with the fraction done. */
  onSurface?(fraction: number): void;
}

/**
 * What the callers of the trainer (runExperiment, the slider grid, the sweep) take: the hooks, and
 * whether to train with the fused kernel where it applies (the worker decides, per backend).
 */
export interface TrainOptions extends TrainHooks {
  readonly fused?: boolean;
}

/**
 * A training's validation output: the validation traces, each run's best θ (read back from the
 * device, K·P numbers) and the best and stop steps that `earlyStopping` reads from the traces.
 */
export function validationOf(
  losses: Float32Array[],
  bestTheta: ArrayLike<number> & { subarray(a: number, b: number): ArrayLike<number> },
  patience: number,
  P: number,
): NonNullable<BatchedOutput['validation']> {
  const stops = losses.map((v) => earlyStopping(v, patience));
  return {
    losses,
    bestTheta: losses.map((_, k) => Float32Array.from(bestTheta.subarray(k * P, (k + 1) * P))),
    bestStep: stops.map((s) => s.bestStep),
    stopStep: stops.map((s) => s.stopStep),
  };
}

/** The stride of a request's recorded losses (see `BatchedRequest.lossEvery`). */
export function lossEveryOf(req: Pick<BatchedRequest, 'lossEvery'>): number {
  return Math.max(1, Math.floor(req.lossEvery ?? 1));
}

/**
 * Checks a request's shapes against K runs of P parameters over T steps: per-run start rows (or one
 * start for all), gradient noise as one row per step shared by the runs or one per run (K·P wide),
 * and one schedule factor per step. Returns the start rows and the noise row's width.
 */
export function checkRequest(
  req: BatchedRequest,
  P: number,
): { rows: readonly (readonly number[])[] | null; noiseWidth: number } {
  const K = req.lrs.length;
  const T = req.steps;
  const rows = isRows(req.start) ? req.start : null;
  if (rows && rows.length !== K) throw new Error(`${rows.length} start points for ${K} runs`);
  const noiseWidth = req.noise && req.noise.length === T * K * P && K > 1 ? K * P : P;
  if (req.noise && req.noise.length !== 0 && req.noise.length !== T * noiseWidth) {
    throw new Error(`gradient noise has ${req.noise.length} numbers; ${T * P} expected`);
  }
  if (req.factors && req.factors.length !== T) {
    throw new Error(`schedule has ${req.factors.length} factors; ${T} expected`);
  }
  return { rows, noiseWidth };
}

export const isRows = (
  start: readonly number[] | readonly (readonly number[])[],
): start is readonly (readonly number[])[] => Array.isArray(start[0]);
