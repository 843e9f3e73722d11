import { beforeAll, describe, expect, it } from 'vitest';
import { normal, stream } from '../../src/core/rng';
import { makeScene } from '../../src/core/scenes';
import { LOG_COSH_SWITCH, VALLEY_QUARTIC } from '../../src/core/scenes/valley';
import { sceneOps } from '../../src/train/sceneLoss';
import type { BatchedLoss } from '../../src/train/sceneLoss';
import {
  closedFormGradient,
  hessianVectorProduct,
  sharpness,
  type CurvatureSource,
} from '../../src/train/sharpness';
import type { Tensor1D, Tensor2D } from '../../src/train/tf';
import { expectClose, F32_U } from '../helpers/numeric';
import { NODE_BACKENDS, tf, useBackend } from '../helpers/tfjs';

/**
 * Tolerances (u = 2^-24; every test input is an exact float32 number, so only the ops' rounding and,
 * for the eigenvalues, power iteration's convergence count):
 *
 * - Quadratic Hv: entry i is Σ_j H_ij v_j from P = 2 rounded products and sums (plus, by double
 *   backprop of ½θ·θH, the average of two such paths, the ½ exact), and H itself is the float64
 *   bowl rounded to float32 (u per entry): ≲ 5u·Σ_j |H_ij v_j|. Allowed: 8u·Σ_j |H_ij v_j|.
 * - Valley Hv, L'' = (1 − tanh²w) + 12a·w²: through the closed-form gradient, 1 − y² with y =
 *   float32 tanh w (≤ 2 ulp on either backend) errs by ≲ 6u absolute (cancellation as y → 1, but
 *   1 − tanh² ≤ 1), and 12a·w² comes from ~5 rounded products: ≲ 6u·(1 + 12a·w²). Allowed
 *   8u·(1 + 12a·w²)·|v| (measured ≤ 1.4u·(1 + 12a·w²)). By double backprop of the log cosh form,
 *   sech²w is the difference of two product-rule terms of size ≤ 1, each ~6 rounded ops: ≲ 12u
 *   absolute; allowed 16u·(1 + 12a·w²)·|v| (measured ≤ 3.3u·(1 + 12a·w²)).
 * - Eigenvalues: the Rayleigh quotient (v·Hv)/(v·v) of the last v adds ~3 roundings to those of Hv;
 *   power iteration's own error, ∝ (λ₂/λ₁)^(2·19) for 20 products, is below 1e-12 relative for every
 *   matrix here whose first pass settles (|λ₂/λ₁| ≤ 1/2; κ = 1: every vector is an eigenvector).
 *   The ±ρ ties and near-ties (|λ₂/λ₁| ≥ 0.8) are left to the second pass on H + ρ̂I, whose ratio
 *   (λ₂ + ρ̂)/(λmax + ρ̂) is ≤ 0.1 for all of them. Tolerances per case.
 */
const u = F32_U;

/** Test-local L = ½ θ_kᵀ A_k θ_k with one symmetric P×P matrix per row (A: [M, P, P]). */
function perRowQuadratic(A: Float32Array, rows: number, P: number) {
  const a = tf.tensor3d(A, [rows, P, P]);
  const loss: BatchedLoss = (theta) => {
    const t = tf.reshape(theta, [-1, 1, P]);
    return tf.mul(tf.sum(tf.mul(t, tf.matMul(t, a)), [1, 2]), 0.5) as Tensor1D;
  };
  return { loss, dispose: () => a.dispose() };
}

/** R(φ)·diag(λa, λb)·R(φ)ᵀ, row-major. */
function rotated(la: number, lb: number, phi: number): [number, number, number, number] {
  const c = Math.cos(phi);
  const s = Math.sin(phi);
  const off = (la - lb) * c * s;
  return [la * c * c + lb * s * s, off, off, la * s * s + lb * c * c];
}

/** Eigenvalues of the symmetric 2×2 [[a, b], [b, c]], largest first. */
function eig2(a: number, b: number, c: number): [number, number] {
  const mid = (a + c) / 2;
  const rad = Math.hypot((a - c) / 2, b);
  return [mid + rad, mid - rad];
}

/**
 * The valley's tfjs loss with `tf.minimum(a, S)` written as `a − relu(a − S)` (equal wherever the
 * sinh branch is used, a ≤ S): Minimum's gradient uses LessEqual, which has no gradient, so the
 * original cannot be differentiated twice; everything else in it can.
 */
