import { beforeAll, describe, expect, it } from 'vitest';
import { makeScene, type Scene, type SceneId } from '../../src/core/scenes';
import { ANALYTIC_SCENES } from '../../src/core/scenes/scene';
import { sceneOps } from '../../src/train/sceneLoss';
import type { Tensor, Tensor2D } from '../../src/train/tf';
import { expectClose, F32_U, vectorError, type Tolerance } from '../helpers/numeric';
import { NODE_BACKENDS, tf, useBackend } from '../helpers/tfjs';

/**
 * Tolerances of the float32 scene ops against the float64 definitions (inputs are exact float32
 * numbers, so only the ops' own rounding counts; u = 2^-24).
 *
 * - valley: a handful of correctly rounded ops give ≈ 4u relative, far under 1e-5; but log cosh
 *   is |w| + log1p(e^{−2|w|}) − ln 2, which near w = 0 subtracts ln 2 from a sum ≈ ln 2, where
 *   float32 numbers are 2^-24 apart: an absolute error of a few units there is all the float32
 *   formula can do. Hence rel 1e-5 plus abs 4·2^-24 ≈ 2.4e-7.
 * - quadratic: Hθ rounds each product and the sum, ≈ 2u·‖H‖‖θ‖ per entry, while ‖Hθ‖ ≥ ‖θ‖/κ, so
 *   the relative error of the gradient is ≲ 3κu and of the loss ½θ·Hθ ≲ 6κu (≥ ‖θ‖²/2κ). With
 *   headroom: max(1e-5, 8κu) for both.
 * - rosenbrock, saddle, himmelblau: polynomials whose value cancels to 0 at their minima (and the
 *   saddle's everywhere on |x| = |y|·√(1 − y²/2)), so no relative bound holds there; the bound is
 *   absolute and per point, from a forward error analysis of the op order in src/train/sceneLoss.ts
 *   (`polynomialBounds`).
 */
function tolerance(
  scene: Scene,
  kappa: number,
  theta: readonly number[],
): { loss: Tolerance; grad: Tolerance } {
  switch (scene.id) {
    case 'valley': {
      const tol = { rel: 1e-5, abs: 4 * F32_U };
      return { loss: tol, grad: tol };
    }
    case 'quadratic': {
      const tol = { rel: Math.max(1e-5, 8 * kappa * F32_U), abs: 0 };
      return { loss: tol, grad: tol };
    }
    default: {
      const { loss, grad } = polynomialBounds(scene.id, theta);
      return { loss: { rel: 0, abs: loss }, grad: { rel: 0, abs: grad } };
    }
  }
}

/**
 * |float32 result − exact| bounds for the polynomial scenes at θ = (x, y), with a factor 2 of
 * headroom. Each correctly rounded op adds at most u times its result's magnitude (Higham,
 * "Accuracy and Stability of Numerical Algorithms", §2–3); inputs and the constants 1, 7, 11, 100,
 * 200, 400, 0.5, 0.25, 2, 4 are exact float32 numbers.
 *
 * - A residual v = t₁ + t₂ + … of k rounded ops has |δv| ≤ k·u·Σ|tᵢ| (to first order in u).
 * - Squaring a computed residual: (v + δv)²(1 + ε) errs by ≤ 2|v||δv| + δv² + u(|v| + |δv|)²; a
 *   constant factor and the final sum add ≤ 2u relative on the (non-negative) sum of squares.
 * - Gradient components: an error δ in a factor of a product p·δ, plus ≤ 3u relative per term for
 *   the products and the sum.
 *
 * The float64 reference errs ≈ 2^29 times less and is absorbed by the headroom. The gradient bound
 * is on the Euclidean norm of the error vector (√(ex² + ey²) ≤ ex + ey).
 */
