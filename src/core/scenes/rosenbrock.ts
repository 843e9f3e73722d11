import type { Rng } from '../rng';
import type { Minimum, Scene } from './scene';

/** Rosenbrock's own starting point (Rosenbrock 1960), on the far arm of the banana. */
const NOMINAL_START = [-1.2, 1] as const;
const START_JITTER = 0.1;

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

const loss = ([x = 0, y = 0]: readonly number[]) => (1 - x) ** 2 + 100 * (y - x * x) ** 2;
// ∂L/∂x = −2(1 − x) − 400x(y − x²), ∂L/∂y = 200(y − x²).
const grad = ([x = 0, y = 0]: readonly number[]) => {
  const r = y - x * x;
  return [-2 * (1 - x) - 400 * x * r, 200 * r];
};
// ∂²L/∂x² = 2 − 400(y − x²) + 800x² = 2 − 400y + 1200x², ∂²L/∂x∂y = −400x, ∂²L/∂y² = 200.
const hessian = ([x = 0, y = 0]: readonly number[]) => {
  const hxy = -400 * x;
  return [2 - 400 * y + 1200 * x * x, hxy, hxy, 200];
};

/**
 * Rosenbrock's banana valley (Rosenbrock 1960): L = (1 − x)² + 100(y − x²)², minimum 0 at (1, 1).
 *
 * The valley floor y = x² is curved and flat along its length while the walls are steep across it:
 * H(1, 1) = [[802, −400], [−400, 200]] has λmax ≈ 1001.6 and λmin ≈ 0.4 (κ ≈ 2500), so a step small
 * enough not to bounce off the walls (η < 2/λmax ≈ 0.002 at the minimum, less where the valley is
 * steeper) crawls along the floor: why one learning rate is hard to pick.
 */
export function rosenbrockScene(): Scene {
  return {
    id: 'rosenbrock',
    dims: 2,
    defaultLrs: [1e-4, 0.0017, 0.0028, 0.02],
    defaultSteps: 1500,
    lrRange: [-4.5, -1.5],
    view: [
      [-2, 2],
      [-1, 3],
    ],
    minima: [minimumAt([1, 1], 0, hessian)],
    start: (rng: Rng) => [
      NOMINAL_START[0] + (2 * rng() - 1) * START_JITTER,
      NOMINAL_START[1] + (2 * rng() - 1) * START_JITTER,
    ],
    loss,
    grad,
    hessian,
    quadratic: false,
  };
}
