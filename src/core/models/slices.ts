import { normal, type Rng } from '../rng';
import type { MlpLayout } from './mlp';

/**
 * Two-dimensional views of a loss over many parameters (Li, Xu, Taylor, Studer & Goldstein 2018,
 * "Visualizing the Loss Landscape of Neural Nets"): the loss is drawn on the plane
 * θ(α, β) = origin + α·d1 + β·d2, either along two filter-normalised random directions (section
 * "Filter-Wise Normalization") or in the plane of a training trajectory's principal components
 * (section "Visualizing Optimization Paths"). All float64 and pure; the grid of parameter sets
 * goes through the batched tfjs loss as one [G², P] batch (or in row chunks).
 */

/** The plane origin + α·d1 + β·d2. The axes need not be orthogonal or of unit length. */
export interface Plane {
  readonly origin: Float64Array;
  readonly d1: Float64Array;
  readonly d2: Float64Array;
}

/** The plane of a trajectory: orthonormal axes d1, d2 through its end point. */
export interface PcaPlane extends Plane {
  /**
   * The fraction of the path's spread Σ_t ‖θ_t − θ_T‖² that lies along d1 and along d2. The moments
   * are taken about θ_T, the plane's origin, not about the mean as in centred PCA, so 1 − (e1 + e2)
   * is exactly the part of the path off the plane.
   */
  readonly explained: readonly [number, number];
}

/**
 * A filter-normalised random direction (Li et al. 2018, "Filter-Wise Normalization"): d ~ N(0, I)
 * on the weights, then each filter of d — one column of W_l [fan_in, fan_out], the weights feeding
 * one unit — rescaled to the norm of the same filter of θ: d_j ← d_j/‖d_j‖·‖θ_j‖. Bias directions
 * are 0, as the paper does (its code's `ignore='biasbn'`), so the slice moves weights only. One
 * `normal(rng)` draw per weight in θ's order (biases draw nothing): a second call on the same
 * stream gives the second, independent direction. A filter of θ that is all zero gets a zero
 * direction.
 */
export function filterNormalizedDirection(
  layout: MlpLayout,
  theta: ArrayLike<number>,
  rng: Rng,
): Float64Array {
  if (theta.length !== layout.P) {
    throw new Error(`θ has ${theta.length} numbers; the layout has ${layout.P}`);
  }
  const d = new Float64Array(layout.P);
  for (const { w } of layout.layers) {
    for (let i = 0; i < w.rows * w.cols; i++) d[w.offset + i] = normal(rng);
    for (let j = 0; j < w.cols; j++) {
      let dd = 0;
      let tt = 0;
      for (let i = 0; i < w.rows; i++) {
        const k = w.offset + i * w.cols + j;
        dd += d[k]! * d[k]!;
        tt += theta[k]! * theta[k]!;
      }
      const scale = dd > 0 ? Math.sqrt(tt) / Math.sqrt(dd) : 0;
      // A zero filter gets +0 entries (a negative draw times 0 would leave −0).
      for (let i = 0; i < w.rows; i++) {
        const k = w.offset + i * w.cols + j;
        d[k] = scale === 0 ? 0 : d[k]! * scale;
      }
    }
  }
  return d;
}

/** The plane through θ along two filter-normalised directions, drawn one after the other. */
export function randomPlane(layout: MlpLayout, theta: ArrayLike<number>, rng: Rng): Plane {
  const d1 = filterNormalizedDirection(layout, theta, rng);
  const d2 = filterNormalizedDirection(layout, theta, rng);
  return { origin: Float64Array.from(theta), d1, d2 };
}

/** Power iteration stops when the direction moves less than this, or after MAX_ITERATIONS. */
const POWER_TOLERANCE = 1e-12;
const MAX_ITERATIONS = 500;