function polynomialBounds(
  id: SceneId,
  [x = NaN, y = NaN]: readonly number[],
): {
  loss: number;
  grad: number;
} {
  const u = F32_U;
  const ax = Math.abs(x);
  const ay = Math.abs(y);
  const sq = (v: number, dv: number) =>
    2 * Math.abs(v) * dv + dv * dv + u * (Math.abs(v) + dv) ** 2;
  let loss: number;
  let ex: number;
  let ey: number;
  switch (id) {
    case 'rosenbrock': {
      // a = 1 − x (1 op), r = y − x² (2 ops); L = a² + 100r²; ∇L = (−2a − 400x·r, 200r).
      const a = 1 - x;
      const r = y - x * x;
      const da = u * (1 + ax);
      const dr = 2 * u * (ay + x * x);
      loss = sq(a, da) + 100 * sq(r, dr) + 2 * u * (a * a + 100 * r * r);
      ex = 2 * da + 400 * ax * dr + 3 * u * (2 * Math.abs(a) + 400 * ax * Math.abs(r));
      ey = 200 * dr + 2 * u * 200 * Math.abs(r);
      break;
    }
    case 'saddle': {
      // ½x² + (¼(y²)² − ½y²): every term ≤ 3 ops, then 2 sums: ≤ 5u·Σ|terms|.
      // ∇L = (x, y·(y² − 1)): x exact; y² − 1 and the product: ≤ 3u·|y|(y² + 1).
      loss = 5 * u * (0.5 * x * x + 0.25 * y ** 4 + 0.5 * y * y);
      ex = 0;
      ey = 3 * u * ay * (y * y + 1);
      break;
    }
    case 'himmelblau': {
      // a = x² + y − 11, b = x + y² − 7 (3 ops each); L = a² + b²;
      // ∇L = (4x·a + 2b, 2a + 4y·b).
      const a = x * x + y - 11;
      const b = x + y * y - 7;
      const da = 3 * u * (x * x + ay + 11);
      const db = 3 * u * (ax + y * y + 7);
      loss = sq(a, da) + sq(b, db) + 2 * u * (a * a + b * b);
      ex = 4 * ax * da + 2 * db + 3 * u * (4 * ax * Math.abs(a) + 2 * Math.abs(b));
      ey = 2 * da + 4 * ay * db + 3 * u * (2 * Math.abs(a) + 4 * ay * Math.abs(b));
      break;
    }
    default:
      throw new Error(`no polynomial bound for ${id}`);
  }
  return { loss: 2 * loss, grad: 2 * (ex + ey) };
}

/**
 * Test points: the drawn view densely, plus far out and near the minimum (float32 inputs). The
 * bowl's smallest point is 1e-10, not less: its loss ≈ 1e-20 must stay above float32's smallest
 * normal number (1.2e-38), below which relative accuracy is lost by design of the format. The
 * other 2-D scenes get their own view on a 41 × 41 grid, their minima (rounded to float32, where the
 * loss cancels to about 0) and points 1e-3 off them, and the saddle point.
 */
function points(scene: Scene): Float32Array {
  if (scene.dims === 1) {
    const ws = [-1000, -100, -40, -12, 12, 40, 100, 1000, 0, 1e-30, -1e-3];
    for (let i = 0; i <= 400; i++) ws.push(-5 + i / 40);
    return Float32Array.from(ws);
  }
  const xy: number[] = [0, 0, 1e-10, -1e-10, 50, -30, -100, 100];
  if (scene.id === 'quadratic') {
    for (let i = 0; i <= 40; i++) for (let j = 0; j <= 40; j++) xy.push(-5 + j / 4, -5 + i / 4);
    return Float32Array.from(xy);
  }
  for (const { theta } of scene.minima) {
    const [mx = NaN, my = NaN] = theta;
    xy.push(mx, my, mx + 1e-3, my, mx, my - 1e-3);
  }
  const [[x0, x1] = [NaN, NaN], [y0, y1] = [NaN, NaN]] = scene.view;
  for (let i = 0; i <= 40; i++) {
    for (let j = 0; j <= 40; j++) xy.push(x0 + ((x1 - x0) * j) / 40, y0 + ((y1 - y0) * i) / 40);
  }
  return Float32Array.from(xy);
}

const CASES: [SceneId, number][] = [
  ['valley', 10],
  ['quadratic', 1],
  ['quadratic', 10],
  ['quadratic', 100],
  ['quadratic', 1000],
  ['rosenbrock', 10],
  ['saddle', 10],
  ['himmelblau', 10],
];

it('has a case, with a derived error bound, for every built-in analytic scene', () => {
  // Iterates the scene table, so a new scene fails here until its float32 bound is derived above;
  // the typed formula has no fixed op order to bound (tests/train/exprOps.test.ts checks it).
  const builtIn = ANALYTIC_SCENES.filter((id) => id !== 'formula');
  expect(new Set(CASES.map(([id]) => id))).toEqual(new Set(builtIn));
});

