import { describe, expect, it } from 'vitest';
import { leastSquares, mseHessian, mseLoss } from '../../../src/core/data/leastSquares';
import { identity } from '../../../src/core/data/split';
import { linearData } from '../../../src/core/data/synthetic';
import { symmetricEigenvalues } from '../../../src/core/stability';
import { expectClose } from '../../helpers/numeric';

const f64 = (a: number[]) => Float64Array.from(a);
const all = (n: number) => identity(n);

describe('leastSquares', () => {
  it('recovers a line exactly from points on it', () => {
    // y = 3x − 2 at x = −1, 0.5, 2, 7: residuals 0, so w = 3, b = −2 and loss 0 up to rounding.
    const x = f64([-1, 0.5, 2, 7]);
    const y = x.map((v) => 3 * v - 2);
    const ls = leastSquares(x, y, all(4));
    expectClose(ls.w, 3, { rel: 1e-14 }, 'w');
    expectClose(ls.b, -2, { rel: 1e-14 }, 'b');
    expectClose(ls.loss, 0, { rel: 0, abs: 1e-28 }, 'loss');
  });

  it('matches a worked example', () => {
    // x = 0, 1, 2; y = 1, 2, 4: x̄ = 1, ȳ = 7/3, Σ(x − x̄)(y − ȳ) = (−1)(−4/3) + 0 + (1)(5/3) = 3,
    // Σ(x − x̄)² = 2 → w = 3/2, b = 7/3 − 3/2 = 5/6. Residuals −1/6, 1/3, −1/6, so
    // L = (1/36 + 4/36 + 1/36)/3 = 1/18.
    const ls = leastSquares(f64([0, 1, 2]), f64([1, 2, 4]), all(3));
    expectClose(ls.w, 1.5, { rel: 1e-15 }, 'w');
    expectClose(ls.b, 5 / 6, { rel: 1e-15 }, 'b');
    expectClose(ls.loss, 1 / 18, { rel: 1e-14 }, 'loss');
  });

  it('agrees with the uncentred normal equations solved by Cramer’s rule, on noisy data', () => {
    // [Sxx Sx; Sx m][w; b] = [Sxy; Sy]: det = m·Sxx − Sx², w = (m·Sxy − Sx·Sy)/det,
    // b = (Sxx·Sy − Sx·Sxy)/det. Inputs on [−3, 5], so this form loses little here.
    const d = linearData(7, 500, { w: -1.3, b: 4, sigma: 2, xRange: [-3, 5] });
    const rows = Int32Array.from({ length: 300 }, (_, k) => k + 100);
    let [sx, sy, sxx, sxy] = [0, 0, 0, 0];
    for (const i of rows) {
      sx += d.x[i]!;
      sy += d.y[i]!;
      sxx += d.x[i]! ** 2;
      sxy += d.x[i]! * d.y[i]!;
    }
    const m = rows.length;
    const det = m * sxx - sx * sx;
    const ls = leastSquares(d.x, d.y, rows);
    expectClose(ls.w, (m * sxy - sx * sy) / det, { rel: 1e-12 }, 'w');
    expectClose(ls.b, (sxx * sy - sx * sxy) / det, { rel: 1e-12 }, 'b');
    // At the minimiser the gradient (2/m)Σ rᵢ(xᵢ, 1) vanishes.
    let gw = 0;
    let gb = 0;
    for (const i of rows) {
      const r = ls.w * d.x[i]! + ls.b - d.y[i]!;
      gw += (2 / m) * r * d.x[i]!;
      gb += (2 / m) * r;
    }
    expectClose(gw, 0, { rel: 0, abs: 1e-12 }, '∂L/∂w');
    expectClose(gb, 0, { rel: 0, abs: 1e-12 }, '∂L/∂b');
    // And it is a minimum: nudging either parameter raises the loss.
    for (const [dw, db] of [
      [1e-3, 0],
      [0, 1e-3],
      [-1e-3, 1e-3],
    ] as const) {
      expect(mseLoss(d.x, d.y, rows, ls.w + dw, ls.b + db)).toBeGreaterThan(ls.loss);
    }
  });

  it('fits the given rows only', () => {
    // Row 3 is an outlier off the line y = x; leaving it out gives the line back exactly.
    const x = f64([0, 1, 2, 3]);
    const y = f64([0, 1, 2, 100]);
    const ls = leastSquares(x, y, Int32Array.from([0, 1, 2]));
    expectClose(ls.w, 1, { rel: 1e-15 }, 'w');
    expectClose(ls.b, 0, { rel: 0, abs: 1e-15 }, 'b');
  });

  it('throws when all x are equal (the slope is undetermined) or there are no rows', () => {
    expect(() => leastSquares(f64([2, 2]), f64([1, 3]), all(2))).toThrow(RangeError);
    expect(() => leastSquares(f64([2, 2]), f64([1, 3]), new Int32Array(0))).toThrow(RangeError);
    expect(() => leastSquares(f64([2, 2]), f64([1, 3]), Int32Array.from([2]))).toThrow(RangeError);
  });
});

