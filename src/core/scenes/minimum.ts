import type { Minimum } from './scene';

/**
 * Unit top eigenvector of a symmetric 2×2 [[a, b], [b, d]] (row-major [a, b, b, d]) in float64.
 *
 * λmax = (a + d)/2 + r with r = √(((a − d)/2)² + b²). Both (λmax − d, b) and (b, λmax − a) solve
 * (H − λmax·I)v = 0; the first is used when a ≥ d, where λmax − d = (a − d)/2 + r adds two
 * non-negative numbers (no cancellation), the second when a < d, by symmetry. With b = 0 and a ≥ d
 * this is (1, 0); for H = c·I every vector is an eigenvector and (1, 0) is returned.
 */
export function topEigenvector2([a = NaN, b = NaN, , d = NaN]: readonly number[]): [
  number,
  number,
] {
  const half = (a - d) / 2;
  const r = Math.hypot(half, b);
  const [vx, vy] = a >= d ? [half + r, b] : [b, r - half];
  const n = Math.hypot(vx, vy);
  return n === 0 ? [1, 0] : [vx / n, vy / n];
}

/** A minimum θ* of known loss, with its sharp direction taken from the scene's Hessian there. */
export function minimumAt(
  theta: readonly number[],
  loss: number,
  hessian: (theta: readonly number[]) => number[],
): Minimum {
  return { theta, loss, sharpDirection: topEigenvector2(hessian(theta)) };
}
