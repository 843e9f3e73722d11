import { afterAll, describe, expect, it } from 'vitest';
import { deriveAll } from '../../src/core/expr/derive';
import { compile32, compile64, errorBound, U32, U64 } from '../../src/core/expr/evaluate';
import { parseFormula } from '../../src/core/expr/parse';
import { exprToOps } from '../../src/train/exprOps';
import { sceneOps } from '../../src/train/sceneLoss';
import { NODE_BACKENDS, tf, useBackend } from '../helpers/tfjs';

/** Formulas with every node kind and function, each defined on [−2, 2]². */
const FORMULAS = [
  'x^2/2 + 2*y^2',
  '(1 - x)^2 + 100*(y - x^2)^2',
  'log(1 + x^2) + sqrt(1 + y^2) - exp(tanh(x*y))',
  'sin(3x) * cos(y) + abs(x - y)^3 / (1 + x^4)',
  '-x^3 + 2^x * y',
];

/** Points of a 9 × 9 float32 grid on [−2, 2]², nudged off the axes (no kinks of abs sit on it). */
const POINTS = Array.from({ length: 81 }, (_, i) => [
  Math.fround(-2 + (4 * (i % 9)) / 8 + 0.013),
  Math.fround(-2 + (4 * Math.floor(i / 9)) / 8 + 0.007),
]);

/**
 * tfjs' wasm backend computes exp, log, sin, cos, tanh and pow with its own float32 routines (XNNPACK
 * and Emscripten's libm), within a few ulps; 4 ulps per call is the allowance the bound gives them
 * (tests/train/fused.test.ts measured at most 2 for the valley's transcendentals). cpu calls Math's,
 * then rounds: 1 ulp.
 */
const FN_ULPS = { cpu: 1, wasm: 4 } as const;

describe.each(NODE_BACKENDS)('generated tfjs ops of a formula on %s', (backend) => {
  afterAll(() => tf.setBackend('cpu'));

  it('agree with the float64 value of the formula and its derivatives within the derived bound', async () => {
    await useBackend(backend);
    const xs = tf.tensor2d(
      POINTS.map((p) => p[0]!),
      [POINTS.length, 1],
    );
    const ys = tf.tensor2d(
      POINTS.map((p) => p[1]!),
      [POINTS.length, 1],
    );
    for (const text of FORMULAS) {
      const p = parseFormula(text);
      if (!p.ok) throw new Error(text);
      const d = deriveAll(p.expr, 2);
      for (const e of [d.loss, ...d.grad, ...d.hessian]) {
        const out = tf.tidy(() => exprToOps(tf, e, xs, ys));
        const got = await out.data();
        out.dispose();
        const f32 = compile32(e);
        const f64 = compile64(e);
        POINTS.forEach(([x = 0, y = 0], i) => {
          const v = got[i]!;
          if (backend === 'cpu') {
            // Each tfjs cpu op computes in float64 and stores float32, as compile32 rounds each node.
            expect(Object.is(v, f32(x, y)), `${text} at ${x}, ${y}`).toBe(true);
          }
          const bound =
            errorBound(e, x, y, U32, FN_ULPS[backend]).error + errorBound(e, x, y, U64, 1).error;
          expect(Math.abs(v - f64(x, y)), `${text} at ${x}, ${y}`).toBeLessThanOrEqual(bound);
        });
      }
    }
    tf.dispose([xs, ys]);
  });

  it('the formula scene’s ops give the loss and gradient for a batch of parameter rows', async () => {
    await useBackend(backend);
    const options = { kappa: 10, formula: 'x^2/2 + 2*y^2', domain: null };
    const ops = sceneOps(tf, 'formula', options);
    const before = tf.memory().numTensors;
    const theta = tf.tensor2d([1, 2, -3, 0.5], [2, 2]);
    const { loss, grad } = tf.tidy(() => ops.lossAndGrad(theta));
    // L = x²/2 + 2y², ∇L = (x, 4y): exact in float32 at these points.
    expect(Array.from(await loss.data())).toEqual([0.5 + 8, 4.5 + 0.5]);
    expect(Array.from(await grad.data())).toEqual([1, 8, -3, 2]);
    const only = tf.tidy(() => ops.loss(theta));
    expect(Array.from(await only.data())).toEqual([8.5, 5]);
    only.dispose();
    tf.dispose([theta, loss, grad]);
    expect(tf.memory().numTensors).toBe(before);
    ops.dispose();
  });
});
