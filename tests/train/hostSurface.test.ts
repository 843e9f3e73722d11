import { describe, expect, it } from 'vitest';
import { PLAIN_GD, type Experiment } from '../../src/core/experiment';
import { isDataScene, makeScene } from '../../src/core/scenes';
import { gridPoints } from '../../src/core/surfacePoints';
import { F32_U } from '../helpers/numeric';
import { ANALYTIC_SCENES, type AnalyticSceneId } from '../../src/core/scenes/scene';
import { runExperiment } from '../../src/train/experiment';
import {
  hostSurface,
  lossSurface,
  sceneSurfaceOnHost,
  surfaceSpec,
} from '../../src/train/fused/hostSurface';
import { sceneOps } from '../../src/train/sceneLoss';
import { sceneSurface } from '../helpers/tfSurface';
import { tf, useBackend } from '../helpers/tfjs';

/**
 * An analytic scene's surface on the host (src/train/fused/hostSurface.ts), which the service and
 * the worker entry use on every backend, against the tfjs cpu backend's batched loss it stands in
 * for (tests/helpers/tfSurface.ts `sceneSurface`). Expected: the same bits. Each tfjs cpu op computes
 * in float64 and stores float32; the host program evaluates the same loss tree node by node and
 * rounds each node to float32 (src/core/expr/program.ts), so each value is the same float32.
 */
function experiment(scene: AnalyticSceneId, over: Partial<Experiment> = {}): Experiment {
  return { ...PLAIN_GD, scene, kappa: 10, seed: 5, lrs: [0.01, 0.1], steps: 20, noise: 0, ...over };
}

const bytes = (x: Float32Array) => Array.from(new Uint8Array(x.buffer, x.byteOffset, x.byteLength));

const CASES: [string, Experiment][] = [
  ...ANALYTIC_SCENES.map((id): [string, Experiment] => [id, experiment(id)]),
  ['quadratic at κ = 100', experiment('quadratic', { kappa: 100 })],
  ['a typed 1-D formula', experiment('formula', { formula: 'x^4 - 3x^2 + 0.5x', domain: [-2, 2] })],
];

describe('the host surface of an analytic scene', () => {
  it.each(CASES)('%s: the cpu backend’s bits', async (_, exp) => {
    await useBackend('cpu');
    const scene = makeScene(exp.scene, exp);
    const spec = surfaceSpec(exp, scene);
    expect(spec, 'an analytic scene has the fused spec').toBeDefined();
    const ops = sceneOps(tf, exp.scene, exp);
    try {
      const want = await sceneSurface(tf, scene, ops.loss);
      const got = hostSurface(spec!, scene.view);
      expect(got.dims).toBe(want.dims);
      expect(bytes(got.values)).toEqual(bytes(want.values));
    } finally {
      ops.dispose();
    }
  });

  it('is not taken for a data scene: linreg’s surface is its float64 loss, rounded once', () => {
    for (const id of ['linreg', 'cars'] as const) {
      const exp = { ...experiment('quadratic'), scene: id };
      expect(surfaceSpec(exp, makeScene(id, exp))).toBeUndefined();
    }
    // L(w, b) = (1/m)·Σ (w·xᵢ + b − yᵢ)² over the training rows, in float64 (scene.loss), one
    // rounding to float32 per grid point: the same bits as lossSurface's.
    const exp = { ...experiment('quadratic'), scene: 'linreg' as const };
    const scene = makeScene('linreg', exp);
    const got = sceneSurfaceOnHost(exp, scene);
    expect(bytes(got.values)).toEqual(bytes(lossSurface(scene).values));
    if (got.dims !== 2) throw new Error('expected a grid');
    const [[x0, x1] = [0, 0], [y0, y1] = [0, 0]] = scene.view;
    const n = got.n;
    for (const [i, j] of [
      [0, 0],
      [n - 1, 0],
      [17, 42],
      [n - 1, n - 1],
    ] as const) {
      const w = Math.fround(x0 + ((x1 - x0) * j) / (n - 1));
      const b = Math.fround(y0 + ((y1 - y0) * i) / (n - 1));
      expect(got.values[i * n + j]).toBe(Math.fround(scene.loss([w, b])));
    }
  });

  it('linreg’s float64 surface is the cpu backend’s batched loss within float32 rounding', async () => {
    await useBackend('cpu');
    const exp = { ...experiment('quadratic'), scene: 'linreg' as const };
    const scene = makeScene('linreg', exp);
    if (!isDataScene(scene)) throw new Error('linreg is a data scene');
    const ops = sceneOps(tf, 'linreg', exp);
    try {
      const want = await sceneSurface(tf, scene, ops.loss);
      const got = lossSurface(scene);
      if (got.dims !== 2) throw new Error('expected a grid');
      const points = gridPoints(scene.view[0]!, scene.view[1]!);
      const { x, y } = scene.data;
      const rows = scene.split.train;
      const m = rows.length;
      const u = F32_U;
      for (let p = 0; p < got.values.length; p++) {
        const w = points[2 * p]!;
        const b = points[2 * p + 1]!;
        // The tfjs loss works on float32 data: rᵢ = w·xᵢ + b − yᵢ takes at most five roundings
        // (xᵢ and yᵢ to float32, the product, the two sums), each within u of a term below, so
        // |Δrᵢ| ≤ u·cᵢ with cᵢ = 3|w·xᵢ| + |b| + |yᵢ| + 2|rᵢ| (first order). Then
        // |Δ(rᵢ²)| ≤ 2|rᵢ|·u·cᵢ + (u·cᵢ)² + u·rᵢ² (the square's rounding), and the mean of m
        // positive terms accumulated in float32 adds (m − 1)·u·L, its division u·L (Higham,
        // Accuracy and Stability of Numerical Algorithms, §4.2). The host rounds L once: u·L.
        let L = 0;
        let spread = 0;
        for (const i of rows) {
          const r = w * x[i]! + b - y[i]!;
          const c = 3 * Math.abs(w * x[i]!) + Math.abs(b) + Math.abs(y[i]!) + 2 * Math.abs(r);
          L += r * r;
          spread += 2 * Math.abs(r) * u * c + (u * c) ** 2;
        }
        L /= m;
        const bound = spread / m + (m + 2) * u * L;
        expect(Math.abs(got.values[p]! - want.values[p]!), `point ${p}`).toBeLessThanOrEqual(bound);
      }
    } finally {
      ops.dispose();
    }
  });
});

describe("a worker's surface cache", () => {
  it('gives a typed formula its own surface, not the one of the formula before it', async () => {
    await useBackend('cpu');
    // Two 2-D formulas with the same domain, κ, seed and split: only the text tells them apart.
    const a = experiment('formula', { formula: 'x^2 + y^2' });
    const b = experiment('formula', { formula: '3x^2 + x*y + y^2/2' });
    const hooks = { now: () => performance.now() };
    const cache = new Map();
    const first = await runExperiment(tf, a, hooks, cache);
    const then = await runExperiment(tf, b, hooks, cache);
    const alone = await runExperiment(tf, b, hooks, new Map());
    expect(bytes(then!.surface.values)).toEqual(bytes(alone!.surface.values));
    expect(bytes(then!.surface.values)).not.toEqual(bytes(first!.surface.values));
  });
});
