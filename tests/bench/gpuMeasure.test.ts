import { beforeAll, describe, expect, it } from 'vitest';
import { DEVICE_PLAN, finalLossAgreement, measureGpu, type GpuPlan } from '../../bench/gpu/measure';
import { tf, useBackend } from '../helpers/tfjs';

/**
 * The measuring loop is backend-agnostic: on tfjs' cpu backend (which has fused bodies for both
 * kernels) a tiny plan shows what its rows record, without a GPU.
 */
describe('measureGpu', () => {
  beforeAll(() => useBackend('cpu'));

  it('times op by op and fused, and records that the network really trained fused', async () => {
    const plan: GpuPlan = {
      ...DEVICE_PLAN,
      scenes: ['valley'],
      ks: [4],
      steps: 20,
      warmup: 1,
      reps: 1,
      mlpKs: [4],
      mlpEpochs: 1,
    };
    const lines: string[] = [];
    const { rows, mlp } = await measureGpu(tf, plan, (line) => lines.push(line));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ scene: 'valley', K: 4 });
    // With one repetition the median ratio is that repetition's op-by-op ms ÷ fused ms.
    expect(rows[0]!.ratio).toBeCloseTo(rows[0]!.unfusedMs / rows[0]!.fusedMs, 9);
    expect(mlp).toHaveLength(1);
    const row = mlp[0]!;
    // One epoch of cars' training rows (392 complete rows, 236 of them in the training split of
    // src/core/scenes/cars.ts) in minibatches of 32: ceil(236 / 32) = 8 steps.
    expect(row).toMatchObject({ scene: 'cars', width: 16, depth: 1, K: 4, epochs: 1, steps: 8 });
    expect(row.fused).toBe(true);
    expect(row.fusedMs).toBeGreaterThan(0);
    expect(row.ratio).toBeCloseTo(row.unfusedMs / row.fusedMs!, 9);
    // On cpu the fused kernels follow op by op's arithmetic closely (exactly for the valley, to
    // ~1e-7 for the network here): a pairing of the wrong runs (their learning rates 10× apart)
    // would part by far more.
    for (const a of [rows[0]!.agreement!, row.agreement!]) {
      expect(a.finiteOnOneSide).toBe(0);
      expect(a.maxDiff).toBeLessThan(1e-5);
    }
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^cars 16×1 K=4, \d+ steps: op by op [\d.]+ ms, fused [\d.]+ ms/);
  });
});

describe('finalLossAgreement', () => {
  it('compares the last loss of each run, relative to 1 + |op by op|', () => {
    const f = (...xs: number[]) => Float32Array.from(xs);
    // Run 0: |2.5 − 2| / (1 + 2) = 1/6. Run 1: equal, 0. Run 2: finite on the fused path only.
    // Run 3: diverged on both: agrees, not counted.
    const a = finalLossAgreement(
      [f(1, 2), f(5, 0.5), f(3, NaN), f(3, Infinity)],
      [f(1, 2.5), f(5, 0.5), f(3, 7), f(3, NaN)],
    );
    expect(a.maxDiff).toBeCloseTo(1 / 6, 7);
    expect(a.finiteOnOneSide).toBe(1);
  });
});
