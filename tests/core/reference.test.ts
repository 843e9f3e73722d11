import { describe, expect, it } from 'vitest';
import { gradientNoise } from '../../src/core/noise';
import { referenceTrajectory } from '../../src/core/reference';
import { quadraticScene } from '../../src/core/scenes/quadratic';
import { valleyScene } from '../../src/core/scenes/valley';
import { expectClose, F64_U } from '../helpers/numeric';

// The float64 reference is the oracle of the trainer tests, so it is itself checked against the
// closed form of gradient descent on the quadratic: with s = θ·u, f = θ·v (eigenbasis of H),
// s_t = s0·(1 − η)^t and f_t = f0·(1 − η/κ)^t.
describe('referenceTrajectory', () => {
  const kappa = 10;
  const bowl = quadraticScene(kappa);
  const [ux = NaN, uy = NaN] = bowl.minima[0]!.sharpDirection;
  const start = [-3.9, 2.8];
  const s0 = start[0]! * ux + start[1]! * uy;
  const f0 = -start[0]! * uy + start[1]! * ux;

  for (const lr of [0.1, 0.9, 1.1, 1.9]) {
    it(`follows (1 − ηλ)^t along each eigenvector of the bowl (η = ${lr})`, () => {
      const steps = 100;
      const run = referenceTrajectory(bowl, lr, steps, start);
      expect(run.losses).toHaveLength(steps + 1);
      expect(run.path).toHaveLength(2 * (steps + 1));
      for (let t = 0; t <= steps; t++) {
        const s = s0 * (1 - lr) ** t;
        const f = f0 * (1 - lr / kappa) ** t;
        // Each step rounds a few times; the error of the t-th power is ≤ ~4t·u relative per mode.
        const tol = { rel: 0, abs: 8 * (t + 1) * F64_U * (Math.abs(s) + Math.abs(f)) };
        expectClose(run.path[2 * t] ?? NaN, s * ux - f * uy, tol, `x_${t}`);
        expectClose(run.path[2 * t + 1] ?? NaN, s * uy + f * ux, tol, `y_${t}`);
        const loss = 0.5 * (s * s + (f * f) / kappa);
        expectClose(run.losses[t] ?? NaN, loss, { rel: 32 * (t + 1) * F64_U * kappa }, `L_${t}`);
      }
    });
  }

  it('adds the noise row of each step to the gradient: θ1 = θ0 − η(∇L(θ0) + n0)', () => {
    const noise = gradientNoise(1, 3, 2, 0.5);
    const run = referenceTrajectory(bowl, 0.5, 3, start, { noise });
    const g = bowl.grad(start);
    expect(run.path[2]).toBe(start[0]! - 0.5 * (g[0]! + noise[0]!));
    expect(run.path[3]).toBe(start[1]! - 0.5 * (g[1]! + noise[1]!));
    const plain = referenceTrajectory(bowl, 0.5, 3, start);
    expect(run.path).not.toEqual(plain.path);
  });

  it('cuts a run that overflows at its first non-finite step', () => {
    // Valley, η = 8 from −4 (docs/THEORY.md, Lecture valley: it overflows). Every kept value is
    // finite.
    const run = referenceTrajectory(valleyScene(), 8, 60, [-4]);
    expect(run.nonFiniteAt).toBeGreaterThan(0);
    expect(run.nonFiniteAt).toBeLessThan(60);
    expect(run.losses).toHaveLength(run.nonFiniteAt ?? NaN);
    expect(Array.from(run.losses).every(Number.isFinite)).toBe(true);
    expect(Array.from(run.path).every(Number.isFinite)).toBe(true);
  });
});
