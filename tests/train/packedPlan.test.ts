import { describe, expect, it } from 'vitest';
import type { PlanResult } from '../gpu/packedPlanCheck';
import { runOnDawn } from '../helpers/dawn';

/**
 * The worker entry compiles a WebGPU network link's packed step before tfjs has loaded, from the
 * link alone (src/train/fused/packedPlan.ts), and tfjs then dispatches that pipeline as its own
 * (src/train/fused/aheadPipelines.ts). The plan repeats choices the trainer makes from the data
 * (runs per call, validation rows, minibatches, noise, the recorded θ's stride, the streamed
 * chunk, the optimizer groups), so each is held here to the steps the training then runs, on Dawn
 * (tests/helpers/dawn.ts): the same keys, and no compile of tfjs' own. A plan that misses is no
 * error in the app (tfjs compiles the step as before, later), so only this test would see it.
 */
const LINKS = [
  // The two network lessons as they open.
  'preset=overfit',
  'preset=kfold',
  // k-fold at version 2 trains op by op on WebGPU: nothing to plan, nothing packed.
  'preset=kfold&v=2',
  // Minibatches, noise, another optimizer, a deeper network, early stopping.
  'preset=overfit&batch=16&noise=0.05&opt=adam&depth=2&width=8&patience=20&steps=120',
  // Two optimizer groups, each a training of its own; k-fold with minibatches.
  'preset=overfit&lr=0.01,0.03&ropt=,momentum_beta_0.5&steps=80',
  'preset=kfold&batch=32&steps=60',
];

describe('the packed steps compiled ahead of tfjs', () => {
  it('are those the training runs', () => {
    const results = runOnDawn<PlanResult>('tests/gpu/packedPlanCheck.ts', LINKS, 240_000);
    expect(results.map((r) => r.query)).toEqual(LINKS);
    for (const r of results) {
      expect(r.error, r.query).toBeUndefined();
      expect(r.planned, r.query).toEqual(r.used);
      expect(r.compiles, `${r.query}: tfjs' own compiles`).toBe(0);
    }
    // Every link but the version-2 one trains a packed step, the two-optimizer link two.
    expect(results.map((r) => r.used.length)).toEqual([1, 1, 0, 1, 2, 1]);
  }, 300_000);
});