/**
 * The plane of a trajectory θ_0 … θ_T (`path` holds the T + 1 points, P numbers each) that contains
 * its start and its end: origin θ_T; d1 = (θ_0 − θ_T)/‖θ_0 − θ_T‖; d2 the top principal component
 * of the deviations θ_t − θ_T (Li et al. 2018, "Visualizing Optimization Paths", take the PCA of
 * the matrix [θ_0 − θ_T; …; θ_{T−1} − θ_T]) once their d1 components are removed, so d2 ⊥ d1.
 * Both ends then lie on the plane: θ_T at (0, 0), θ_0 at (‖θ_0 − θ_T‖, 0).
 *
 * d2 comes from power iteration v ← Rᵀ(R v) on the residual deviations R (matrix–vector products
 * only, 2·T·P flops per iteration, no T×T or P×P matrix), started from the longest residual row,
 * until v moves less than 1e-12 or after 500 iterations. Containing the ends does not depend on
 * that convergence, only `explained[1]` does. Cost ≈ (2·iterations + 6)·T·P: about 1 ms for
 * T = 200, P = 97, but 0.8 s for T = 2000, P = 4545 (14 iterations); subsample long paths.
 *
 * Degenerate paths give unit axes, never NaN: when the start equals the end, d1 is the top
 * principal component of the deviations instead; when nothing is left after removing d1 (a
 * straight path, T ≤ 1) or the path does not move at all (T = 0), an axis is a coordinate vector
 * made orthogonal to the other (Gram–Schmidt on the coordinate where the other axis is smallest).
 * P ≥ 2 is required: a plane needs two orthogonal directions.
 */
export function pcaPlane(path: ArrayLike<number>, P: number): PcaPlane {
  if (!Number.isInteger(P) || P < 2) throw new Error(`a plane needs P ≥ 2, got ${P}`);
  if (path.length === 0 || path.length % P !== 0) {
    throw new Error(`path has ${path.length} numbers, not a positive multiple of P = ${P}`);
  }
  const T = path.length / P - 1;
  const origin = new Float64Array(P);
  for (let i = 0; i < P; i++) origin[i] = path[T * P + i]!;
  const rows = new Deviations(path, origin, T, P);

  let total = 0;
  for (let t = 0; t < T; t++) total += rows.normSq(t, null);

  let d1: Float64Array;
  const start = T > 0 ? rows.row(0) : new Float64Array(P);
  const startNorm = norm(start);
  if (startNorm > 0) d1 = scaled(start, 1 / startNorm);
  else if (total > 0) d1 = topComponent(rows, null) ?? coordinateAxis(null, P);
  else d1 = coordinateAxis(null, P);

  // Residual rows that are rounding noise of a straight path: each entry of R_t = D_t − (D_t·d1)d1
  // errs by about (P + 3)·u·‖D_t‖ (the dot product, the product and the difference), so noise has
  // Σ‖R_t‖² ≲ ((P + 3)·u)²·P·total; the threshold below allows 8 times that error (ε = 2u).
  let residual = 0;
  for (let t = 0; t < T; t++) residual += rows.normSq(t, d1);
  const noise = (4 * (P + 3) * Number.EPSILON) ** 2 * P * total;
  const d2 = (residual > noise ? topComponent(rows, d1) : null) ?? coordinateAxis(d1, P);

  let along1 = 0;
  let along2 = 0;
  for (let t = 0; t < T; t++) {
    along1 += rows.dot(t, d1) ** 2;
    along2 += rows.dot(t, d2) ** 2;
  }
  const explained: [number, number] = total > 0 ? [along1 / total, along2 / total] : [0, 0];
  return { origin, d1, d2, explained };
}

/**
 * (α, β) of the point of the plane nearest to `point`: the least-squares solution of
 * [d1 d2]·(α, β) ≈ point − origin, by the 2×2 normal equations (for orthonormal axes simply the
 * dot products). Parallel axes fall back to the one that is not zero; zero axes give 0.
 */
export function project(point: ArrayLike<number>, plane: Plane): [number, number] {
  const { origin, d1, d2 } = plane;
  if (point.length !== origin.length) {
    throw new Error(`point has ${point.length} numbers; the plane lives in ${origin.length}`);
  }
  let g11 = 0;
  let g12 = 0;
  let g22 = 0;
  let r1 = 0;
  let r2 = 0;
  for (let i = 0; i < origin.length; i++) {
    const v = point[i]! - origin[i]!;
    const a = d1[i]!;
    const b = d2[i]!;
    g11 += a * a;
    g12 += a * b;
    g22 += b * b;
    r1 += a * v;
    r2 += b * v;
  }
  const det = g11 * g22 - g12 * g12;
  // Cramer's rule unless the axes are parallel to working precision.
  if (det > 64 * Number.EPSILON * g11 * g22) {
    return [(g22 * r1 - g12 * r2) / det, (g11 * r2 - g12 * r1) / det];
  }
  if (g11 > 0) return [r1 / g11, 0];
  if (g22 > 0) return [0, r2 / g22];
  return [0, 0];
}

