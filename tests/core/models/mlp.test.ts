import { describe, expect, it } from 'vitest';
import {
  mlpInit,
  mlpLayout,
  mlpLoss,
  mlpLossAndGrad,
  mlpPredict,
  type MlpLayout,
} from '../../../src/core/models/mlp';
import { normal, stream } from '../../../src/core/rng';
import { expectClose, F64_U, gammaOf } from '../../helpers/numeric';

/** n samples of F standard-normal features and targets, from the 'data' stream. */
function data(seed: number, n: number, F: number): { x: Float64Array; y: Float64Array } {
  const rng = stream(seed, 'data');
  const x = Float64Array.from({ length: n * F }, () => normal(rng));
  const y = Float64Array.from({ length: n }, () => normal(rng));
  return { x, y };
}

describe('mlpLayout', () => {
  it('lays out W row-major [in, out] then b, layer by layer', () => {
    // F = 3, width 4, depth 2: W0 3×4 (12) b0 (4) | W1 4×4 (16) b1 (4) | W2 4×1 (4) b2 (1):
    // offsets 0, 12, 16, 32, 36, 40 and P = 41 = (F + 1)·w + (depth − 1)(w + 1)·w + w + 1.
    const layout = mlpLayout(3, 4, 2);
    expect(layout.P).toBe(41);
    expect(layout.layers).toEqual([
      { w: { offset: 0, rows: 3, cols: 4 }, b: { offset: 12, size: 4 } },
      { w: { offset: 16, rows: 4, cols: 4 }, b: { offset: 32, size: 4 } },
      { w: { offset: 36, rows: 4, cols: 1 }, b: { offset: 40, size: 1 } },
    ]);
  });

  it('depth 0 is linear regression: P = F + 1 and the width is ignored', () => {
    const layout = mlpLayout(5, 99, 0);
    expect(layout.P).toBe(6);
    expect(layout.width).toBe(0);
    expect(layout.layers).toEqual([
      { w: { offset: 0, rows: 5, cols: 1 }, b: { offset: 5, size: 1 } },
    ]);
  });

  it('matches the closed-form P for many shapes', () => {
    for (const F of [1, 2, 7])
      for (const width of [1, 3, 16])
        for (const depth of [1, 2, 3]) {
          const P = (F + 1) * width + (depth - 1) * (width + 1) * width + width + 1;
          expect(mlpLayout(F, width, depth).P).toBe(P);
        }
  });

  it('rejects impossible shapes', () => {
    expect(() => mlpLayout(0, 4, 1)).toThrow(/features/);
    expect(() => mlpLayout(2, 0, 1)).toThrow(/width/);
    expect(() => mlpLayout(2, 4, -1)).toThrow(/depth/);
    expect(() => mlpLayout(2.5, 4, 1)).toThrow(/features/);
  });
});

describe('mlpInit', () => {
  it('draws W = a·(2u − 1), a = √(6/(fan_in + fan_out)), in θ order, biases 0', () => {
    // F = 3, width 4, depth 1: W0 has a = √(6/7); W1 (4×1) has a = √(6/5). The first uniforms of
    // stream(42069, 'init') are pinned in tests/core/rng.test.ts: 0.5253769997507334, …
    const layout = mlpLayout(3, 4, 1);
    const theta = mlpInit(layout, stream(42069, 'init'));
    const u = stream(42069, 'init');
    const expected = new Float64Array(layout.P);
    for (let i = 0; i < 12; i++) expected[i] = Math.sqrt(6 / 7) * (2 * u() - 1);
    for (let i = 16; i < 20; i++) expected[i] = Math.sqrt(6 / 5) * (2 * u() - 1);
    expect(theta).toEqual(expected);
    expect(theta[0]).toBe(Math.sqrt(6 / 7) * (2 * 0.5253769997507334 - 1));
    expect(Array.from(theta.subarray(12, 16))).toEqual([0, 0, 0, 0]);
    expect(theta[20]).toBe(0);
  });

  it('has the Glorot variance 2/(fan_in + fan_out)', () => {
    // U(−a, a) has variance a²/3 = 2/(fan_in + fan_out). For n = 10 000 draws the sample mean of w²
    // has standard error √((E w⁴ − (E w²)²)/n) = √((a⁴/5 − a⁴/9)/n) = a²·√(4/45)/100 ≈ 0.003·a²,
    // i.e. 0.9 % of a²/3; allow 5 standard errors (4.5 %). The mean: σ/√n = 1 % of σ, allow 5 σ.
    const layout = mlpLayout(100, 100, 1); // W0 is 100×100: fan_in + fan_out = 200.
    const theta = mlpInit(layout, stream(3, 'init'));
    const w = theta.subarray(0, 10_000);
    const mean = w.reduce((s, v) => s + v, 0) / w.length;
    const meanSq = w.reduce((s, v) => s + v * v, 0) / w.length;
    const a = Math.sqrt(6 / 200);
    expect(Math.max(...w)).toBeLessThan(a);
    expect(Math.min(...w)).toBeGreaterThanOrEqual(-a);
    expectClose(meanSq, 2 / 200, { rel: 0.045 }, 'E w²');
    expect(Math.abs(mean)).toBeLessThan(5 * Math.sqrt(2 / 200) * 0.01);
  });

  it('is reproducible per seed and differs between seeds', () => {
    const layout = mlpLayout(4, 8, 2);
    expect(mlpInit(layout, stream(1, 'init'))).toEqual(mlpInit(layout, stream(1, 'init')));
    expect(mlpInit(layout, stream(1, 'init'))).not.toEqual(mlpInit(layout, stream(2, 'init')));
  });
});