describe.each(NODE_BACKENDS)('sceneOps on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  describe.each(CASES)('%s, κ = %d', (id, kappa) => {
    const scene = makeScene(id, { kappa });
    const P = scene.dims;
    const pts = points(scene);
    const n = pts.length / P;
    const rowOf = (i: number) => Array.from(pts.subarray(i * P, (i + 1) * P));
    const tol = (i: number) => tolerance(scene, kappa, rowOf(i));

    it('loss equals the float64 scene loss at every point of a batch', async () => {
      const ops = sceneOps(tf, id, { kappa });
      const theta = tf.tensor2d(pts, [n, P]);
      const loss = ops.loss(theta);
      expect(loss.shape).toEqual([n]);
      const values = await loss.data();
      for (let i = 0; i < n; i++) {
        expectClose(
          values[i] ?? NaN,
          scene.loss(rowOf(i)),
          tol(i).loss,
          `L(${rowOf(i).join(', ')})`,
        );
      }
      tf.dispose([theta, loss]);
      ops.dispose();
    });

    it('lossAndGrad gives the same loss and the float64 gradient', async () => {
      const ops = sceneOps(tf, id, { kappa });
      const theta = tf.tensor2d(pts, [n, P]);
      const plain = ops.loss(theta);
      const { loss, grad } = ops.lossAndGrad(theta);
      expect(grad.shape).toEqual([n, P]);
      expect(await loss.data()).toEqual(await plain.data());
      const g = await grad.data();
      for (let i = 0; i < n; i++) {
        const expected = scene.grad(rowOf(i));
        const { err, norm } = vectorError(g.subarray(i * P, (i + 1) * P), expected);
        const { rel, abs = 0 } = tol(i).grad;
        expect(err <= rel * norm + abs, `∇L(${rowOf(i).join(', ')}): error ${err}`).toBe(true);
      }
      tf.dispose([theta, plain, loss, grad]);
      ops.dispose();
    });

    it('the closed-form gradient equals tf.grad of the loss (autodiff)', async () => {
      // Rows are independent, so ∂(Σ_k loss_k)/∂θ_k = ∂loss_k/∂θ_k: tf.grad of the summed loss is
      // the per-row gradient. Autodiff of the valley's stable form gives
      // sign(w)·(1 − 2e^{−2|w|}/(1 + e^{−2|w|})), which cancels near w = 0 just like the loss: an
      // absolute error of a few float32 units of 1, hence the same abs term; rel 1e-5 elsewhere.
      // The polynomial scenes' autodiff runs the same residuals through a different op order, whose
      // error obeys the same bound as the closed form's (polynomialBounds): so the two differ by at
      // most twice that bound.
      const ops = sceneOps(tf, id, { kappa });
      const theta = tf.tensor2d(pts, [n, P]);
      const { loss, grad } = ops.lossAndGrad(theta);
      const auto = tf.grad((x: Tensor) => tf.sum(ops.loss(x as Tensor2D)))(theta);
      const [a, b] = await Promise.all([grad.data(), auto.data()]);
      for (let i = 0; i < n; i++) {
        const { err, norm } = vectorError(
          a.subarray(i * P, (i + 1) * P),
          b.subarray(i * P, (i + 1) * P),
        );
        const bound =
          scene.id === 'valley' || scene.id === 'quadratic'
            ? 1e-5 * norm + (scene.id === 'valley' ? 4 * F32_U : 0)
            : 2 * (tol(i).grad.abs ?? 0);
        expect(err <= bound, `at ${rowOf(i).join(', ')}: error ${err} > ${bound}`).toBe(true);
      }
      tf.dispose([theta, loss, grad, auto]);
      ops.dispose();
    });

    it('leaks no tensors and frees its constants on dispose', () => {
      const before = tf.memory().numTensors;
      const ops = sceneOps(tf, id, { kappa });
      const theta = tf.tensor2d(pts, [n, P]);
      tf.tidy(() => {
        ops.loss(theta);
        ops.lossAndGrad(theta);
      });
      theta.dispose();
      ops.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  });
});