/** (α, β) of each of the points of `path` (P numbers each), as [α_0, β_0, α_1, β_1, …]. */
export function projectPath(path: ArrayLike<number>, plane: Plane): Float64Array {
  const P = plane.origin.length;
  if (path.length % P !== 0) throw new Error(`path has ${path.length} numbers, P = ${P}`);
  const n = path.length / P;
  const out = new Float64Array(2 * n);
  const point = new Float64Array(P);
  for (let t = 0; t < n; t++) {
    for (let i = 0; i < P; i++) point[i] = path[t * P + i]!;
    const [a, b] = project(point, plane);
    out[2 * t] = a;
    out[2 * t + 1] = b;
  }
  return out;
}

/** The parameters θ = origin + α·d1 + β·d2. */
export function planePoint(plane: Plane, alpha: number, beta: number): Float64Array {
  const { origin, d1, d2 } = plane;
  const out = new Float64Array(origin.length);
  for (let i = 0; i < out.length; i++) out[i] = origin[i]! + alpha * d1[i]! + beta * d2[i]!;
  return out;
}

/** The ranges of α and β a slice covers. */
export interface SliceWindow {
  readonly alpha: readonly [number, number];
  readonly beta: readonly [number, number];
}

/**
 * The G coordinates of one grid axis: lo·(1 − t) + hi·t with t = i/(G − 1), i = 0 … G − 1, so
 * both ends are exactly lo and hi (and 0 exactly the middle of a symmetric odd grid); the midpoint
 * when G = 1.
 */
export function sliceAxis(G: number, lo: number, hi: number): Float64Array {
  if (!Number.isInteger(G) || G < 1) throw new Error(`grid size must be an integer ≥ 1, got ${G}`);
  const out = new Float64Array(G);
  for (let i = 0; i < G; i++) {
    const t = G === 1 ? 0.5 : i / (G - 1);
    out[i] = lo * (1 - t) + hi * t;
  }
  return out;
}

/**
 * The G×G parameter sets of a slice, one row of P float32 numbers each, to evaluate through the
 * batched loss: row r = j·G + i holds origin + α_i·d1 + β_j·d2 (α varies fastest), with α_i and β_j
 * from `sliceAxis`. `span` is a number s for α, β ∈ [−s, s] (Li et al. use s = 1 with
 * filter-normalised directions) or a window. `rows` picks a chunk of rows (for a progress bar); the
 * whole grid by default. Each entry is computed in float64 and rounded once.
 */
export function sliceGrid(
  origin: ArrayLike<number>,
  d1: ArrayLike<number>,
  d2: ArrayLike<number>,
  G: number,
  span: number | SliceWindow,
  rows: { readonly start: number; readonly count: number } = { start: 0, count: G * G },
): Float32Array {
  const P = origin.length;
  if (d1.length !== P || d2.length !== P) {
    throw new Error(`directions have ${d1.length} and ${d2.length} numbers; origin has ${P}`);
  }
  const window = typeof span === 'number' ? { alpha: [-span, span], beta: [-span, span] } : span;
  const alphas = sliceAxis(G, window.alpha[0], window.alpha[1]);
  const betas = sliceAxis(G, window.beta[0], window.beta[1]);
  const { start, count } = rows;
  if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 0) {
    throw new Error(`rows ${start}+${count} are not a range of whole rows`);
  }
  if (start + count > G * G) throw new Error(`rows ${start}+${count} exceed the ${G * G} points`);
  const out = new Float32Array(count * P);
  for (let r = 0; r < count; r++) {
    const a = alphas[(start + r) % G]!;
    const b = betas[Math.floor((start + r) / G)]!;
    for (let i = 0; i < P; i++) out[r * P + i] = origin[i]! + a * d1[i]! + b * d2[i]!;
  }
  return out;
}

/** The deviations D_t = θ_t − θ_T of a path, read from it on the fly (no T×P copy). */
class Deviations {
  constructor(
    private readonly path: ArrayLike<number>,
    private readonly origin: Float64Array,
    readonly T: number,
    readonly P: number,
  ) {}

