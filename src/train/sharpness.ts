/**
 * Sharpness λmax(∇²L) of a batched loss at many points at once, by power iteration on
 * Hessian–vector products (docs/THEORY.md, Sharpness: the local stability threshold of GD is
 * η < 2/λmax; Cohen et al. 2021, "Gradient Descent on Neural Networks Typically Occurs at the Edge
 * of Stability", track exactly this quantity and see it rise to about 2/η).
 *
 * Hessian–vector products come from reverse mode applied twice (Pearlmutter 1994, "Fast Exact
 * Multiplication by the Hessian"): Hv = ∇_θ ⟨∇_θ L(θ), v⟩, never forming H.
 *
 * Second-order autodiff in tfjs 4.22 has two traps, measured on the cpu and wasm backends
 * (tests/train/sharpness.test.ts pins both):
 *
 * 1. tfjs registers a gradient for only one comparison, GreaterEqual; a gradient that multiplies
 *    by any other comparison of θ cannot be differentiated again, and tf.grad throws "gradient
 *    function not found for …": `tf.minimum(θ, c)` (LessEqual) and `tf.minimum(c, θ)` (Greater),
 *    `tf.maximum(c, θ)` (Less; `tf.maximum(θ, c)` works), `tf.clipByValue` (LogicalAnd), and
 *    `tf.where` on a comparison of θ. `a − relu(a − c)` is a minimum that works. When it throws,
 *    tfjs keeps the tensors it saved for the backward pass (an engine leak we cannot reach).
 * 2. Kernels whose gradient reuses the saved forward *output* (measured: Exp, Tanh, Sigmoid, Elu;
 *    the same `outputsToSave` pattern in tfjs-core's gradients: Softmax, LogSoftmax, Pow w.r.t. its
 *    exponent, among others) get a copy of it that the tape does not connect to the input, so
 *    double backprop **silently drops** their second-order term: autodiff gives
 *    d²/dx²[tanh x + x³] = 6x and d²/dx²[eˣ + x²] = 2. Only when nothing else connects does tf.grad
 *    throw ("Cannot compute gradient of y=f(x)…").
 *
 * So a `CurvatureSource` is either a `BatchedLoss`, differentiated twice by autodiff (exact for
 * losses built from the other ops, e.g. matMul, mul, add, square, abs, sinh, log1p, relu, step:
 * the quadratic bowl and MSE regression), or a `GradientSource` giving ∇L in closed form, which is
 * differentiated once: single backprop through Exp or Tanh is right. The valley scene's tfjs loss
 * uses tf.minimum and tf.exp, so its sharpness comes from the closed-form gradient
 * tanh w + 4a·w³ of `sceneOps(…).lossAndGrad` (`closedFormGradient`); the Hessian is then the
 * autodiff Jacobian of that gradient, exact up to float32 rounding.
 */
import { normal, type Rng } from '../core/rng';
import type { BatchedLoss, SceneOps } from './sceneOps';
import type { TF, Tensor, Tensor2D } from './tf';

/** ∇_θ L per row: θ [K, P] → [K, P], row k depending only on row k of θ. */
export interface BatchedGradient {
  (theta: Tensor2D): Tensor2D;
}

/** A loss given by its gradient in closed form (differentiated once for Hv). */
export interface GradientSource {
  readonly grad: BatchedGradient;
}

/**
 * Where the Hessian comes from: a batched loss (Hv by double backprop) or its closed-form gradient
 * (Hv by one backprop through it). See the file comment for which to use.
 */
export type CurvatureSource = BatchedLoss | GradientSource;

/** The closed-form gradient of a scene (its `lossAndGrad`, the loss part dropped). */
export function closedFormGradient(ops: Pick<SceneOps, 'lossAndGrad'>): GradientSource {
  return {
    grad: (theta) => {
      const { loss, grad } = ops.lossAndGrad(theta);
      loss.dispose();
      return grad;
    },
  };
}

/**
 * Hv per row, H = ∇²L(θ_k) the Hessian of row k's loss: Hv = ∇_θ Σ_k ⟨g_k(θ), v_k⟩ with g = ∇_θ Σ_k
 * L_k(θ). Because row k's loss depends only on θ_k, the gradient of the summed losses is each row's
 * own gradient, and the gradient of the summed inner products is each row's own H_k v_k.
 *
 * For a `BatchedLoss`, g is itself `tf.grad` (nested tf.grad: second-order autodiff); for a
 * `GradientSource`, g is the given closed form and is differentiated once. Throws where tfjs cannot
 * differentiate (see the file comment), and where g does not depend on θ at all (H ≡ 0).
 * Returns a new [K, P] tensor; everything else is disposed.
 */
export function hessianVectorProduct(
  tf: TF,
  source: CurvatureSource,
  theta: Tensor2D,
  v: Tensor2D,
): Tensor2D {
  return tf.tidy(() => {
    // tf.grad is typed for Tensor of any rank; it returns the gradient in the input's shape.
    let gradient: BatchedGradient;
    if (typeof source === 'function') {
      const g = tf.grad((t) => tf.sum(source(t as Tensor2D)));
      gradient = (t) => g(t) as Tensor2D;
    } else {
      gradient = (t) => source.grad(t);
    }
    return tf.grad((t) => tf.sum(tf.mul(gradient(t as Tensor2D), v)))(theta) as Tensor2D;
  });
}

