import { beforeAll, describe, expect, it } from 'vitest';
import { makeScene, type Scene, type SceneId } from '../../src/core/scenes';
import { sceneOps } from '../../src/train/sceneLoss';
import type { Tensor, Tensor2D } from '../../src/train/tf';
import { expectClose, F32_U, vectorError } from '../helpers/numeric';
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
 */
function tolerance(scene: Scene, kappa: number): { rel: number; abs: number } {
  return scene.id === 'valley'
    ? { rel: 1e-5, abs: 4 * F32_U }
    : { rel: Math.max(1e-5, 8 * kappa * F32_U), abs: 0 };
}

/**
 * Test points: the drawn view densely, plus far out and near the minimum (float32 inputs). The
 * bowl's smallest point is 1e-10, not less: its loss ≈ 1e-20 must stay above float32's smallest
 * normal number (1.2e-38), below which relative accuracy is lost by design of the format.
 */
function points(scene: Scene): Float32Array {
  if (scene.dims === 1) {
    const ws = [-1000, -100, -40, -12, 12, 40, 100, 1000, 0, 1e-30, -1e-3];
    for (let i = 0; i <= 400; i++) ws.push(-5 + i / 40);
    return Float32Array.from(ws);
  }
  const xy: number[] = [0, 0, 1e-10, -1e-10, 50, -30, -100, 100];
  for (let i = 0; i <= 40; i++) for (let j = 0; j <= 40; j++) xy.push(-5 + j / 4, -5 + i / 4);
  return Float32Array.from(xy);
}

const CASES: [SceneId, number][] = [
  ['valley', 10],
  ['quadratic', 1],
  ['quadratic', 10],
  ['quadratic', 100],
  ['quadratic', 1000],
];

describe.each(NODE_BACKENDS)('sceneOps on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  describe.each(CASES)('%s, κ = %d', (id, kappa) => {
    const scene = makeScene(id, { kappa });
    const P = scene.dims;
    const pts = points(scene);
    const n = pts.length / P;
    const rowOf = (i: number) => Array.from(pts.subarray(i * P, (i + 1) * P));
    const tol = tolerance(scene, kappa);

    it('loss equals the float64 scene loss at every point of a batch', async () => {
      const ops = sceneOps(tf, id, { kappa });
      const theta = tf.tensor2d(pts, [n, P]);
      const loss = ops.loss(theta);
      expect(loss.shape).toEqual([n]);
      const values = await loss.data();
      for (let i = 0; i < n; i++) {
        expectClose(values[i] ?? NaN, scene.loss(rowOf(i)), tol, `L(${rowOf(i).join(', ')})`);
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
        expect(err <= tol.rel * norm + tol.abs, `∇L(${rowOf(i).join(', ')}): error ${err}`).toBe(
          true,
        );
      }
      tf.dispose([theta, plain, loss, grad]);
      ops.dispose();
    });

    it('the closed-form gradient equals tf.grad of the loss (autodiff)', async () => {
      // Rows are independent, so ∂(Σ_k loss_k)/∂θ_k = ∂loss_k/∂θ_k: tf.grad of the summed loss is
      // the per-row gradient. Autodiff of the valley's stable form gives
      // sign(w)·(1 − 2e^{−2|w|}/(1 + e^{−2|w|})), which cancels near w = 0 just like the loss: an
      // absolute error of a few float32 units of 1, hence the same abs term; rel 1e-5 elsewhere.
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
        const bound = 1e-5 * norm + (scene.id === 'valley' ? 4 * F32_U : 0);
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
