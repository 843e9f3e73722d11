/**
 * Per-feature mean and standard deviation, fitted on the training rows only: statistics taken from
 * validation or test rows would leak them into training (scikit-learn's StandardScaler, fitted on
 * the training split and then applied to every split).
 */
export interface Standardizer {
  readonly mean: Float64Array;
  /** Population standard deviation, or 1 for a feature that is constant on the fitted rows. */
  readonly std: Float64Array;
}

export interface TargetScaler {
  readonly mean: number;
  readonly std: number;
}

/**
 * A spread this small relative to the mean is float rounding of a constant column (the mean of
 * equal floats need not equal them exactly), not a feature to magnify by 1/std.
 */
const CONSTANT_REL = 1e-12;

function checkRows(rows: Int32Array, n: number): void {
  if (rows.length < 1) throw new RangeError('a scaler needs at least one row to fit');
  for (const i of rows) {
    if (i < 0 || i >= n) throw new RangeError(`row ${i} is outside 0…${n - 1}`);
  }
}

/**
 * Mean and standard deviation of column j over `rows`, two-pass:
 * μ = (1/m) Σ xᵢ, σ = √((1/m) Σ (xᵢ − μ)²) with m = |rows| (the population, n denominator, as
 * scikit-learn's StandardScaler; two passes avoid the cancellation of Σx² − mμ², Chan, Golub &
 * LeVeque 1983). σ ≤ 1e-12·|μ| (constant column) becomes 1, so standardising maps it to 0.
 */
function columnStats(
  x: Float64Array,
  f: number,
  j: number,
  rows: Int32Array,
): { mean: number; std: number } {
  let sum = 0;
  for (const i of rows) sum += x[i * f + j]!;
  const mean = sum / rows.length;
  let ss = 0;
  for (const i of rows) ss += (x[i * f + j]! - mean) ** 2;
  const std = Math.sqrt(ss / rows.length);
  return { mean, std: std <= CONSTANT_REL * Math.abs(mean) ? 1 : std };
}

/** Fits per-feature μ and σ (see `columnStats`) of the n×f row-major `x` on `rows` only. */
export function fitStandardizer(x: Float64Array, f: number, rows: Int32Array): Standardizer {
  if (!Number.isInteger(f) || f < 1 || x.length % f !== 0) {
    throw new RangeError(`x of length ${x.length} is not n×${f}`);
  }
  checkRows(rows, x.length / f);
  const mean = new Float64Array(f);
  const std = new Float64Array(f);
  for (let j = 0; j < f; j++) {
    const s = columnStats(x, f, j, rows);
    mean[j] = s.mean;
    std[j] = s.std;
  }
  return { mean, std };
}

/** (x_ij − μ_j) / σ_j for every row (all splits use the training statistics), as a new array. */
export function standardize(x: Float64Array, f: number, s: Standardizer): Float64Array {
  if (s.mean.length !== f || s.std.length !== f || x.length % f !== 0) {
    throw new RangeError(`x of length ${x.length} and a ${s.mean.length}-feature scaler, f = ${f}`);
  }
  const out = new Float64Array(x.length);
  for (let k = 0; k < x.length; k++) {
    const j = k % f;
    out[k] = (x[k]! - s.mean[j]!) / s.std[j]!;
  }
  return out;
}

/** μ and σ of the target over `rows` only, by the same rule as the features. */
export function fitTargetScaler(y: Float64Array, rows: Int32Array): TargetScaler {
  checkRows(rows, y.length);
  return columnStats(y, 1, 0, rows);
}

/** (yᵢ − μ) / σ, as a new array. */
export function scaleTarget(y: Float64Array, s: TargetScaler): Float64Array {
  return y.map((v) => (v - s.mean) / s.std);
}

/**
 * Back to the target's units: σ·v + μ. A loss in scaled units converts as MSE·σ² (and RMSE·σ),
 * which is how a scaled model's loss is reported in miles per gallon.
 */
export function unscaleTarget(v: number, s: TargetScaler): number {
  return s.std * v + s.mean;
}