describe('mlpLoss and mlpLossAndGrad by hand', () => {
  it('linear regression (depth 0), plain and weighted', () => {
    // θ = (w1, w2, b) = (2, −1, 0.5); x = [[1, 2], [3, 0]]; y = [1, 6].
    // ŷ = (2 − 2 + 0.5, 6 + 0.5) = (0.5, 6.5), r = ŷ − y = (−0.5, 0.5), L = (0.25 + 0.25)/2 = 0.25.
    // ∇_w = (2/n)·Σ r·x = −0.5·(1, 2) + 0.5·(3, 0) = (1, −1); ∇_b = (2/n)·Σ r = 0.
    // Weights (3, 1): L = (3·0.25 + 0.25)/4 = 0.25; ∇_w = (2/4)·(3·(−0.5)·(1, 2) + 0.5·(3, 0))
    // = 0.5·(0, −3) = (0, −1.5); ∇_b = 0.5·(−1.5 + 0.5) = −0.5. All exact in binary.
    const layout = mlpLayout(2, 0, 0);
    const theta = [2, -1, 0.5];
    const x = [1, 2, 3, 0];
    const y = [1, 6];
    expect(Array.from(mlpPredict(layout, theta, x))).toEqual([0.5, 6.5]);
    expect(mlpLoss(layout, theta, x, y)).toBe(0.25);
    const plain = mlpLossAndGrad(layout, theta, x, y);
    expect(plain.loss).toBe(0.25);
    expect(Array.from(plain.grad)).toEqual([1, -1, 0]);
    const weighted = mlpLossAndGrad(layout, theta, x, y, [3, 1]);
    expect(mlpLoss(layout, theta, x, y, [3, 1])).toBe(0.25);
    expect(weighted.loss).toBe(0.25);
    expect(Array.from(weighted.grad)).toEqual([0, -1.5, -0.5]);
  });

  it('one tanh unit, at tanh(ln 2) = 0.6', () => {
    // θ = (w1, b1, w2, b2) = (ln 2, 0, 2, 1), x = 1, y = 1: z = ln 2, a = tanh(ln 2)
    // = (2 − ½)/(2 + ½) = 0.6, ŷ = 2·0.6 + 1 = 2.2, r = 1.2, L = 1.44.
    // ∂L/∂b2 = 2r = 2.4; ∂L/∂w2 = 2r·a = 1.44; ∂L/∂z = 2r·w2·(1 − a²) = 2.4·2·0.64 = 3.072 =
    // ∂L/∂w1 (x = 1) = ∂L/∂b1. Math.tanh and ln 2 are within a few ulps: rel 1e-14.
    const layout = mlpLayout(1, 1, 1);
    const { loss, grad } = mlpLossAndGrad(layout, [Math.LN2, 0, 2, 1], [1], [1]);
    const tol = { rel: 1e-14 };
    expectClose(loss, 1.44, tol, 'loss');
    [3.072, 3.072, 1.44, 2.4].forEach((g, i) => expectClose(grad[i]!, g, tol, `grad[${i}]`));
  });

  it('padding of weight 0 changes nothing; a batch of padding only has loss and gradient 0', () => {
    const layout = mlpLayout(3, 5, 2);
    const theta = mlpInit(layout, stream(4, 'init'));
    const { x, y } = data(4, 6, 3);
    // The same 6 samples with 2 padding rows (zeros) at the end: the sums see the same terms in
    // the same order and Σw is the same 6, so the results are bit for bit equal.
    const xPad = new Float64Array(8 * 3);
    xPad.set(x);
    const yPad = new Float64Array(8);
    yPad.set(y);
    const w = [1, 1, 1, 1, 1, 1, 0, 0];
    const plain = mlpLossAndGrad(layout, theta, x, y);
    const padded = mlpLossAndGrad(layout, theta, xPad, yPad, w);
    expect(padded.loss).toBe(plain.loss);
    expect(padded.grad).toEqual(plain.grad);
    expect(mlpLoss(layout, theta, xPad, yPad, w)).toBe(plain.loss);
    expect(mlpLoss(layout, theta, x, y)).toBe(plain.loss);
    const none = mlpLossAndGrad(layout, theta, xPad, yPad, new Float64Array(8));
    expect(none.loss).toBe(0);
    expect(none.grad.every((g) => g === 0)).toBe(true);
    expect(mlpLoss(layout, theta, xPad, yPad, new Float64Array(8))).toBe(0);
  });

  it('rejects data of the wrong size', () => {
    const layout = mlpLayout(2, 3, 1);
    const theta = new Float64Array(layout.P);
    expect(() => mlpLoss(layout, theta.subarray(1), [1, 2], [1])).toThrow(/θ has/);
    expect(() => mlpLoss(layout, theta, [1, 2, 3], [1])).toThrow(/multiple/);
    expect(() => mlpLoss(layout, theta, [1, 2], [1, 2])).toThrow(/targets/);
    expect(() => mlpLossAndGrad(layout, theta, [1, 2], [1], [1, 1])).toThrow(/weights/);
  });
});

