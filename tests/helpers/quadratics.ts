import type { OptimizerSpec } from '../../src/core/optimizers';
import { stream } from '../../src/core/rng';
import type { Scene } from '../../src/core/scenes';

/** A 2-D quadratic L(θ) = ½θᵀHθ with H = R·diag(λmax, λmax/κ)·Rᵀ, R the rotation by `angle`. */
export interface RotatedQuadratic {
  readonly scene: Scene;
  readonly lambdaMax: number;
  readonly lambdaMin: number;
  readonly kappa: number;
  readonly angle: number;
  /** Unit eigenvector of λmax (the sharp direction, R's first column). */
  readonly u: readonly [number, number];
  /** Unit eigenvector of λmin (R's second column). */
  readonly v: readonly [number, number];
  /** The start 3u + 3v: a substantial component along both eigenvectors. */
  readonly start: readonly [number, number];
}

/** Builds the quadratic and a Scene for it (minimum 0 at θ* = 0, sharp direction u). */
export function rotatedQuadratic(
  lambdaMax: number,
  kappa: number,
  angle: number,
): RotatedQuadratic {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const l1 = lambdaMax;
  const l2 = lambdaMax / kappa;
  const h00 = l1 * c * c + l2 * s * s;
  const h11 = l1 * s * s + l2 * c * c;
  const h01 = (l1 - l2) * c * s;
  const u = [c, s] as const;
  const v = [-s, c] as const;
  const start = [3 * u[0] + 3 * v[0], 3 * u[1] + 3 * v[1]] as const;
  const scene: Scene = {
    id: 'quadratic',
    dims: 2,
    defaultLrs: [0.1 / l1, 0.9 / l1, 1.6 / l1, 2.1 / l1],
    lrRange: [-3, 1],
    view: [
      [-5, 5],
      [-5, 5],
    ],
    defaultSteps: 60,
    minima: [{ theta: [0, 0], loss: 0, sharpDirection: u }],
    start: () => start.slice(),
    loss: ([x = 0, y = 0]) => 0.5 * (h00 * x * x + 2 * h01 * x * y + h11 * y * y),
    grad: ([x = 0, y = 0]) => [h00 * x + h01 * y, h01 * x + h11 * y],
    hessian: () => [h00, h01, h01, h11],
    quadratic: true,
  };
  return { scene, lambdaMax, lambdaMin: l2, kappa, angle, u, v, start };
}

/**
 * n seeded random quadratics: λmax log-uniform in [0.05, 20], κ log-uniform in [1, 100] (so that
 * nearly round bowls are as common as elongated ones), angle uniform in [0, π). Three uniforms per
 * quadratic from the `init` stream of `seed`.
 */
export function randomQuadratics(n: number, seed: number): RotatedQuadratic[] {
  const rng = stream(seed, 'init');
  return Array.from({ length: n }, () => {
    const lambdaMax = 0.05 * 400 ** rng();
    const kappa = 100 ** rng();
    const angle = Math.PI * rng();
    return rotatedQuadratic(lambdaMax, kappa, angle);
  });
}

/** The optimizers with a fixed-η stability theory on quadratics. */
export type LinearKind = 'sgd' | 'momentum' | 'nesterov';

/**
 * The linear recurrence one eigen-direction follows, derived from the update rules in
 * src/core/optimizers.ts with e the error along an eigenvector of eigenvalue λ, g = λe, a = ηλ and
 * n = η·m (so the state is (e, n) and the 2×2 matrix acts on it):
 *
 * - sgd:       e' = (1 − a)e                                → trace 1 − a, det 0 (roots 1 − a and 0)
 * - momentum:  n' = βn + ae;  e' = e − n' = (1 − a)e − βn    → [[1 − a, −β], [a, β]]:
 *              trace 1 + β − a, det β(1 − a) + aβ = β
 * - nesterov:  n' = βn + ae;  e' = e − ae − βn' = (1 − a(1 + β))e − β²n
 *              → [[1 − a(1 + β), −β²], [a, β]]: trace (1 + β)(1 − a), det β(1 − a(1 + β)) + aβ² = β(1 − a)
 *
 * Returns the trace, the determinant and the first step's factor e₁/e₀ from rest (n₀ = 0).
 */
export function modeRecurrence(
  spec: OptimizerSpec,
  a: number,
): { trace: number; det: number; first: number } {
  const b = spec.beta;
  switch (spec.optimizer) {
    case 'sgd':
      return { trace: 1 - a, det: 0, first: 1 - a };
    case 'momentum':
      return { trace: 1 + b - a, det: b, first: 1 - a };
    case 'nesterov':
      return { trace: (1 + b) * (1 - a), det: b * (1 - a), first: 1 - a * (1 + b) };
    default:
      throw new Error(`${spec.optimizer} has no linear mode recurrence`);
  }
}

/** Largest |root| of z² − trace·z + det. */
export function spectralRadius(trace: number, det: number): number {
  const disc = trace * trace - 4 * det;
  if (disc < 0) return Math.sqrt(det);
  const r = Math.sqrt(disc);
  return Math.max(Math.abs(trace + r), Math.abs(trace - r)) / 2;
}

/** Argument ω of the complex roots √det·e^{±iω} (0 when the roots are real). */
export function rotationAngle(trace: number, det: number): number {
  if (trace * trace - 4 * det >= 0) return 0;
  return Math.acos(trace / (2 * Math.sqrt(det)));
}

/** s_t = θ_t·u for each step of a flattened 2-D path. */
export function alongDirection(path: ArrayLike<number>, u: readonly number[]): number[] {
  const out: number[] = [];
  for (let t = 0; 2 * t + 1 < path.length; t++) {
    out.push((path[2 * t] ?? NaN) * (u[0] ?? 0) + (path[2 * t + 1] ?? NaN) * (u[1] ?? 0));
  }
  return out;
}

/** First t at which s changes sign between t − 1 and t with both |s| above tol; -1 if never. */
export function firstSignChange(s: readonly number[], tol: number): number {
  for (let t = 1; t < s.length; t++) {
    const a = s[t - 1] ?? NaN;
    const b = s[t] ?? NaN;
    if (a * b < 0 && Math.abs(a) > tol && Math.abs(b) > tol) return t;
  }
  return -1;
}
