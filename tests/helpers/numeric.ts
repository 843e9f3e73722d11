import { expect } from 'vitest';

/** Unit roundoff of float32, half an ulp of 1: every correctly rounded float32 op errs by at most this. */
export const F32_U = 2 ** -24;
/** Unit roundoff of float64. */
export const F64_U = 2 ** -53;

/**
 * γ_m = m·u / (1 − m·u): the relative error bound of a chain of m roundings at unit roundoff u, such
 * as a sum or dot product of m terms against the sum of their magnitudes (Higham, Accuracy and
 * Stability of Numerical Algorithms, §3.1).
 */
export function gammaOf(m: number, u: number): number {
  return (m * u) / (1 - m * u);
}

export interface Tolerance {
  /** Allowed error relative to |expected|. */
  readonly rel: number;
  /** Allowed absolute error on top of the relative part. */
  readonly abs?: number;
}

/** |actual − expected| ≤ rel·|expected| + abs, with a message naming where it failed. */
export function expectClose(
  actual: number,
  expected: number,
  tol: Tolerance,
  where = 'value',
): void {
  const bound = tol.rel * Math.abs(expected) + (tol.abs ?? 0);
  const err = Math.abs(actual - expected);
  expect(
    err <= bound,
    `${where}: got ${actual}, expected ${expected} (error ${err.toExponential(3)} > ${bound.toExponential(3)})`,
  ).toBe(true);
}

/**
 * Per-run series (one array a run: losses, θ rows) equal within `tol`: as many runs, each as long,
 * every value close; a failure names the series, the run and the index.
 */
export function expectCloseRuns(
  actual: readonly ArrayLike<number>[],
  expected: readonly ArrayLike<number>[],
  tol: Tolerance,
  what: string,
): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((x, k) => {
    expect(x.length).toBe(expected[k]!.length);
    for (let i = 0; i < x.length; i++) {
      expectClose(x[i]!, expected[k]![i]!, tol, `${what} run ${k} [${i}]`);
    }
  });
}

/** Euclidean norm of a − b and of b, for relative comparison of parameter vectors. */
export function vectorError(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
): { err: number; norm: number } {
  let err = 0;
  let norm = 0;
  for (let i = 0; i < b.length; i++) {
    err += ((a[i] ?? NaN) - (b[i] ?? NaN)) ** 2;
    norm += (b[i] ?? NaN) ** 2;
  }
  return { err: Math.sqrt(err), norm: Math.sqrt(norm) };
}

/** The raw bytes of a typed array, for bit-for-bit comparison (NaN payloads and −0 included). */
export function bytesOf(a: Float32Array | Float64Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** The float32 value one ulp above x (x finite and positive). */
export function nextFloat32Up(x: number): number {
  const f = new Float32Array([x]);
  const u = new Uint32Array(f.buffer);
  u[0] = (u[0] ?? 0) + 1;
  return f[0] ?? NaN;
}
