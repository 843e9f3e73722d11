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
