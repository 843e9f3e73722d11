import { beforeAll, describe, expect, it } from 'vitest';
import { DEVICE_PLAN, measureGpu, type GpuPlan } from '../../bench/gpu/measure';
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
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^cars 16×1 K=4, \d+ steps: op by op [\d.]+ ms, fused [\d.]+ ms/);
  });
});
