import { describe, expect, it } from 'vitest';
import { PLAIN_GD, type Experiment } from '../../src/core/experiment';
import { makeScene } from '../../src/core/scenes';
import { ANALYTIC_SCENES, type AnalyticSceneId } from '../../src/core/scenes/scene';
import { runExperiment } from '../../src/train/experiment';
import { hostSurface, surfaceSpec } from '../../src/train/fused/hostSurface';
import { sceneOps } from '../../src/train/sceneLoss';
import { sceneSurface } from '../../src/train/surfaceGrid';
import { tf, useBackend } from '../helpers/tfjs';

/**
 * An analytic scene's surface on the host (src/train/fused/hostSurface.ts), which the service and
 * the worker entry use on every backend, against the tfjs cpu backend's batched loss it stands in
 * for (src/train/surfaceGrid.ts `sceneSurface`). Expected: the same bits. Each tfjs cpu op computes
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

  it('is not taken for a data scene: its surface stays the backend’s batched loss', () => {
    for (const id of ['linreg', 'cars'] as const) {
      const exp = { ...experiment('quadratic'), scene: id };
      expect(surfaceSpec(exp, makeScene(id, exp))).toBeUndefined();
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