/**
 * A bound on the float64 rounding error of mlpLoss at θ (standard running error analysis, Higham,
 * "Accuracy and Stability of Numerical Algorithms", §3.1): a sum of m rounded terms errs by at
 * most γ_m·Σ|terms| with γ_m = m·u/(1 − m·u), and errors already in the inputs pass through with
 * their coefficients. Per sample, forward:
 *
 *   e(z_j) ≤ Σ_i |W_ij|·e(a_i) + γ_{fan_in+1}·(|b_j| + Σ_i |W_ij||a_i|)
 *   e(tanh z) ≤ e(z) + 2u·|tanh z|          (tanh′ ≤ 1; Math.tanh within an ulp, then a rounding)
 *   e(r) ≤ e(ŷ) + u·(|ŷ| + |y|)
 *   loss = Σ w·r² / Σ w: e ≤ Σ ŵ·(2|r|·e(r) + e(r)²) + γ_{n+4}·Σ ŵ·r²  (ŵ = w/Σw; the
 *   products w·r·r, the n-term sum and the division; Σ w of small integers is exact).
 */
function lossRoundingBound(
  layout: MlpLayout,
  theta: ArrayLike<number>,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  weights?: ArrayLike<number>,
): number {
  const u = F64_U;
  const n = y.length;
  const F = layout.features;
  let total = 0;
  for (let s = 0; s < n; s++) total += weights ? weights[s]! : 1;
  let bound = 0;
  let sumSq = 0;
  for (let s = 0; s < n; s++) {
    const wHat = (weights ? weights[s]! : 1) / total;
    let a = Array.from({ length: F }, (_, i) => x[s * F + i]!);
    let e = a.map(() => 0);
    for (const [l, { w, b }] of layout.layers.entries()) {
      const za: number[] = [];
      const ez: number[] = [];
      for (let j = 0; j < w.cols; j++) {
        let z = theta[b.offset + j]!;
        let mag = Math.abs(z);
        let err = 0;
        for (let i = 0; i < w.rows; i++) {
          const wij = theta[w.offset + i * w.cols + j]!;
          z += a[i]! * wij;
          mag += Math.abs(a[i]! * wij);
          err += Math.abs(wij) * e[i]!;
        }
        za.push(z);
        ez.push(err + gammaOf(w.rows + 1, u) * mag);
      }
      const last = l === layout.depth;
      a = last ? za : za.map(Math.tanh);
      e = last ? ez : ez.map((v, j) => v + 2 * u * Math.abs(a[j]!));
    }
    const r = a[0]! - y[s]!;
    const er = e[0]! + u * (Math.abs(a[0]!) + Math.abs(y[s]!));
    bound += wHat * (2 * Math.abs(r) * er + er * er);
    sumSq += wHat * r * r;
  }
  return bound + gammaOf(n + 4, u) * sumSq;
}

