import { beforeAll, describe, expect, it } from 'vitest';
import { makeScene, type SceneId } from '../../src/core/scenes';
import { sceneOps } from '../../src/train/sceneLoss';
import { CURVE_POINTS, GRID_SIDE } from '../../src/core/surfacePoints';
import { PLAIN_GD } from '../../src/core/experiment';
import { sceneSurfaceOnHost } from '../../src/train/fused/hostSurface';
import { evaluatePoints } from '../helpers/tfSurface';
import { expectClose, F32_U } from '../helpers/numeric';
import { NODE_BACKENDS, tf, useBackend } from '../helpers/tfjs';

// Surface values against the float64 scene loss: rel 1e-5, plus for the valley an absolute
// 4·2^-24 for the float32 cancellation of ln 2 near its floor (derived in sceneLoss.test.ts).
const tolFor = (id: SceneId) => ({ rel: 1e-5, abs: id === 'valley' ? 4 * F32_U : 0 });

/** The scene at κ = 10 and the surface the worker computes for it (its curve or grid). */
function surfaceOf(id: SceneId) {
  const exp = { ...PLAIN_GD, scene: id, kappa: 10, seed: 1, lrs: [0.1], steps: 10, noise: 0 };
  const scene = makeScene(id, exp);
  return { scene, surface: sceneSurfaceOnHost(exp, scene) };
}

/** The tfjs reference that tests/train/hostSurface.test.ts holds the host surfaces to. */
describe.each(NODE_BACKENDS)('the tfjs batched loss at many points, on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it.each([
    ['valley', 1],
    ['quadratic', 10],
    ['quadratic', 100],
  ] as const)(
    'evaluatePoints of a %s grid (κ = %d) equals the scene loss at each point',
    async (id, kappa) => {
      // 10,201 points: more than one internal batch of 8,192, so the batch seam is covered too.
      const scene = makeScene(id, { kappa });
      const P = scene.dims;
      const side = 101;
      const n = side * side;
      const pts = new Float32Array(n * P);
      for (let i = 0; i < n; i++) {
        if (P === 1) pts[i] = -5 + (10 * i) / (n - 1);
        else {
          pts[2 * i] = -5 + (i % side) / 10;
          pts[2 * i + 1] = -5 + Math.floor(i / side) / 10;
        }
      }
      const ops = sceneOps(tf, id, { kappa });
      const before = tf.memory().numTensors;
      const values = await evaluatePoints(tf, ops.loss, pts, P);
      expect(tf.memory().numTensors).toBe(before);
      ops.dispose();
      expect(values).toHaveLength(n);
      for (let i = 0; i < n; i++) {
        const theta = Array.from(pts.subarray(i * P, (i + 1) * P));
        expectClose(values[i] ?? NaN, scene.loss(theta), tolFor(id), `L(${theta.join(', ')})`);
      }
    },
  );

  it('evaluatePoints of no points is empty', async () => {
    const ops = sceneOps(tf, 'valley', { kappa: 10 });
    expect(await evaluatePoints(tf, ops.loss, new Float32Array(0), 1)).toHaveLength(0);
    ops.dispose();
  });
});

/** The surfaces the page draws: on the host, whatever backend trains (src/train/fused/hostSurface.ts). */
describe('surfaces on the host', () => {
  it('the 1-D curve spans the view in CURVE_POINTS evenly spaced points', () => {
    const { scene, surface } = surfaceOf('valley');
    if (surface.dims !== 1) throw new Error('expected a curve');
    const [[x0, x1] = [NaN, NaN]] = scene.view;
    expect(surface.xs).toHaveLength(CURVE_POINTS);
    expect(surface.values).toHaveLength(CURVE_POINTS);
    for (let i = 0; i < CURVE_POINTS; i++) {
      const x = x0 + ((x1 - x0) * i) / (CURVE_POINTS - 1);
      expect(surface.xs[i]).toBe(Math.fround(x));
      expectClose(surface.values[i] ?? NaN, scene.loss([x]), tolFor('valley'), `curve at ${x}`);
    }
  });

  it('the 2-D grid holds values[i·n + j] at (x0 + j·Δx, y0 + i·Δy), both edges included', () => {
    // The layout the contour code reads: row i is y, column j is x. A transposed grid would still
    // pass a symmetric check, so the bowl is tilted (30°) and compared point by point.
    const { scene, surface } = surfaceOf('quadratic');
    if (surface.dims !== 2) throw new Error('expected a grid');
    const n = GRID_SIDE;
    expect(surface.n).toBe(n);
    expect(surface.values).toHaveLength(n * n);
    const [[x0, x1] = [NaN, NaN], [y0, y1] = [NaN, NaN]] = scene.view;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const x = Math.fround(x0 + ((x1 - x0) * j) / (n - 1));
        const y = Math.fround(y0 + ((y1 - y0) * i) / (n - 1));
        expectClose(
          surface.values[i * n + j] ?? NaN,
          scene.loss([x, y]),
          tolFor('quadratic'),
          `(${x}, ${y})`,
        );
      }
    }
    // Precondition that makes the layout observable: the tilted bowl is not symmetric under
    // swapping x and y, nor under flipping y, so a transposed or upside-down grid fails above.
    expect(Math.abs(scene.loss([x0, 0]) - scene.loss([0, x0]))).toBeGreaterThan(1);
    expect(Math.abs(scene.loss([x0, y1]) - scene.loss([x0, y0]))).toBeGreaterThan(1);
  });
});
