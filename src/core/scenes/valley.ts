import type { Scene } from './scene';

/** Weight of the quartic wall term. */
const QUARTIC = 0.002;

/** Below this |w| log cosh is computed from sinh, above it from exp (see logCosh). */
export const LOG_COSH_SWITCH = 10;

/**
 * log cosh w without overflow or cancellation: log1p(2·sinh²(w/2)) for |w| < 10 (cosh w =
 * 1 + 2 sinh²(w/2), accurate down to w → 0, where log cosh w ≈ w²/2), and |w| − ln 2 +
 * log1p(e^(−2|w|)) beyond (cosh w itself overflows float64 past |w| ≈ 710).
 */
export function logCosh(w: number): number {
  const a = Math.abs(w);
  if (a < LOG_COSH_SWITCH) return Math.log1p(2 * Math.sinh(a / 2) ** 2);
  return a - Math.LN2 + Math.log1p(Math.exp(-2 * a));
}

/**
 * The lecture valley of the study notes' learning-rate figure:
 *
 *   L(w) = log cosh w + 0.002·w⁴,   L'(w) = tanh w + 0.008·w³,   L''(0) = 1.
 *
 * Near the floor it is the parabola w²/2 (so 1/L''(0) = 1 separates creeping from overshooting);
 * far out the slope of log cosh saturates at 1 and the quartic walls take over, which is what makes
 * a too-large step bounce between the walls (a stable 2-cycle) instead of flying out, while a far
 * too large step is thrown up a wall steep enough to diverge. Measured in float64 from w₀ = −4
 * (docs/THEORY.md, Lecture valley): η = 0.05 creeps, 0.3–1 converges, 2.5–4 settles into the
 * bounce, 8 overflows.
 */
export function valleyScene(): Scene {
  return {
    id: 'valley',
    dims: 1,
    defaultLrs: [0.05, 0.5, 3, 8],
    lrRange: [-3, 1.5],
    view: [[-5, 5]],
    defaultSteps: 60,
    minima: [{ theta: [0], loss: 0, sharpDirection: [1] }],
    start: () => [-4],
    loss: ([w = 0]) => logCosh(w) + QUARTIC * w ** 4,
    grad: ([w = 0]) => [Math.tanh(w) + 4 * QUARTIC * w ** 3],
    // (log cosh)'' = sech² w = 1 − tanh² w; (a·w⁴)'' = 12a·w².
    hessian: ([w = 0]) => [1 - Math.tanh(w) ** 2 + 12 * QUARTIC * w * w],
    quadratic: false,
  };
}

export const VALLEY_QUARTIC = QUARTIC;
