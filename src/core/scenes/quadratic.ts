import type { Rng } from '../rng';
import { BOWL_ANGLE } from './bowl';
import { sceneFormula } from './expressions';
import type { Scene } from './scene';

export { BOWL_ANGLE, BOWL_LAMBDA_MAX, bowlHessian } from './bowl';

const NOMINAL_START = [-4, 3] as const;
const START_JITTER = 0.5;

/**
 * The 2-D quadratic bowl L(θ) = ½·θᵀHθ, ∇L = Hθ, minimum 0 at θ* = 0.
 *
 * Gradient descent multiplies the error along eigenvector i by (1 − ηλᵢ) each step, so with
 * λmax = 1 it is monotone for η ≤ 1/λmax, overshoots but converges for η < 2/λmax and diverges
 * above (docs/THEORY.md, Gradient descent on a quadratic; e.g. Goh, "Why Momentum Really Works",
 * Distill 2017). κ = λmax/λmin sets how slowly the flat direction converges even at the best fixed
 * step 2/(λmin + λmax).
 */
export function quadraticScene(kappa: number): Scene {
  // L, ∇L = Hθ and H from the formula in src/core/scenes/expressions.ts.
  const f = sceneFormula('quadratic', kappa);
  return {
    id: 'quadratic',
    dims: 2,
    defaultLrs: [0.1, 0.9, 1.6, 2.1],
    lrRange: [-3, 1],
    view: [
      [-5, 5],
      [-5, 5],
    ],
    defaultSteps: 60,
    minima: [
      { theta: [0, 0], loss: 0, sharpDirection: [Math.cos(BOWL_ANGLE), Math.sin(BOWL_ANGLE)] },
    ],
    start: (rng: Rng) => [
      NOMINAL_START[0] + (2 * rng() - 1) * START_JITTER,
      NOMINAL_START[1] + (2 * rng() - 1) * START_JITTER,
    ],
    loss: f.loss,
    grad: f.grad,
    hessian: f.hessian,
    quadratic: true,
    formula: f.trees,
  };
}
