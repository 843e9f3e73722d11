/**
 * Where a loss trace's values lie: losses[i] is the loss at step i, or, when `lossEvery` = e > 1,
 * at step lossStep(i, lossSteps, e) = min(i·e, T) (a strided trace, src/core/experiment.ts
 * `trainLossEvery`).
 */
export interface LossTrace {
  readonly losses: ArrayLike<number>;
  /** The stride of the recorded losses; absent: 1, every step. */
  readonly lossEvery?: number;
  /** With `lossEvery`: the run's steps T (its last recorded loss is at step T). */
  readonly lossSteps?: number;
}

/**
 * One run's trajectory as the trainer produced it: losses[t] = L(θ_t) for t = 0..T (or every
 * `lossEvery`-th step of them, LossTrace) and the path θ_0..θ_T flattened row-major (P numbers per
 * step). A diverged run is cut at its first non-finite value, so it can be shorter.
 */
export interface Trajectory extends LossTrace {
  readonly lr: number;
  readonly losses: Float64Array | Float32Array;
  readonly path: Float64Array | Float32Array;
  /** Step at which a loss or parameter first became non-finite; undefined if none did. */
  readonly nonFiniteAt?: number;
}

/** The step of a trace's i-th recorded loss (i itself for a trace of every step). */
export function stepOfLoss(trace: LossTrace, i: number): number {
  const e = trace.lossEvery ?? 1;
  return e > 1 ? lossStep(i, trace.lossSteps ?? Infinity, e) : i;
}

/**
 * The index of a trace's last recorded loss at or before `step` (−1 if none is): ⌊step/e⌋, or the
 * last one (step T) from T on, within what the trace holds.
 */
export function lossIndexAt(trace: LossTrace, step: number): number {
  const e = trace.lossEvery ?? 1;
  const s = Math.floor(step);
  if (s < 0) return -1;
  const T = trace.lossSteps ?? Infinity;
  const i = e > 1 ? (s >= T ? lossCount(T, e) - 1 : Math.floor(s / e)) : s;
  return Math.min(i, trace.losses.length - 1);
}

/** The recorded loss at or before `step` (the scrubber's and hover's read-out); undefined if none. */
export function lossAtStep(trace: LossTrace, step: number): number | undefined {
  const i = lossIndexAt(trace, step);
  return i < 0 ? undefined : trace.losses[i];
}

/** The step of a trace's last recorded loss; −1 for an empty one. */
export function lastLossStep(trace: LossTrace): number {
  return trace.losses.length > 0 ? stepOfLoss(trace, trace.losses.length - 1) : -1;
}

/**
 * Cuts a raw trajectory at its first non-finite loss or parameter, so nothing non-finite ever leaves
 * the engine (charts, the DOM and fingerprints only see finite numbers).
 */
export function cutAtNonFinite(
  lr: number,
  losses: Float32Array | Float64Array,
  path: Float32Array | Float64Array,
  dims: number,
  stride?: { readonly every: number; readonly steps: number },
): Trajectory {
  if (stride && stride.every > 1) return cutStrided(lr, losses, path, dims, stride);
  const n = losses.length;
  for (let t = 0; t < n; t++) {
    let finite = Number.isFinite(losses[t]);
    for (let p = 0; finite && p < dims; p++) finite = Number.isFinite(path[t * dims + p]);
    if (!finite) {
      return {
        lr,
        losses: losses.slice(0, t),
        path: path.slice(0, t * dims),
        nonFiniteAt: t,
      };
    }
  }
  return { lr, losses, path };
}

/**
 * cutAtNonFinite for losses recorded every e-th step (losses[i] at step lossStep(i, T, e)) and a
 * path of every step: the cut is at the first step c whose recorded loss or parameters are
 * non-finite; the losses recorded before c and the path up to step c − 1 are kept, and
 * `nonFiniteAt` = c is a step, as for a trace of every step.
 */
function cutStrided(
  lr: number,
  losses: Float32Array | Float64Array,
  path: Float32Array | Float64Array,
  dims: number,
  stride: { readonly every: number; readonly steps: number },
): Trajectory {
  const e = stride.every;
  const T = stride.steps;
  const trace = { lossEvery: e, lossSteps: T };
  let cut = Infinity;
  for (let i = 0; i < losses.length; i++) {
    if (!Number.isFinite(losses[i])) {
      cut = lossStep(i, T, e);
      break;
    }
  }
  const rows = Math.floor(path.length / Math.max(1, dims));
  for (let t = 0; t < Math.min(rows, cut); t++) {
    let finite = true;
    for (let p = 0; finite && p < dims; p++) finite = Number.isFinite(path[t * dims + p]);
    if (!finite) {
      cut = t;
      break;
    }
  }
  if (cut === Infinity) return { lr, losses, path, ...trace };
  // Recorded losses at steps < cut: indices i with min(i·e, T) < cut, that is ⌈cut/e⌉ of them.
  const kept = Math.min(losses.length, Math.ceil(cut / e));
  return {
    lr,
    losses: losses.slice(0, kept),
    path: path.slice(0, cut * dims),
    nonFiniteAt: cut,
    ...trace,
  };
}

/**
 * Points a long loss curve needs: about one per pixel column of the loss chart (a laptop's chart is
 * narrower than this; more points than columns draw the same picture).
 */
export const LOSS_COLUMNS = 600;

/**
 * The stride at which a run of `steps` steps records a loss that costs a pass of its own (the
 * training-set loss of minibatch training): every step up to LOSS_COLUMNS steps, then
 * ⌈steps / LOSS_COLUMNS⌉, so at most LOSS_COLUMNS + 1 points are computed. A function of the request
 * alone, so the same link computes the same points (and fingerprints them alike) on every load.
 */
export function lossStride(steps: number): number {
  return Math.max(1, Math.ceil(steps / LOSS_COLUMNS));
}

/** How many losses T steps record at stride e: steps 0, e, 2e, … and T, that is ⌈T/e⌉ + 1. */
export function lossCount(T: number, e: number): number {
  return Math.ceil(T / e) + 1;
}

/** The step of the i-th recorded loss at stride e over T steps: min(i·e, T). */
export function lossStep(i: number, T: number, e: number): number {
  return Math.min(i * e, T);
}