export interface SharpnessOptions {
  /**
   * Hessian–vector products per power-iteration pass (default 20, at least 1): n − 1 updates of v,
   * and the last product gives the Rayleigh quotient.
   */
  readonly iterations?: number;
  /** Draws the random start vectors; pass `stream(seed, 'sharpness')`. */
  readonly rng: Rng;
}

const DEFAULT_ITERATIONS = 20;
/** A row is settled when r ≥ (1 − SETTLED)·ρ̂ (float32 noise in r and ρ̂ is a few 1e-7). */
const SETTLED = 1e-5;

/**
 * λmax(∇²L(θ_m)), the most positive Hessian eigenvalue, at each of M points, all in one batch.
 *
 * Power iteration (e.g. Golub & Van Loan, "Matrix Computations", §8.2.1), per row and all rows at
 * once: v₀ = a Gaussian row (uniform direction), v_{i+1} = H v_i / ‖H v_i‖_∞, and after n products
 * the Rayleigh quotient r = (v·Hv)/(v·v) and ρ̂ = ‖Hv‖₂/‖v‖₂ of v = v_{n−1}. v tends to the
 * eigenvector of the eigenvalue λ₁ of largest |λ|, so r → λ₁ with an error shrinking like
 * (λ₂/λ₁)^(2(n−1)) (|λ₂| the next largest magnitude), and ρ̂ → |λ₁| = ρ(H) even where λ₁ is not
 * unique (±ρ both eigenvalues). Where H ∝ I every vector is an eigenvector. Rows whose Hv is 0 keep
 * their v. (The ∞-norm keeps v's entries in [−1, 1], free of squares that could overflow float32;
 * any normalisation gives the same r.)
 *
 * Stability needs λmax, not the largest magnitude. Every Rayleigh quotient is ≤ λmax, with equality
 * at λmax's eigenvector, so a row is settled when r ≈ ρ̂ (r ≥ (1 − 1e-5)·ρ̂: the largest magnitude
 * is a positive eigenvalue, and r has converged to it; for P = 1 always unless L'' < 0). Otherwise
 * (r < 0: a negative eigenvalue dominates; or |r| < ρ̂: +ρ and −ρ nearly tie, where pass one cannot
 * settle) a second pass runs power iteration on H + ρ̂I, whose eigenvalues λᵢ + ρ̂ are ≥ 0 up to
 * ρ̂'s error and largest at λmax + ρ̂, and the row returns max(r, r₂), r₂ = μ − ρ̂ the Rayleigh
 * quotient of H at the second pass's vector. (Shifting by ρ̂ rather than by −r = −λ₁ is the same
 * where a negative λ₁ has converged, and still right at a saddle's ±ρ tie, where r says nothing.)
 * Deciding needs r and ρ̂ on the host, so the second pass costs a second `await data()`; where
 * every row is settled (convex points, the common case) there is exactly one readback. It runs on
 * the whole batch again, with fresh start vectors, shift 0 on the settled rows (ignored there): rows
 * stay where they were, so a loss whose rows differ by index still lines up, a row's result never
 * depends on the other rows' values, and a batch costs about as much as one row (dispatch-bound:
 * docs/THEORY.md, Dispatch-bound training).
 *
 * Points: `number[][]` (M rows of P), or a row-major Float32Array with `dims` = P. They are rounded
 * to float32 and evaluated in float32. A row with a non-finite entry gives NaN (and is evaluated
 * as 0 so that it cannot disturb the others); a row whose Hessian overflows float32 gives NaN or ±∞.
 * All tensors are disposed; nothing is read back synchronously.
 */
export function sharpness(
  tf: TF,
  source: CurvatureSource,
  points: readonly (readonly number[])[],
  opts: SharpnessOptions,
): Promise<Float64Array>;
export function sharpness(
  tf: TF,
  source: CurvatureSource,
  points: Float32Array,
  opts: SharpnessOptions & { readonly dims: number },
): Promise<Float64Array>;
export async function sharpness(
  tf: TF,
  source: CurvatureSource,
  points: Float32Array | readonly (readonly number[])[],
  opts: SharpnessOptions & { readonly dims?: number },
): Promise<Float64Array> {
  const iterations = opts.iterations ?? DEFAULT_ITERATIONS;
  if (!Number.isInteger(iterations) || iterations < 1) {
    throw new RangeError(`iterations must be an integer ≥ 1, got ${iterations}`);
  }
  const { flat, rows, dims } = flatten(points, opts.dims);
  const out = new Float64Array(rows);
  if (rows === 0) return out;

  // Non-finite rows are evaluated at 0 and reported as NaN.
  const finite = new Uint8Array(rows);
  for (let m = 0; m < rows; m++) {
    let ok = 1;
    for (let j = 0; j < dims; j++) if (!Number.isFinite(flat[m * dims + j]!)) ok = 0;
    finite[m] = ok;
    if (!ok) flat.fill(0, m * dims, (m + 1) * dims);
  }

  const first = await powerIteration(tf, source, flat, rows, dims, iterations, opts.rng);
  const shift = new Float32Array(rows);
  let unsettled = false;
  for (let m = 0; m < rows; m++) {
    const r = first[m]!;
    const rho = first[rows + m]!;
    out[m] = finite[m] ? r : Number.NaN;
    if (finite[m] && Number.isFinite(r) && r < (1 - SETTLED) * rho) {
      shift[m] = rho;
      unsettled = true;
    }
  }
  if (unsettled) {
    const second = await powerIteration(tf, source, flat, rows, dims, iterations, opts.rng, shift);
    for (let m = 0; m < rows; m++) {
      // μ = Rayleigh quotient of H + ρ̂I, so μ − ρ̂ is one of H: another lower bound on λmax.
      if (shift[m]! > 0) out[m] = Math.max(out[m]!, second[m]! - shift[m]!);
    }
  }
  return out;
}

