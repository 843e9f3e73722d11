import { sceneFormula, VALLEY_QUARTIC } from './expressions';
import type { Scene } from './scene';

export { LOG_COSH_SWITCH, logCosh } from '../expr/logCosh';
export { VALLEY_QUARTIC };

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
  // L, L' and L'' (= sech² w + 12a·w²) from the formula in src/core/scenes/expressions.ts.
  const f = sceneFormula('valley', 0);
  return {
    id: 'valley',
    dims: 1,
    defaultLrs: [0.05, 0.5, 3, 8],
    lrRange: [-3, 1.5],
    view: [[-5, 5]],
    defaultSteps: 60,
    minima: [{ theta: [0], loss: 0, sharpDirection: [1] }],
    start: () => [-4],
    loss: f.loss,
    grad: f.grad,
    hessian: f.hessian,
    quadratic: false,
    formula: f.trees,
  };
}
