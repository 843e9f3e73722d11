import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stream } from '../../src/core/rng';
import { makeScene, SCENE_IDS } from '../../src/core/scenes';
import {
  BOWL_ANGLE,
  BOWL_LAMBDA_MAX,
  bowlHessian,
  quadraticScene,
} from '../../src/core/scenes/quadratic';
import { logCosh, valleyScene } from '../../src/core/scenes/valley';
import { expectClose, F64_U } from '../helpers/numeric';
import { loadFixtureTable } from '../helpers/userTable';

/**
 * Central difference (f(x + h) − f(x − h)) / 2h along coordinate p. Its error is at most
 * h²/6·|f‴| (truncation) + ε_f/h (rounding, ε_f the absolute error of one evaluation of f).
 */
function centralDifference(
  f: (x: number[]) => number,
  x: readonly number[],
  p: number,
  h: number,
): number {
  const up = x.slice();
  const down = x.slice();
  up[p] = (up[p] ?? NaN) + h;
  down[p] = (down[p] ?? NaN) - h;
  return (f(up) - f(down)) / (2 * h);
}

const WS = [-1000, -40, -8, -4, -2.5, -1, -0.3, -1e-3, -1e-9, 0, 1e-9, 1e-3, 0.3, 1, 2.5, 4, 8, 40];

describe('valley: L(w) = log cosh w + 0.002·w⁴', () => {
  const valley = valleyScene();

  it('logCosh matches ln(cosh w) where cosh does not overflow', () => {
    // Closed form ln(cosh w) in float64. Both sides err by a few units of roundoff of the largest
    // intermediate (|w| or ln 2 ≈ 0.7 for the stable form, cosh's ≈ 1 ulp relative then ln for the
    // reference), so the bound is 8·u·max(1, |w|).
    for (const w of WS.filter((x) => Math.abs(x) < 700)) {
      expectClose(
        logCosh(w),
        Math.log(Math.cosh(w)),
        { rel: 0, abs: 8 * F64_U * Math.max(1, Math.abs(w)) },
        `logCosh(${w})`,
      );
    }
  });

  it('logCosh is stable far out, where cosh w overflows', () => {
    // cosh(1000) = ∞ in float64, yet ln cosh w = |w| − ln 2 + ln(1 + e^{−2|w|}) and e^{−2000} = 0.
    expect(Math.cosh(1000)).toBe(Infinity);
    expectClose(logCosh(1000), 1000 - Math.LN2, { rel: F64_U * 2 }, 'logCosh(1000)');
    expectClose(logCosh(-1000), 1000 - Math.LN2, { rel: F64_U * 2 }, 'logCosh(−1000)');
    expect(Number.isFinite(logCosh(1e300))).toBe(true);
  });

  it('loss is log cosh w + 0.002·w⁴', () => {
    for (const w of WS.filter((x) => Math.abs(x) < 700)) {
      const expected = Math.log(Math.cosh(w)) + 0.002 * w ** 4;
      expectClose(
        valley.loss([w]),
        expected,
        { rel: 4 * F64_U, abs: 8 * F64_U * Math.max(1, Math.abs(w)) },
        `L(${w})`,
      );
    }
    // Far out the quartic dominates and nothing overflows: L(1000) = 1000 − ln 2 + 2·10⁹.
    expectClose(valley.loss([1000]), 1000 - Math.LN2 + 2e9, { rel: 4 * F64_U }, 'L(1000)');
  });

  it('gradient is tanh w + 0.008·w³', () => {
    for (const w of WS) {
      expectClose(
        valley.grad([w])[0] ?? NaN,
        Math.tanh(w) + 0.008 * w ** 3,
        { rel: 4 * F64_U, abs: 1e-300 },
        `L'(${w})`,
      );
    }
  });

  it('gradient agrees with finite differences of the loss', () => {
    // h = 1e-5·max(1, |w|): truncation h²/6·|L‴| with |L‴| ≤ 0.8 + 0.048|w| (sech² term ≤ 0.77),
    // rounding 8u·max(1,|w|)·(1 + 0.002w⁴)/h. At |w| ≤ 40 both stay below 2e-7·max(1, |L'|).
    for (const w of WS.filter((x) => Math.abs(x) <= 40)) {
      const h = 1e-5 * Math.max(1, Math.abs(w));
      const g = valley.grad([w])[0] ?? NaN;
      expectClose(
        centralDifference(valley.loss, [w], 0, h),
        g,
        { rel: 2e-7, abs: 2e-7 },
        `FD at ${w}`,
      );
    }
  });

  it('has curvature 1 at the floor, so 1 separates creeping from overshooting', () => {
    // L″(0) = sech²0 + 0.024·0 = 1; the central difference of L' is exact to O(h²·L⁗) ≈ 1e-8.
    const h = 1e-4;
    const grad = (w: number) => valley.grad([w])[0] ?? NaN;
    expectClose((grad(h) - grad(-h)) / (2 * h), 1, { rel: 1e-7 }, "L''(0)");
  });

  it('has its minimum 0 at w = 0', () => {
    expect(valley.minima).toEqual([{ theta: [0], loss: 0, sharpDirection: [1] }]);
    expect(Math.abs(valley.loss([0]))).toBeLessThanOrEqual(F64_U);
    expect(valley.grad([0])).toEqual([0]);
    fc.assert(
      fc.property(fc.double({ min: -1e3, max: 1e3, noNaN: true }), (w) => {
        expect(valley.loss([w])).toBeGreaterThanOrEqual(-F64_U);
      }),
    );
  });

  it('starts every run at the lecture figure’s top-left point w0 = −4', () => {
    expect(valley.start(stream(1, 'init'))).toEqual([-4]);
    expect(valley.defaultLrs).toEqual([0.05, 0.5, 3, 8]);
  });
});

