/**
 * One run's trajectory as the trainer produced it: losses[t] = L(θ_t) for t = 0..T and the path
 * θ_0..θ_T flattened row-major (P numbers per step). A diverged run is cut at its first non-finite
 * value, so `losses.length` can be less than T + 1.
 */
export interface Trajectory {
  readonly lr: number;
  readonly losses: Float64Array | Float32Array;
  readonly path: Float64Array | Float32Array;
  /** Step at which a loss or parameter first became non-finite; undefined if none did. */
  readonly nonFiniteAt?: number;
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
): Trajectory {
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
