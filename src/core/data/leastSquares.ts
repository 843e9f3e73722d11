/**
 * Closed-form least squares for the two-parameter line ŷ = w·x + b (the linear-regression scene)
 * and the curvature of its mean squared error, the reference that gradient descent is checked
 * against and that sets the scene's learning-rate thresholds (docs/THEORY.md, Gradient descent on
 * a quadratic).
 *
 * Throughout, the sums run over the given rows i ∈ R, m = |R|, x̄ and ȳ are the means over R, and
 *
 *   L(w, b) = (1/m) Σ (w·xᵢ + b − yᵢ)².
 */

/** The minimiser of L and the loss there. */
export interface LeastSquares {
  readonly w: number;
  readonly b: number;
  /** L(w, b) at the minimiser: the lowest loss any line reaches on these rows. */
  readonly loss: number;
}

function checkRows(rows: Int32Array, n: number): void {
  if (rows.length < 1) throw new RangeError('least squares needs at least one row');
  for (const i of rows) {
    if (i < 0 || i >= n) throw new RangeError(`row ${i} is outside 0…${n - 1}`);
  }
}

/** L(w, b) on `rows` of the single-feature x and y. */
export function mseLoss(
  x: Float64Array,
  y: Float64Array,
  rows: Int32Array,
  w: number,
  b: number,
): number {
  checkRows(rows, Math.min(x.length, y.length));
  let s = 0;
  for (const i of rows) s += (w * x[i]! + b - y[i]!) ** 2;
  return s / rows.length;
}

/**
 * The minimiser of L: setting ∂L/∂w = ∂L/∂b = 0 gives the normal equations XᵀX θ = Xᵀy for the
 * rows (xᵢ, 1) and θ = (w, b):
 *
 *   [Σxᵢ²  Σxᵢ] [w]   [Σxᵢyᵢ]
 *   [Σxᵢ   m  ] [b] = [Σyᵢ  ],
 *
 * whose solution, eliminating b, is
 *
 *   w = Σ(xᵢ − x̄)(yᵢ − ȳ) / Σ(xᵢ − x̄)²,   b = ȳ − w·x̄
 *
 * (e.g. Hastie, Tibshirani & Friedman, The Elements of Statistical Learning, §3.2). The centred
 * form is used because Σx² − m·x̄² cancels badly when |x̄| ≫ spread. Throws when all x are equal:
 * then XᵀX is singular and every line through (x̄, ȳ) with any slope fits equally well.
 */
export function leastSquares(x: Float64Array, y: Float64Array, rows: Int32Array): LeastSquares {
  checkRows(rows, Math.min(x.length, y.length));
  const m = rows.length;
  let sx = 0;
  let sy = 0;
  for (const i of rows) {
    sx += x[i]!;
    sy += y[i]!;
  }
  const xm = sx / m;
  const ym = sy / m;
  let sxx = 0;
  let sxy = 0;
  for (const i of rows) {
    const dx = x[i]! - xm;
    sxx += dx * dx;
    sxy += dx * (y[i]! - ym);
  }
  if (!(sxx > 0)) throw new RangeError('least squares: all x are equal, the slope is undetermined');
  const w = sxy / sxx;
  const b = ym - w * xm;
  return { w, b, loss: mseLoss(x, y, rows, w, b) };
}

/**
 * The Hessian of L in (w, b), row-major 2×2: L is quadratic, so it is the same everywhere,
 *
 *   H = (2/m) XᵀX = [2·(1/m)Σxᵢ²   2x̄]
 *                   [2x̄            2 ].
 *
 * Gradient descent on L converges iff η < 2/λmax(H) (docs/THEORY.md, Gradient descent on a
 * quadratic). For H = [a c; c d] the
 * eigenvalues are (a + d)/2 ± √(((a − d)/2)² + c²); det H = 4·((1/m)Σxᵢ² − x̄²) = 4·Var(x), the
 * population variance over the rows, so H is singular exactly when all x are equal. Centring x
 * (x̄ = 0) makes H diagonal, diag(2·Var(x), 2): that is why standardising inputs helps.
 */
export function mseHessian(x: Float64Array, rows: Int32Array): [number, number, number, number] {
  checkRows(rows, x.length);
  const m = rows.length;
  let sx = 0;
  let sxx = 0;
  for (const i of rows) {
    sx += x[i]!;
    sxx += x[i]! * x[i]!;
  }
  const off = (2 * sx) / m;
  return [(2 * sxx) / m, off, off, 2];
}
