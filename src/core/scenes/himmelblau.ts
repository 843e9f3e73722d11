import type { Rng } from '../rng';
import { sceneFormula } from './expressions';
import { minimumAt } from './minimum';
import type { Scene } from './scene';

const START_JITTER = 0.5;

// L, ∇L = (4x·a + 2b, 2a + 4y·b) and H (a = x² + y − 11, b = x + y² − 7) from the formula in
// src/core/scenes/expressions.ts.
const f = () => sceneFormula('himmelblau', 0);

/**
 * Newton's method θ ← θ − H⁻¹∇L from a good guess. From six correct digits quadratic convergence
 * needs two or three steps to reach float64 resolution; it stops when a step is exactly zero or
 * after 20 (further steps only move by the rounding noise of ∇L, about an ulp).
 */
function newton(guess: readonly [number, number]): [number, number] {
  let [x, y] = guess;
  for (let i = 0; i < 20; i++) {
    const [gx = 0, gy = 0] = f().grad([x, y]);
    const [a = 0, b = 0, , d = 0] = f().hessian([x, y]);
    const det = a * d - b * b;
    const dx = (d * gx - b * gy) / det;
    const dy = (a * gy - b * gx) / det;
    x -= dx;
    y -= dy;
    if (dx === 0 && dy === 0) break;
  }
  return [x, y];
}

/**
 * The four minima, all of loss 0: (3, 2) exactly (9 + 2 − 11 = 0, 3 + 4 − 7 = 0), and the published
 * six-digit approximations of the other three, refined by Newton's method at load so they are
 * float64 roots of the closed-form gradient.
 */
export const HIMMELBLAU_MINIMA: readonly (readonly [number, number])[] = [
  [3, 2],
  newton([-2.805118, 3.131312]),
  newton([-3.77931, -3.283186]),
  newton([3.584428, -1.848126]),
];

/**
 * Himmelblau's function (Himmelblau 1972): L = (x² + y − 11)² + (x + y² − 7)², four minima of loss 0,
 * one per quadrant, (3, 2) exactly and three irrational ones, with different curvatures. A run from
 * near the centre goes down to one of them, which one depending on the seed ((3, 2) for about 78 % of
 * seeds, (−2.81, 3.13) for the rest, at the default just-right η).
 *
 * λmax at the four minima is 82.3, 80.6, 133.8 and 105.4, so 2/λmax ranges over 0.015–0.025.
 * Verdict bands of the float64 reference trainer over 100 steps, the same for all of 50 seeds: too
 * small up to 6e-4, just right 1.9e-3–6.6e-3 (mostly up to 0.012), too large 0.025–0.039 (no minimum
 * is stable there: the runs stall), diverged from 0.041.
 */
export function himmelblauScene(): Scene {
  return {
    id: 'himmelblau',
    dims: 2,
    defaultLrs: [2e-4, 0.004, 0.03, 0.06],
    defaultSteps: 100,
    lrRange: [-4, -1],
    view: [
      [-6, 6],
      [-6, 6],
    ],
    minima: HIMMELBLAU_MINIMA.map((theta) => minimumAt(theta, 0, f().hessian)),
    start: (rng: Rng) => [(2 * rng() - 1) * START_JITTER, (2 * rng() - 1) * START_JITTER],
    loss: f().loss,
    grad: f().grad,
    hessian: f().hessian,
    quadratic: false,
    formula: f().trees,
  };
}
