import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIMIZER } from '../../src/core/optimizers';
import { referenceTrajectory } from '../../src/core/reference';
import { makeScene } from '../../src/core/scenes';
import { checkFormula, formulaScene } from '../../src/core/scenes/formula';
import { sceneBands } from '../../src/core/stability';
import { verdictOf } from '../../src/core/verdict';

describe('a typed formula as a scene', () => {
  /*
   * L = 3x² + xy + y²/2 has the constant Hessian H = [[6, 1], [1, 1]], eigenvalues
   * (7 ± √29)/2, so λmax = (7 + √29)/2 ≈ 6.193 and λmin ≈ 0.807 (κ ≈ 7.7). Gradient descent
   * multiplies the error along eigenvector i by 1 − ηλᵢ: no overshoot up to 1/λmax, divergence
   * beyond 2/λmax (the quadratic's theory, as for the bowl).
   */
  const text = '3x^2 + x*y + y^2/2';
  const lambdaMax = (7 + Math.sqrt(29)) / 2;

  it('is a quadratic whose bands sit at 1/λmax and 2/λmax of its Hessian', () => {
    const scene = makeScene('formula', { kappa: 10, formula: text, domain: null });
    expect(scene.quadratic).toBe(true);
    expect(scene.dims).toBe(2);
    expect(scene.hessian([0.3, -2])).toEqual([6, 1, 1, 1]);
    const bands = sceneBands(scene, DEFAULT_OPTIMIZER)!;
    expect(Math.abs(bands.lambdaMax - lambdaMax)).toBeLessThan(1e-12 * lambdaMax);
    expect(Math.abs(bands.noOvershoot * lambdaMax - 1)).toBeLessThan(1e-12);
    expect(Math.abs(bands.divergence * lambdaMax - 2)).toBeLessThan(1e-12);
  });

  it('gives the verdicts of the theory either side of 1/λmax and 2/λmax', () => {
    /*
     * 400 steps from the default start (−3, 3): at 0.95/λmax both modes shrink monotonically
     * (slowest factor 1 − 0.95·λmin/λmax ≈ 0.876), just right; at 1.05/λmax the sharp mode flips
     * sign by −0.05 per step, too large; at 1.9/λmax it flips by −0.9 and still converges, too
     * large; at 2.1/λmax it grows by 1.1 per step, diverged.
     */
    const scene = formulaScene(text, null);
    const start = scene.start(() => 0);
    const verdict = (m: number) =>
      verdictOf(referenceTrajectory(scene, m / lambdaMax, 400, start), scene).kind;
    expect([0.95, 1.05, 1.9, 2.1].map(verdict)).toEqual([
      'just-right',
      'too-large',
      'too-large',
      'diverged',
    ]);
  });

  it('finds the minima of a non-convex formula numerically (Himmelblau’s four)', () => {
    const scene = formulaScene('(x^2 + y - 11)^2 + (x + y^2 - 7)^2', [-6, 6, -6, 6]);
    const found = scene.minima.map((m) => m.theta.map((v) => Number(v.toFixed(4))));
    // The published minima (Himmelblau 1972), to the 4 decimals they are quoted with.
    expect(found).toHaveLength(4);
    for (const want of [
      [3, 2],
      [-2.8051, 3.1313],
      [-3.7793, -3.2832],
      [3.5844, -1.8481],
    ]) {
      expect(found.some((f) => f.every((v, i) => Math.abs(v - want[i]!) < 2e-4))).toBe(true);
    }
    for (const m of scene.minima) expect(Math.abs(m.loss)).toBeLessThan(1e-20);
  });

  it('reads f(x) as a 1-D scene and finds its minimum', () => {
    const scene = formulaScene('(x - 1)^2 + 0.1*sin(5x)', [-3, 3]);
    expect(scene.dims).toBe(1);
    expect(scene.view).toEqual([[-3, 3]]);
    for (const m of scene.minima) expect(Math.abs(scene.grad(m.theta)[0]!)).toBeLessThan(1e-12);
  });

  it('refuses a formula that is not finite on its domain, pointing at the operation', () => {
    const out = checkFormula('x^2 + log(y)', [-5, 5, -5, 5]);
    expect(out.ok).toBe(false);
    if (!out.ok) expect([out.error.kind, out.error.column]).toEqual(['notFinite', 6]);
    expect(checkFormula('x^2 + log(y)', [-5, 5, 0.5, 5]).ok).toBe(true);
    const big = checkFormula('exp(x^3)', [-10, 10]);
    expect(big.ok ? null : big.error.column).toBe(0);
  });
});