  /** D_t as a new array. */
  row(t: number): Float64Array {
    const { path, origin, P } = this;
    const out = new Float64Array(P);
    for (let i = 0, k = t * P; i < P; i++, k++) out[i] = path[k]! - origin[i]!;
    return out;
  }

  dot(t: number, v: Float64Array): number {
    const { path, origin, P } = this;
    let s = 0;
    for (let i = 0, k = t * P; i < P; i++, k++) s += (path[k]! - origin[i]!) * v[i]!;
    return s;
  }

  /** out += c·D_t. */
  addTo(out: Float64Array, t: number, c: number): void {
    const { path, origin, P } = this;
    for (let i = 0, k = t * P; i < P; i++, k++) out[i]! += c * (path[k]! - origin[i]!);
  }

  /** ‖D_t − (D_t·u)u‖² (‖D_t‖² when u is null). */
  normSq(t: number, u: Float64Array | null): number {
    const { path, origin, P } = this;
    const c = u ? this.dot(t, u) : 0;
    let s = 0;
    for (let i = 0, k = t * P; i < P; i++, k++) {
      const r = path[k]! - origin[i]! - (u ? c * u[i]! : 0);
      s += r * r;
    }
    return s;
  }
}

/**
 * The top right singular vector of the deviations with their components along the unit vector
 * `u` removed (none when null), by power iteration on RᵀR; null when the rows are all zero. The
 * result is made orthogonal to u (twice, to rounding) and of unit length.
 */
function topComponent(rows: Deviations, u: Float64Array | null): Float64Array | null {
  const { T, P } = rows;
  // Start from the longest residual row: inside the row space, so never orthogonal to the answer
  // unless that row is orthogonal to the top component, which a path's rows never all are.
  let best = -1;
  let bestNorm = 0;
  for (let t = 0; t < T; t++) {
    const n = rows.normSq(t, u);
    if (n > bestNorm) [best, bestNorm] = [t, n];
  }
  if (best < 0) return null;
  let v = orthonormalize(rows.row(best), u);
  if (!v) return null;
  const du = new Float64Array(T);
  if (u) for (let t = 0; t < T; t++) du[t] = rows.dot(t, u);
  const next = new Float64Array(P);
  for (let iter = 0; iter < MAX_ITERATIONS; iter++) {
    // next = Rᵀ(R v) = Σ_t (R_t·v)·R_t, with R_t·v = D_t·v − (D_t·u)(u·v) and R_t = D_t − (D_t·u)u.
    next.fill(0);
    const uv = u ? dot(u, v) : 0;
    let along = 0;
    for (let t = 0; t < T; t++) {
      const c = rows.dot(t, v) - du[t]! * uv;
      if (c === 0) continue;
      rows.addTo(next, t, c);
      along += c * du[t]!;
    }
    if (u) for (let i = 0; i < P; i++) next[i]! -= along * u[i]!;
    const w = orthonormalize(next, u);
    if (!w) return v;
    let moved = 0;
    for (let i = 0; i < P; i++) moved += (w[i]! - v[i]!) ** 2;
    v = w;
    if (Math.sqrt(moved) < POWER_TOLERANCE) break;
  }
  return v;
}

/** A unit vector orthogonal to the unit vector u (any unit vector when u is null). */
function coordinateAxis(u: Float64Array | null, P: number): Float64Array {
  let k = 0;
  if (u) for (let i = 1; i < P; i++) if (Math.abs(u[i]!) < Math.abs(u[k]!)) k = i;
  const e = new Float64Array(P);
  e[k] = 1;
  // ‖e − (e·u)u‖² = 1 − u_k² ≥ 1 − 1/P ≥ 1/2, so this never fails.
  return orthonormalize(e, u)!;
}

/** v made orthogonal to the unit vector u (two Gram–Schmidt passes) and normalised; null if 0. */
function orthonormalize(v: Float64Array, u: Float64Array | null): Float64Array | null {
  const out = Float64Array.from(v);
  if (u) {
    for (let pass = 0; pass < 2; pass++) {
      const c = dot(out, u);
      for (let i = 0; i < out.length; i++) out[i]! -= c * u[i]!;
    }
  }
  const n = norm(out);
  return n > 0 && Number.isFinite(n) ? scaled(out, 1 / n) : null;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function norm(a: Float64Array): number {
  return Math.sqrt(dot(a, a));
}

function scaled(a: Float64Array, c: number): Float64Array {
  return a.map((x) => x * c);
}