describe('mlpLossAndGrad against central differences', () => {
  /**
   * D(h) = (L(θ + h·e_i) − L(θ − h·e_i))/(2h) = g_i + h²·L‴/6 + O(h⁴). Richardson: D(2h) − D(h)
   * = 3·h²·L‴/6 + O(h⁴), so |D(2h) − D(h)| is about 3 times the truncation error of D(h): used as
   * the truncation allowance (a factor 3 of headroom). Rounding: each loss errs by at most ε
   * (`lossRoundingBound`, at θ, whose neighbours at distance h differ negligibly), so D(h) by ε/h
   * and the difference D(2h) − D(h) by 1.5·ε/h more: allow 3ε/h. h = 2⁻¹⁴ ≈ 6e-5 balances the two
   * (truncation ~1e-10·L‴, rounding ~1e4·ε). The steps are taken as the representable
   * (θ_i + h) − θ_i. The tolerance itself must stay ≤ 1e-6·(1 + ‖g‖∞), or the test could not fail.
   */
  const cases: [string, MlpLayout, number][] = [
    ['depth 0, F = 3', mlpLayout(3, 0, 0), 10],
    ['depth 1, width 1', mlpLayout(1, 1, 1), 11],
    ['depth 1, width 8, F = 4', mlpLayout(4, 8, 1), 12],
    ['depth 2, width 5, F = 3', mlpLayout(3, 5, 2), 13],
    ['depth 3, width 4, F = 2', mlpLayout(2, 4, 3), 14],
  ];
  for (const [name, layout, seed] of cases) {
    it(name, () => {
      // Weights 1.5× Glorot and biases N(0, 0.25) so the tanh units work off their linear part.
      const init = stream(seed, 'init');
      const theta = mlpInit(layout, init).map((v) => 1.5 * v);
      for (const { b } of layout.layers) {
        for (let j = 0; j < b.size; j++) theta[b.offset + j] = 0.5 * normal(init);
      }
      const { x, y } = data(seed, 9, layout.features);
      const { loss, grad } = mlpLossAndGrad(layout, theta, x, y);
      expect(loss).toBe(mlpLoss(layout, theta, x, y));
      const eps = lossRoundingBound(layout, theta, x, y);
      const gMax = Math.max(...grad.map(Math.abs));
      const h = 2 ** -14;
      const central = (i: number, step: number) => {
        const plus = Float64Array.from(theta);
        const minus = Float64Array.from(theta);
        plus[i] = theta[i]! + step;
        minus[i] = theta[i]! - step;
        const span = plus[i]! - theta[i]! + (theta[i]! - minus[i]!);
        return (mlpLoss(layout, plus, x, y) - mlpLoss(layout, minus, x, y)) / span;
      };
      for (let i = 0; i < layout.P; i++) {
        const d1 = central(i, h);
        const d2 = central(i, 2 * h);
        const tol = Math.abs(d2 - d1) + (3 * eps) / h;
        expect(tol, `tolerance at ${i}`).toBeLessThan(1e-6 * (1 + gMax));
        expectClose(grad[i]!, d1, { rel: 0, abs: tol }, `∂L/∂θ[${i}]`);
      }
    });
  }

  it('weighted samples: the gradient of Σ w·r²/Σ w', () => {
    const layout = mlpLayout(2, 3, 1);
    const theta = mlpInit(layout, stream(20, 'init')).map((v) => 2 * v);
    const { x, y } = data(20, 5, 2);
    const w = [0.5, 2, 0, 1, 3];
    const { loss, grad } = mlpLossAndGrad(layout, theta, x, y, w);
    expect(loss).toBe(mlpLoss(layout, theta, x, y, w));
    // Same difference scheme and rounding bound as above, with the weights.
    const eps = lossRoundingBound(layout, theta, x, y, w);
    const h = 2 ** -14;
    for (let i = 0; i < layout.P; i++) {
      const at = (step: number) => {
        const p = Float64Array.from(theta);
        const m = Float64Array.from(theta);
        p[i] = theta[i]! + step;
        m[i] = theta[i]! - step;
        return (
          (mlpLoss(layout, p, x, y, w) - mlpLoss(layout, m, x, y, w)) /
          (p[i]! - theta[i]! + (theta[i]! - m[i]!))
        );
      };
      const d1 = at(h);
      const tol = Math.abs(at(2 * h) - d1) + (3 * eps) / h;
      expectClose(grad[i]!, d1, { rel: 0, abs: tol }, `∂L/∂θ[${i}]`);
    }
  });
});