const valleyWithoutMinimum: BatchedLoss = (theta) => {
  const a = tf.abs(theta);
  const clamped = tf.sub(a, tf.relu(tf.sub(a, LOG_COSH_SWITCH)));
  const near = tf.log1p(tf.mul(tf.square(tf.sinh(tf.mul(clamped, 0.5))), 2));
  const far = tf.add(tf.sub(a, Math.LN2), tf.log1p(tf.exp(tf.mul(a, -2))));
  const mask = tf.step(tf.sub(LOG_COSH_SWITCH, a));
  const logCosh = tf.add(tf.mul(mask, near), tf.mul(tf.sub(1, mask), far));
  const quartic = tf.mul(tf.square(tf.square(theta)), VALLEY_QUARTIC);
  return tf.reshape(tf.add(logCosh, quartic), [-1]) as Tensor1D;
};

/** Valley test points: the drawn view, the switch at |w| = 10, far out, and around 0. */
const VALLEY_WS = (() => {
  const ws = [-1000, -100, -40, -12, -10, 12, 40, 100, 1000, 0, 1e-30, -1e-3];
  for (let i = 0; i <= 400; i++) ws.push(-5 + i / 40);
  return Float32Array.from(ws);
})();

describe.each(NODE_BACKENDS)('sharpness on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  describe('hessianVectorProduct', () => {
    it.each([1, 10, 100, 1000])(
      'quadratic κ = %d: double backprop of the loss and one backprop of the closed-form gradient give H·v',
      async (kappa) => {
        const scene = makeScene('quadratic', { kappa });
        const ops = sceneOps(tf, 'quadratic', { kappa });
        const rng = stream(7, 'data');
        const rows = 32;
        const th = Float32Array.from({ length: rows * 2 }, () => 10 * normal(rng));
        const vs = Float32Array.from({ length: rows * 2 }, () => normal(rng));
        const before = tf.memory().numTensors;
        const theta = tf.tensor2d(th, [rows, 2]);
        const v = tf.tensor2d(vs, [rows, 2]);
        for (const [name, source] of [
          ['double backprop', ops.loss],
          ['closed-form gradient', closedFormGradient(ops)],
        ] as const) {
          const hv = hessianVectorProduct(tf, source, theta, v);
          expect(hv.shape).toEqual([rows, 2]);
          const got = await hv.data();
          hv.dispose();
          for (let k = 0; k < rows; k++) {
            const H = scene.hessian([th[2 * k]!, th[2 * k + 1]!]);
            for (let i = 0; i < 2; i++) {
              const t0 = H[2 * i]! * vs[2 * k]!;
              const t1 = H[2 * i + 1]! * vs[2 * k + 1]!;
              expectClose(
                got[2 * k + i]!,
                t0 + t1,
                { rel: 0, abs: 8 * u * (Math.abs(t0) + Math.abs(t1)) },
                `${name}, row ${k}, (Hv)_${i}`,
              );
            }
          }
        }
        tf.dispose([theta, v]);
        expect(tf.memory().numTensors).toBe(before);
        ops.dispose();
      },
    );

    it.each([
      ['closed-form gradient (one backprop)', 8],
      ['double backprop, tf.minimum rewritten', 16],
    ] as const)("valley: %s gives L''(w)·v", async (name, allowed) => {
      const scene = makeScene('valley', { kappa: 1 });
      const ops = sceneOps(tf, 'valley', { kappa: 1 });
      const source: CurvatureSource = name.startsWith('closed')
        ? closedFormGradient(ops)
        : valleyWithoutMinimum;
      const n = VALLEY_WS.length;
      const vs = Float32Array.from({ length: n }, (_, i) => [1, -0.75, 3][i % 3]!);
      const before = tf.memory().numTensors;
      const theta = tf.tensor2d(VALLEY_WS, [n, 1]);
      const v = tf.tensor2d(vs, [n, 1]);
      const hv = hessianVectorProduct(tf, source, theta, v);
      const got = await hv.data();
      tf.dispose([theta, v, hv]);
      ops.dispose();
      expect(tf.memory().numTensors).toBe(before);
      for (let i = 0; i < n; i++) {
        const w = VALLEY_WS[i]!;
        const scale = (1 + 12 * VALLEY_QUARTIC * w * w) * Math.abs(vs[i]!);
        expectClose(
          got[i]!,
          scene.hessian([w])[0]! * vs[i]!,
          { rel: 0, abs: allowed * u * scale },
          `w = ${w}`,
        );
      }
    });

    // The two tfjs 4.22 limitations that decide which CurvatureSource to use (src/train/sharpness.ts).
    // If an upgrade fixes them these tests fail: then update the file comment there.
    it('tfjs limitation: double backprop through tf.minimum throws (LessEqual has no gradient)', () => {
      const ops = sceneOps(tf, 'valley', { kappa: 1 });
      const theta = tf.tensor2d([0.5, -2], [2, 1]);
      const v = tf.onesLike(theta);
      expect(() => hessianVectorProduct(tf, ops.loss, theta, v)).toThrow(/LessEqual/);
      tf.dispose([theta, v]);
      ops.dispose();
    });

    it('tfjs limitation: double backprop drops the second-order term of exp and tanh', async () => {
      const x = 0.5;
      const theta = tf.tensor2d([x], [1, 1]);
      const v = tf.onesLike(theta);
      const cases: [BatchedLoss, number, number][] = [
        // [loss, what tfjs returns (the other term alone), the true second derivative]
        [
          (t) => tf.reshape(tf.add(tf.tanh(t), tf.mul(tf.square(t), t)), [-1]) as Tensor1D,
          6 * x,
          6 * x - 2 * Math.tanh(x) * (1 - Math.tanh(x) ** 2),
        ],
        [(t) => tf.reshape(tf.add(tf.exp(t), tf.square(t)), [-1]) as Tensor1D, 2, 2 + Math.exp(x)],
      ];
      for (const [loss, dropped, truth] of cases) {
        const hv = hessianVectorProduct(tf, loss, theta, v);
        const [got] = await hv.data();
        hv.dispose();
        expectClose(got!, dropped, { rel: 4 * u }, 'autodiff');
        expect(Math.abs(got! - truth)).toBeGreaterThan(0.1);
      }
      tf.dispose([theta, v]);
    });
  });

  describe('sharpness', () => {
    it.each([1, 10, 100, 1000])(
      'recovers λmax = 1 of the quadratic bowl, κ = %d',
      async (kappa) => {
        const ops = sceneOps(tf, 'quadratic', { kappa });
        const rng = stream(3, 'data');
        const points = Array.from({ length: 16 }, () => [5 * normal(rng), 5 * normal(rng)]);
        const before = tf.memory().numTensors;
        for (const source of [ops.loss, closedFormGradient(ops)]) {
          const lambda = await sharpness(tf, source, points, { rng: stream(1, 'sharpness') });
          expect(lambda).toHaveLength(points.length);
          // Rayleigh quotient of H ≈ diag(1, 1/κ) rotated: ≲ 8u (see the file comment); 16u allowed.
          for (const l of lambda) expectClose(l, 1, { rel: 16 * u }, `κ = ${kappa}`);
        }
        expect(tf.memory().numTensors).toBe(before);
        ops.dispose();
      },
    );

    it('recovers λmax of seeded symmetric 2×2 Hessians, one per row, negative-dominant ones included', async () => {
      // Per row: eigenvalues (λa, λb) with |λb| ≤ |λa|/2, in every sign pattern, rotated by a seeded angle.
      const rng = stream(11, 'data');
      const patterns: [number, number][] = [
        [1, 1], // both positive
        [1, -1], // positive dominant, a negative one
        [-1, 1], // a negative eigenvalue of larger magnitude than the positive one: needs the shift
        [-1, -1], // both negative: λmax is the one nearer 0
      ];
      const rows: { A: number[]; lmax: number; rho: number }[] = [];
      for (let r = 0; r < 6; r++) {
        for (const [sa, sb] of patterns) {
          const mag = 10 ** (2 * rng() - 1); // 0.1 … 10
          const la = sa * mag;
          const lb = sb * mag * (0.05 + 0.45 * rng());
          const A = rotated(la, lb, Math.PI * rng()).map(Math.fround);
          const [lmax] = eig2(A[0]!, A[1]!, A[3]!); // of the float32 matrix the test really uses
          rows.push({ A, lmax, rho: mag });
        }
      }
      rows.push({ A: [2, 0, 0, -5], lmax: 2, rho: 5 }); // the textbook case
      // ±ρ ties and near-ties, where the first pass cannot settle and the shift by ρ̂ decides.
      for (const [la, lb] of [
        [1, -1],
        [1, -0.95],
        [-1, 0.95],
        [-3, 3],
      ] as const) {
        const A = rotated(la, lb, Math.PI * rng()).map(Math.fround);
        rows.push({ A, lmax: eig2(A[0]!, A[1]!, A[3]!)[0], rho: Math.abs(la) });
      }
      const M = rows.length;
      const quad = perRowQuadratic(Float32Array.from(rows.flatMap((r) => r.A)), M, 2);
      const points = Array.from({ length: M }, () => [normal(rng), normal(rng)]);
      const before = tf.memory().numTensors;
      const lambda = await sharpness(tf, quad.loss, points, { rng: stream(5, 'sharpness') });
      expect(tf.memory().numTensors).toBe(before);
      quad.dispose();
      // Each pass: Hv and the Rayleigh quotient ≲ 8u·ρ; the shifted pass works on H − λ₁I, of norm
      // ≤ 2ρ, so its μ errs by ≲ 16u·ρ, and λ₁ + μ is exact in float64 given both. Allowed 32u·ρ.
      rows.forEach((r, k) =>
        expectClose(lambda[k]!, r.lmax, { rel: 0, abs: 32 * u * r.rho }, `row ${k}, A = ${r.A}`),
      );
    });

    it('P = 1: a negative curvature goes through the same two passes', async () => {
      const quad = perRowQuadratic(Float32Array.from([-2, 3, -0.25]), 3, 1);
      const before = tf.memory().numTensors;
      const lambda = await sharpness(tf, quad.loss, [[1], [-4], [0]], {
        rng: stream(1, 'sharpness'),
      });
      expect(tf.memory().numTensors).toBe(before);
      quad.dispose();
      expect(Array.from(lambda)).toEqual([-2, 3, -0.25]);
    });

    it('a saddle L = ½x² + ¼y⁴ − ½y², H = diag(1, 3y² − 1): λmax at and around the ±1 tie', async () => {
      const loss: BatchedLoss = (theta) => {
        const [x, y] = tf.split(theta, 2, 1) as [Tensor2D, Tensor2D];
        const y2 = tf.square(y);
        const terms = tf.add(
          tf.mul(tf.square(x), 0.5),
          tf.sub(tf.mul(tf.square(y2), 0.25), tf.mul(y2, 0.5)),
        );
        return tf.reshape(terms, [-1]) as Tensor1D;
      };
      const ys = [0, 0.0625, -0.125, -0.25, 0.5, 1, 1.5, -2];
      const points = ys.map((y, i) => [i - 3, y]);
      const before = tf.memory().numTensors;
      const lambda = await sharpness(tf, loss, points, { rng: stream(1, 'sharpness') });
      expect(tf.memory().numTensors).toBe(before);
      // H's entries carry a few roundings of 3y² and 1 (≲ 4u·(3y² + 1)); the passes as above: 32u·ρ.
      ys.forEach((y, i) => {
        const rho = Math.max(1, Math.abs(3 * y * y - 1));
        expectClose(
          lambda[i]!,
          Math.max(1, 3 * y * y - 1),
          { rel: 0, abs: 32 * u * rho },
          `y = ${y}`,
        );
      });
    });

    it("recovers the valley's L''(w) = 1 − tanh²w + 0.024·w² at many w", async () => {
      const scene = makeScene('valley', { kappa: 1 });
      const ops = sceneOps(tf, 'valley', { kappa: 1 });
      const before = tf.memory().numTensors;
      const lambda = await sharpness(tf, closedFormGradient(ops), VALLEY_WS, {
        dims: 1,
        rng: stream(1, 'sharpness'),
      });
      expect(tf.memory().numTensors).toBe(before);
      ops.dispose();
      // Hv as in the HVP test (8u) plus the quotient v·Hv / v·v (2 roundings): 10u allowed.
      VALLEY_WS.forEach((w, i) =>
        expectClose(
          lambda[i]!,
          scene.hessian([w])[0]!,
          { rel: 0, abs: 10 * u * (1 + 12 * VALLEY_QUARTIC * w * w) },
          `w = ${w}`,
        ),
      );
    });

    it('recovers λmax of (2/n)·XᵀX for MSE linear regression on seeded data', async () => {
      // L(w, b) = (1/n) Σ (w·x_i + b − y_i)², X rows (x_i, 1): H = (2/n)·XᵀX = (2/n)[[Σx², Σx], [Σx, n]].
      const rng = stream(2024, 'data');
      const n = 32;
      const xs = Float32Array.from({ length: n }, () => 1 + 2 * normal(rng));
      const ys = Float32Array.from(xs, (x) => 0.7 * x - 0.3 + 0.1 * normal(rng));
      let sxx = 0;
      let sx = 0;
      let sax = 0;
      for (const x of xs) {
        sxx += x * x;
        sx += x;
        sax += Math.abs(x);
      }
      const [l1, l2] = eig2((2 / n) * sxx, (2 / n) * sx, 2);
      // Power iteration's error ∝ (λ₂/λ₁)^(2·19): negligible for this data.
      expect((l2 / l1) ** 38).toBeLessThan(1e-12);
      const x = tf.tensor2d(xs, [1, n]);
      const y = tf.tensor2d(ys, [1, n]);
      const loss: BatchedLoss = (theta) => {
        const [w, b] = tf.split(theta, 2, 1) as [Tensor2D, Tensor2D];
        return tf.mean(tf.square(tf.sub(tf.add(tf.mul(w, x), b), y)), 1) as Tensor1D;
      };
      const points = [
        [0, 0],
        [0.7, -0.3],
        [-5, 12],
        [100, -100],
      ];
      const before = tf.memory().numTensors;
      const lambda = await sharpness(tf, loss, points, { rng: stream(1, 'sharpness') });
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([x, y]);
      // Each entry of Hv sums n products (float32 sums: ≤ (n − 1)u of Σ|terms|) plus a few roundings:
      // |Δλ| ≲ (n + 8)u·ρ((2/n)|X|ᵀ|X|).
      const [absRho] = eig2((2 / n) * sxx, (2 / n) * sax, 2);
      for (const l of lambda) expectClose(l, l1, { rel: 0, abs: (n + 8) * u * absRho }, 'λmax');
    });

    it('gives NaN for rows with a non-finite entry and leaves the other rows alone', async () => {
      const ops = sceneOps(tf, 'quadratic', { kappa: 10 });
      const points = [
        [1, 2],
        [Number.NaN, 0],
        [0, Number.POSITIVE_INFINITY],
        [-3, 1],
        [Number.NEGATIVE_INFINITY, Number.NaN],
      ];
      const before = tf.memory().numTensors;
      const lambda = await sharpness(tf, ops.loss, points, { rng: stream(1, 'sharpness') });
      expect(tf.memory().numTensors).toBe(before);
      ops.dispose();
      expect(Number.isNaN(lambda[1]) && Number.isNaN(lambda[2]) && Number.isNaN(lambda[4])).toBe(
        true,
      );
      expectClose(lambda[0]!, 1, { rel: 16 * u });
      expectClose(lambda[3]!, 1, { rel: 16 * u });
    });

    it('is seeded: the same stream gives the same bits, a Float32Array with dims the same as rows', async () => {
      const quad = perRowQuadratic(Float32Array.from([3, 1, 1, -4, 0.5, 0.2, 0.2, 0.1]), 2, 2);
      const rows = [
        [0.5, -1],
        [2, 3],
      ];
      const a = await sharpness(tf, quad.loss, rows, {
        iterations: 5,
        rng: stream(9, 'sharpness'),
      });
      const b = await sharpness(tf, quad.loss, Float32Array.from(rows.flat()), {
        dims: 2,
        iterations: 5,
        rng: stream(9, 'sharpness'),
      });
      expect(await sharpness(tf, quad.loss, [], { rng: stream(9, 'sharpness') })).toHaveLength(0);
      quad.dispose();
      expect(Array.from(b)).toEqual(Array.from(a));
    });

    it('rejects bad arguments', async () => {
      const loss: BatchedLoss = (t) => tf.sum(tf.square(t), 1);
      await expect(
        sharpness(tf, loss, [[1]], { iterations: 0, rng: stream(1, 'sharpness') }),
      ).rejects.toThrow(RangeError);
      await expect(
        sharpness(tf, loss, new Float32Array(3), { dims: 2, rng: stream(1, 'sharpness') }),
      ).rejects.toThrow(RangeError);
      await expect(
        sharpness(tf, loss, [[1, 2], [3]], { rng: stream(1, 'sharpness') }),
      ).rejects.toThrow(RangeError);
    });
  });
});
