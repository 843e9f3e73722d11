import { describe, expect, it } from 'vitest';
import { OPTIMIZERS } from '../../src/core/optimizers';
import type { Case, CaseResult } from '../gpu/packedMlpCheck';
import { runOnDawn } from '../helpers/dawn';

/**
 * The WebGPU network step (WGSL, src/train/fused/webgpuMlp.ts) in Node on Dawn and SwiftShader
 * (tests/helpers/dawn.ts). Every case trains on webgpu and on cpu (the host kernel, held to the
 * unfused trainer by fusedMlp.test.ts) and compares losses, validation losses, recorded paths,
 * best θ and the early-stopping steps; together the cases reach every optimizer, depth 0 to 3
 * (3 × 32: the tile's largest rows, two tiles per batch), full batch and minibatches with padding
 * and an all-padding step (Σw = 0), shared and per-run noise, validation on and off, θ every 3rd
 * step across chunk boundaries, and K = 1.
 *
 * Tolerance. Both sides are float32 where it is stored; the cpu kernel sums in float64 within a
 * step, the WGSL in float32 in another order. A step's sums run over at most n = 37 rows (or a
 * unit's 33 inputs), each within γ_n = n·u ≈ 37·6e-8 = 2.2e-6 relative to the sum of its terms'
 * magnitudes (Higham, Accuracy and Stability, §3.1). The learning rates (0.02…0.08 × a falling
 * schedule) keep every run contracting over these ≤ 13 steps, so what each step adds is not
 * amplified: 13 steps leave at most 13·γ_n ≈ 3e-5. With a margin for the cancellation in a sum
 * of terms of both signs (the residuals), losses and validation losses must agree within 1e-4
 * relative (1e-7 absolute under 1e-3). θ starts at O(0.5) and moves by η·g per step, so its
 * entries near zero carry the absolute error of the larger ones: θ (paths, best θ) within 1e-4
 * relative, or 1e-6 absolute under 1e-2. A slot or offset error moves numbers by O(1) (a wrong
 * θ slot measured 1 and 140). Measured: losses 7e-7, θ 8e-8 absolute at worst.
 *
 * The tiles. SwiftShader keeps a step's tiles in the run's carry row, small ones
 * (CARRY_TILE_FLOATS in webgpuMlp.ts: its compile time grows with workgroup memory), a GPU in
 * workgroup memory, large ones; each case trains again as if on a GPU, which must give the same
 * bits: the gradient sums run over the rows in order in both, and the loss's row terms are shared
 * among the invocations by lossLanes, not by the tile. Two cases have more rows to a step than a
 * small tile holds: the full-batch run (37 rows; 21 to a small tile, 64 to a large one) and the
 * 3 × 32 network (36; 2 against 19). Row losses written over the tile fail it.
 */
const base = {
  F: 3,
  width: 5,
  depth: 2,
  val: true,
  batch: 6,
  emptyBatchAt: 2,
  noise: 'per-run',
  every: 3,
  chunk: 5,
  steps: 13,
  K: 3,
  patience: 2,
} as const;
const CASES: Case[] = [
  ...OPTIMIZERS.map((optimizer) => ({ ...base, name: optimizer, optimizer })),
  {
    ...base,
    name: 'linear model, full batch, shared noise, no validation',
    optimizer: 'adam',
    F: 4,
    width: 0,
    depth: 0,
    val: false,
    batch: 0,
    noise: 'shared',
    every: 1,
    chunk: 4,
  },
  {
    ...base,
    name: '3 × 32, minibatches of 36 (two tiles), no noise',
    optimizer: 'momentum',
    width: 32,
    depth: 3,
    batch: 36,
    noise: 'none',
    every: 2,
  },
  { ...base, name: 'one run, full batch', optimizer: 'sgd', K: 1, batch: 0, every: 1, chunk: 64 },
];

describe('the packed network step on WebGPU (Dawn, SwiftShader)', () => {
  it('trains as the cpu kernel does, within float32 error', () => {
    const results = runOnDawn<CaseResult>('tests/gpu/packedMlpCheck.ts', CASES, 240_000);
    expect(results.map((r) => r.name)).toEqual(CASES.map((c) => c.name));
    for (const r of results) {
      expect(r.error, r.name).toBeUndefined();
      expect(r.sameLengths, r.name).toBe(true);
      expect(r.loss, `${r.name}: losses`).toBeLessThanOrEqual(1e-4);
      expect(r.val, `${r.name}: validation losses`).toBeLessThanOrEqual(1e-4);
      expect(r.path, `${r.name}: paths`).toBeLessThanOrEqual(1e-4);
      expect(r.bestTheta, `${r.name}: best θ`).toBeLessThanOrEqual(1e-4);
      expect(r.sameBestSteps, `${r.name}: best steps`).toBe(true);
      expect(r.sameStopSteps, `${r.name}: stop steps`).toBe(true);
      expect(r.leaked, `${r.name}: tensors left`).toBe(0);
      expect(r.tilesAlike, `${r.name}: the same bits with a GPU's tiles`).toBe(true);
    }
  }, 300_000);
});