/** Row-major float32 copy of the points, with M and P. */
function flatten(
  points: Float32Array | readonly (readonly number[])[],
  dims: number | undefined,
): { flat: Float32Array; rows: number; dims: number } {
  if (points instanceof Float32Array) {
    if (dims === undefined || !Number.isInteger(dims) || dims < 1) {
      throw new RangeError(`a Float32Array of points needs dims ≥ 1, got ${dims}`);
    }
    if (points.length % dims !== 0) {
      throw new RangeError(`${points.length} numbers are not rows of ${dims}`);
    }
    return { flat: points.slice(), rows: points.length / dims, dims };
  }
  const rows = points.length;
  const p = dims ?? points[0]?.length ?? 1;
  if (!Number.isInteger(p) || p < 1) throw new RangeError(`points need ≥ 1 parameter, got ${p}`);
  const flat = new Float32Array(rows * p);
  points.forEach((row, m) => {
    if (row.length !== p) throw new RangeError(`row ${m} has ${row.length} numbers, not ${p}`);
    flat.set(row, m * p);
  });
  return { flat, rows, dims: p };
}

/** Gaussian rows scaled to ‖·‖_∞ = 1 (a zero row, probability 0, becomes e₁). */
function startVectors(rng: Rng, rows: number, dims: number): Float32Array {
  const v = new Float32Array(rows * dims);
  for (let m = 0; m < rows; m++) {
    let scale = 0;
    for (let j = 0; j < dims; j++) {
      const z = normal(rng);
      v[m * dims + j] = z;
      scale = Math.max(scale, Math.abs(z));
    }
    if (scale === 0) v[m * dims] = 1;
    else for (let j = 0; j < dims; j++) v[m * dims + j]! /= scale;
  }
  return v;
}

/**
 * One batched power-iteration pass on H + sI (s = `shift` per row, or 0): per row the Rayleigh
 * quotient r (first M numbers) and ‖(H + sI)v‖₂/‖v‖₂ (last M) of the last v, read back with one
 * `await data()`.
 */
async function powerIteration(
  tf: TF,
  source: CurvatureSource,
  points: Float32Array,
  rows: number,
  dims: number,
  iterations: number,
  rng: Rng,
  shift?: Float32Array,
): Promise<Float32Array> {
  const start = startVectors(rng, rows, dims);
  const theta = tf.tensor2d(points, [rows, dims]);
  const s = shift ? tf.tensor2d(shift, [rows, 1]) : undefined;
  const apply = (v: Tensor2D): Tensor2D => {
    const hv = hessianVectorProduct(tf, source, theta, v);
    return s ? tf.add(hv, tf.mul(s, v)) : hv;
  };
  let v: Tensor2D = tf.tensor2d(start, [rows, dims]);
  let result: Tensor | undefined;
  try {
    for (let i = 1; i < iterations; i++) {
      const next = tf.tidy(() => {
        const w = apply(v);
        const scale = tf.max(tf.abs(w), 1, true);
        return tf.where(tf.greater(scale, 0), tf.div(w, scale), v) as Tensor2D;
      });
      v.dispose();
      v = next;
    }
    result = tf.tidy(() => {
      const w = apply(v);
      const vv = tf.sum(tf.square(v), 1);
      const rayleigh = tf.div(tf.sum(tf.mul(v, w), 1), vv);
      // ‖w‖₂ = m·‖w/m‖₂ with m = ‖w‖_∞, so that no square overflows.
      const m = tf.max(tf.abs(w), 1, true);
      const scaled = tf.div(w, tf.where(tf.greater(m, 0), m, tf.onesLike(m)));
      const norm = tf.mul(tf.reshape(m, [-1]), tf.sqrt(tf.sum(tf.square(scaled), 1)));
      return tf.concat([rayleigh, tf.div(norm, tf.sqrt(vv))]);
    });
    return (await result.data()) as Float32Array;
  } finally {
    tf.dispose([theta, v, ...(s ? [s] : []), ...(result ? [result] : [])]);
  }
}
