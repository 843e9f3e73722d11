/**
 * The quadratic bowl's Hessian, apart from the scene itself: its formula
 * (src/core/scenes/expressions.ts) is written from these numbers, and the scene
 * (src/core/scenes/quadratic.ts) is built from that formula, so both import this module rather
 * than each other.
 */

/** Angle of the sharp axis against the first parameter axis: tilted so the zig-zag is not axis-aligned. */
export const BOWL_ANGLE = Math.PI / 6;
/** Largest eigenvalue; fixed so that the thresholds 1/λmax and 2/λmax stay put while κ changes. */
export const BOWL_LAMBDA_MAX = 1;

/**
 * The Hessian H = R·diag(λmax, λmax/κ)·Rᵀ, R the rotation by BOWL_ANGLE, as a row-major 2×2.
 */
export function bowlHessian(kappa: number): [number, number, number, number] {
  const l1 = BOWL_LAMBDA_MAX;
  const l2 = BOWL_LAMBDA_MAX / kappa;
  const c = Math.cos(BOWL_ANGLE);
  const s = Math.sin(BOWL_ANGLE);
  const h00 = l1 * c * c + l2 * s * s;
  const h11 = l1 * s * s + l2 * c * c;
  const h01 = (l1 - l2) * c * s;
  return [h00, h01, h01, h11];
}