describe('mseHessian', () => {
  it('is (2/m)XᵀX, with eigenvalues from the 2×2 formula and from Jacobi', () => {
    // x = 0, 1, 2: Σx² = 5, Σx = 3, m = 3 → H = [10/3, 2; 2, 2].
    // λ = (a + d)/2 ± √(((a − d)/2)² + c²) = 8/3 ± √(4/9 + 4) = (8 ± 2√10)/3 ≈ 4.775, 0.558;
    // det = 20/3 − 4 = 8/3 = 4·Var(x) with Var(x) = 5/3 − 1 = 2/3.
    const H = mseHessian(f64([0, 1, 2]), all(3));
    const expected = [10 / 3, 2, 2, 2];
    H.forEach((h, k) => expectClose(h, expected[k]!, { rel: 1e-15 }, `H[${k}]`));
    const [lo, hi] = symmetricEigenvalues(H, 2);
    expectClose(hi!, (8 + 2 * Math.sqrt(10)) / 3, { rel: 1e-14 }, 'λmax');
    expectClose(lo!, (8 - 2 * Math.sqrt(10)) / 3, { rel: 1e-14 }, 'λmin');
    expectClose(lo! * hi!, 8 / 3, { rel: 1e-14 }, 'det');
  });

  it('is the second difference of the loss, which is exact for a quadratic up to rounding', () => {
    const d = linearData(3, 200, { w: 0.7, b: -2, sigma: 1, xRange: [0, 4] });
    const rows = all(200);
    const L = (w: number, b: number) => mseLoss(d.x, d.y, rows, w, b);
    const h = 1e-2;
    const [w0, b0] = [0.3, 0.1];
    const Hww = (L(w0 + h, b0) - 2 * L(w0, b0) + L(w0 - h, b0)) / h ** 2;
    const Hbb = (L(w0, b0 + h) - 2 * L(w0, b0) + L(w0, b0 - h)) / h ** 2;
    const Hwb =
      (L(w0 + h, b0 + h) - L(w0 + h, b0 - h) - L(w0 - h, b0 + h) + L(w0 - h, b0 - h)) / (4 * h * h);
    const H = mseHessian(d.x, rows);
    expectClose(H[0], Hww, { rel: 1e-8 }, 'Hww');
    expectClose(H[1], Hwb, { rel: 1e-8 }, 'Hwb');
    expectClose(H[2], Hwb, { rel: 1e-8 }, 'Hbw');
    expectClose(H[3], Hbb, { rel: 1e-8 }, 'Hbb');
  });
});

describe('gradient descent on the MSE', () => {
  // θ ← θ − η∇L with ∇L = (2/m)Σ rᵢ(xᵢ, 1), rᵢ = w·xᵢ + b − yᵢ, in float64.
  function gd(x: Float64Array, y: Float64Array, eta: number, steps: number): [number, number] {
    let [w, b] = [0, 0];
    const m = x.length;
    for (let t = 0; t < steps; t++) {
      let gw = 0;
      let gb = 0;
      for (let i = 0; i < m; i++) {
        const r = w * x[i]! + b - y[i]!;
        gw += (2 / m) * r * x[i]!;
        gb += (2 / m) * r;
      }
      w -= eta * gw;
      b -= eta * gb;
      if (!Number.isFinite(w)) break;
    }
    return [w, b];
  }

  const d = linearData(42069, 100, { w: 1.5, b: -0.5, sigma: 0.3, xRange: [-1, 3] });
  const H = mseHessian(d.x, all(100));
  const [lmin, lmax] = symmetricEigenvalues(H, 2) as [number, number];
  const ls = leastSquares(d.x, d.y, all(100));

  it('converges to the closed-form solution below 2/λmax', () => {
    // Best fixed step 2/(λmin + λmax): the error shrinks by (κ − 1)/(κ + 1) per step.
    const eta = 2 / (lmin + lmax);
    const rate = (lmax - lmin) / (lmax + lmin);
    const steps = Math.ceil(Math.log(1e-13) / Math.log(rate));
    const [w, b] = gd(d.x, d.y, eta, steps);
    expectClose(w, ls.w, { rel: 1e-9 }, 'w');
    expectClose(b, ls.b, { rel: 1e-9, abs: 1e-9 }, 'b');
  });

  it('diverges just above 2/λmax', () => {
    const [w] = gd(d.x, d.y, 2.05 / lmax, 2000);
    expect(Math.abs(w) > 1e6 || !Number.isFinite(w)).toBe(true);
  });
});