describe('quadratic bowl: L(θ) = ½θᵀHθ, H = R·diag(1, 1/κ)·Rᵀ', () => {
  const kappas = [1, 2, 10, 100, 1000];

  it('bowlHessian has eigenvalues 1 and 1/κ', () => {
    for (const kappa of kappas) {
      const [a, b, c, d] = bowlHessian(kappa);
      // Symmetric, trace λ1 + λ2 = 1 + 1/κ, determinant λ1·λ2 = 1/κ.
      expect(b).toBe(c);
      expectClose(a + d, BOWL_LAMBDA_MAX * (1 + 1 / kappa), { rel: 4 * F64_U }, `trace κ=${kappa}`);
      expectClose(
        a * d - b * c,
        BOWL_LAMBDA_MAX ** 2 / kappa,
        { rel: 16 * F64_U * kappa },
        `det κ=${kappa}`,
      );
      // Eigenvalues of a symmetric 2×2: (tr ± √(tr² − 4 det))/2 = (tr ± √((a − d)² + 4b²))/2.
      const disc = Math.sqrt((a - d) ** 2 + 4 * b * b);
      expectClose((a + d + disc) / 2, 1, { rel: 8 * F64_U }, `λmax κ=${kappa}`);
      expectClose((a + d - disc) / 2, 1 / kappa, { rel: 8 * F64_U * kappa }, `λmin κ=${kappa}`);
    }
  });

  it('has the sharp direction as its top eigenvector and the perpendicular as the flat one', () => {
    for (const kappa of kappas) {
      const scene = quadraticScene(kappa);
      const [a = NaN, b = NaN, , d = NaN] = bowlHessian(kappa);
      const [ux = NaN, uy = NaN] = scene.minima[0]!.sharpDirection;
      expectClose(Math.hypot(ux, uy), 1, { rel: 2 * F64_U }, '|u|');
      expect(Math.atan2(uy, ux)).toBeCloseTo(BOWL_ANGLE, 14);
      // H·u = u and H·v = v/κ with v = (−uy, ux).
      expectClose(a * ux + b * uy, ux, { rel: 0, abs: 16 * F64_U }, 'Hu x');
      expectClose(b * ux + d * uy, uy, { rel: 0, abs: 16 * F64_U }, 'Hu y');
      expectClose(-a * uy + b * ux, -uy / kappa, { rel: 0, abs: 16 * F64_U }, 'Hv x');
      expectClose(-b * uy + d * ux, ux / kappa, { rel: 0, abs: 16 * F64_U }, 'Hv y');
    }
  });

  it('loss is ½(λ1 s² + λ2 f²) in the eigenbasis, and the gradient is Hθ', () => {
    // s = θ·u, f = θ·v: an independent way to write ½θᵀHθ. Both forms sum positive terms up to a
    // cancellation of relative size ≤ κ (θᵀHθ ≥ λmin|θ|²), hence the κ-scaled bound.
    fc.assert(
      fc.property(
        fc.constantFrom(...kappas),
        fc.double({ min: -10, max: 10, noNaN: true }),
        fc.double({ min: -10, max: 10, noNaN: true }),
        (kappa, x, y) => {
          const scene = quadraticScene(kappa);
          const [ux = NaN, uy = NaN] = scene.minima[0]!.sharpDirection;
          const s = x * ux + y * uy;
          const f = -x * uy + y * ux;
          const expected = 0.5 * (s * s + (f * f) / kappa);
          const tol = { rel: 16 * F64_U * kappa, abs: 1e-300 };
          expectClose(scene.loss([x, y]), expected, tol, `L(${x}, ${y})`);
          const [gx = NaN, gy = NaN] = scene.grad([x, y]);
          // ∇L = λ1·s·u + λ2·f·v.
          const gScale = { rel: 0, abs: 16 * F64_U * Math.hypot(x, y) + 1e-300 };
          expectClose(gx, s * ux - (f / kappa) * uy, gScale, 'gx');
          expectClose(gy, s * uy + (f / kappa) * ux, gScale, 'gy');
        },
      ),
    );
  });

  it('gradient agrees with finite differences (exact for a quadratic up to rounding)', () => {
    // L‴ = 0, so the central difference has no truncation error; rounding is ≈ 4u·L/h.
    const scene = quadraticScene(10);
    for (const theta of [
      [-4, 3],
      [0.1, -0.2],
      [5, 5],
      [1e-3, 2],
    ]) {
      const h = 1e-4;
      const g = scene.grad(theta);
      const L = scene.loss(theta);
      for (let p = 0; p < 2; p++) {
        expectClose(
          centralDifference(scene.loss, theta, p, h),
          g[p] ?? NaN,
          { rel: 0, abs: (8 * F64_U * (L + 1)) / h },
          `∂${p} at ${theta}`,
        );
      }
    }
  });

  it('has its one minimum 0 at the origin and a constant Hessian', () => {
    const scene = quadraticScene(10);
    expect(scene.quadratic).toBe(true);
    expect(scene.minima.map((m) => [m.theta, m.loss])).toEqual([[[0, 0], 0]]);
    expect(scene.hessian([3, -1])).toEqual(bowlHessian(10));
    expect(scene.loss([0, 0])).toBe(0);
  });

  it('draws its start from the init stream: the nominal point (−4, 3) ± 0.5', () => {
    // With the pinned uniforms u1, u2 of seed 42069 (tests/core/rng.test.ts):
    // θ0 = (−4 + (2u1 − 1)·0.5, 3 + (2u2 − 1)·0.5).
    const u1 = 0.5253769997507334;
    const u2 = 0.43162533338181674;
    const start = quadraticScene(10).start(stream(42069, 'init'));
    expect(start).toEqual([-4 + (2 * u1 - 1) * 0.5, 3 + (2 * u2 - 1) * 0.5]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        const [x = NaN, y = NaN] = quadraticScene(10).start(stream(seed, 'init'));
        expect(Math.abs(x + 4)).toBeLessThanOrEqual(0.5);
        expect(Math.abs(y - 3)).toBeLessThanOrEqual(0.5);
      }),
    );
  });
});

describe('makeScene', () => {
  it('builds every scene id, with the κ option reaching the bowl', () => {
    // A user's table is found by its file's hash: the fixture is loaded as one.
    const user = loadFixtureTable();
    for (const id of SCENE_IDS) {
      expect(makeScene(id, { kappa: 10, ...(id === 'csv' ? user : {}) }).id).toBe(id);
    }
    const flat = makeScene('quadratic', { kappa: 100 });
    // Along the flat eigenvector v the loss is ½·|θ|²/κ.
    const [ux = NaN, uy = NaN] = flat.minima[0]!.sharpDirection;
    expectClose(flat.loss([-uy, ux]), 0.5 / 100, { rel: 1e-14 }, 'L(v) at κ=100');
  });
});
