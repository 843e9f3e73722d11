import { beforeAll, describe, expect, it } from 'vitest';
import { PLAIN_GD, setUp, type Experiment } from '../../src/core/experiment';
import { OPTIMIZERS, type OptimizerKind } from '../../src/core/optimizers';
import { referenceTrajectory } from '../../src/core/reference';
import { makeScene } from '../../src/core/scenes';
import { scheduleFactors } from '../../src/core/schedules';
import { cutAtNonFinite } from '../../src/core/trajectory';
import { FUSED_SCENES, type FusedScene } from '../../src/train/fused/analyticKernel';
import { experimentOps } from '../../src/train/experimentOps';
import { sceneOps } from '../../src/train/sceneLoss';
import { trainBatched, type BatchedOutput, type BatchedRequest } from '../../src/train/trainer';
import { bytesOf, F32_U } from '../helpers/numeric';
import { NODE_BACKENDS, tf, useBackend } from '../helpers/tfjs';

/**
 * The fused analytic kernel (src/train/fused) against the unfused trainer and the float64 oracle,
 * for every analytic scene × every optimizer, with a warm-up + cosine schedule and shared gradient
 * noise σ = 0.1, K = 1, 7 and 64 learning rates spread log-evenly over the scene's slider range (so
 * creeping, converging, bouncing and diverging runs are all in the batch).
 *
 * Tolerance, derived. The kernel computes each step as the unfused ops do, op for op, each result
 * rounded to float32 (Math.fround) in the same order. Every op involved (+, −, ×, ÷, √ of float32
 * operands) is correctly rounded on both paths, so they give the same float32 number, with three
 * exceptions: (1) sums and matMul: the cpu backend accumulates in float64 and rounds once, XNNPACK
 * (wasm) rounds each product and partial sum; the kernel does each backend's way (quadratic only);
 * (2) tanh, sinh, exp and log1p: the cpu backend calls Math's, as the kernel does, but wasm uses its
 * own float32 approximations, which may differ by an ulp or two; (3) nothing else. Hence:
 *
 * - cpu, every scene; wasm, every scene but the valley: bit for bit equal to the unfused trainer
 *   (tolerance 0), including non-finite values, so the first non-finite step is the same.
 * - wasm, valley: the transcendentals differ by δ ≤ 2u relative per evaluation (u = 2⁻²⁴). That is
 *   the same size as the rounding errors tests/train/optimizers.test.ts bounds against float64
 *   (E_t = (t + 1)·16·u·4·M_t for its stable rates; both paths pass that test), and here
 *   runs are compared against the float64 reference at its stable learning rates with that bound,
 *   and for the rest (bouncing between the walls, where a 2-cycle amplifies any difference) only
 *   by their verdict-relevant facts: finite or not at each step, and the first non-finite step,
 *   which differ only if a run is within a few ulps of overflow, which none of these is (checked).
 */
const T = 100;
const KS = [1, 7, 64] as const;

function experiment(scene: FusedScene, optimizer: OptimizerKind, K: number): Experiment {
  const [lo, hi] = makeScene(scene, { kappa: 10 }).lrRange;
  const lrs = Array.from({ length: K }, (_, i) =>
    K === 1 ? 10 ** ((lo + hi) / 2) : 10 ** (lo + ((hi - lo) * i) / (K - 1)),
  );
  return {
    ...PLAIN_GD,
    scene,
    kappa: 10,
    seed: 11,
    lrs,
    steps: T,
    noise: 0.1,
    optimizer,
    schedule: 'cosine',
    warmup: 10,
  };
}

async function trainBoth(
  exp: Experiment,
  extra: Pick<BatchedRequest, 'pathEvery' | 'chunk'> = {},
): Promise<[BatchedOutput, BatchedOutput]> {
  const { start, noise } = setUp(exp);
  const ops = sceneOps(tf, exp.scene, exp);
  const req: BatchedRequest = {
    lrs: exp.lrs,
    steps: exp.steps,
    start,
    noise,
    optimizer: exp,
    factors: scheduleFactors(exp, exp.steps),
    ...extra,
  };
  try {
    const unfused = await trainBatched(tf, ops, req);
    const fused = await trainBatched(tf, ops, { ...req, fused: true });
    if (!unfused || !fused) throw new Error('cancelled');
    return [unfused, fused];
  } finally {
    ops.dispose();
  }
}

describe.each(NODE_BACKENDS)('fused analytic kernel on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  describe.each(FUSED_SCENES)('%s', (scene) => {
    const exact = backend === 'cpu' || scene !== 'valley';

    it.each(OPTIMIZERS)(
      `%s, warm-up + cosine, σ = 0.1, K = ${KS.join(', ')}: ${exact ? 'bit for bit the unfused runs' : 'the unfused runs within float32 error'}`,
      async (optimizer) => {
        for (const K of KS) {
          const exp = experiment(scene, optimizer, K);
          const before = tf.memory().numTensors;
          const [unfused, fused] = await trainBoth(exp);
          expect(tf.memory().numTensors, 'tensors left behind').toBe(before);
          expect(fused.fused).toBe(true);
          expect(unfused.fused).toBeUndefined();
          const P = makeScene(scene, exp).dims;
          for (let k = 0; k < K; k++) {
            const where = `K = ${K}, η = ${exp.lrs[k]}`;
            expect(fused.losses[k]!.length, where).toBe(T + 1);
            expect(fused.paths[k]!.length, where).toBe((T + 1) * P);
            const a = cutAtNonFinite(exp.lrs[k]!, unfused.losses[k]!, unfused.paths[k]!, P);
            const b = cutAtNonFinite(exp.lrs[k]!, fused.losses[k]!, fused.paths[k]!, P);
            expect(b.nonFiniteAt, `${where}: first non-finite step`).toBe(a.nonFiniteAt);
            if (exact) {
              expect(bytesOf(fused.losses[k]!), `${where}: losses`).toEqual(
                bytesOf(unfused.losses[k]!),
              );
              expect(bytesOf(fused.paths[k]!), `${where}: path`).toEqual(
                bytesOf(unfused.paths[k]!),
              );
            }
          }
        }
      },
    );
  });

  it('valley: stable rates follow the float64 reference within E_t, both paths', async () => {
    // The valley's stable rates (optimizers.test.ts' table for sgd), σ = 0: the bound there,
    // E_t = (t + 1)·16·u·4·M_t on θ, applies to the fused path as to the unfused one.
    const lrs = [0.05, 0.5, 1.5];
    const exp: Experiment = { ...experiment('valley', 'sgd', 3), lrs, noise: 0 };
    const [unfused, fused] = await trainBoth(exp);
    const { scene, start } = setUp(exp);
    const factors = scheduleFactors(exp, T);
    lrs.forEach((lr, k) => {
      const ref = referenceTrajectory(scene, lr, T, start, { factors });
      let M = 0;
      for (let t = 0; t <= T; t++) {
        const w = ref.path[t]!;
        M = Math.max(M, Math.abs(w));
        const E = (t + 1) * 16 * F32_U * 4 * M;
        expect(Math.abs(fused.paths[k]![t]! - w), `fused η = ${lr}, θ_${t}`).toBeLessThanOrEqual(E);
        expect(
          Math.abs(unfused.paths[k]![t]! - w),
          `unfused η = ${lr}, θ_${t}`,
        ).toBeLessThanOrEqual(E);
      }
    });
  });

  it('a row is the same whatever batch it is trained in (K = 64 vs K = 1)', async () => {
    // Each run reads only its own inputs, so the slider grid's rows stay exact (GRID_EXACT_BACKENDS).
    for (const scene of FUSED_SCENES) {
      const big = experiment(scene, 'adam', 64);
      const [, batch] = await trainBoth(big);
      for (const k of [0, 31, 63]) {
        const [, one] = await trainBoth({ ...big, lrs: [big.lrs[k]!] });
        expect(bytesOf(batch.losses[k]!), `${scene} row ${k}`).toEqual(bytesOf(one.losses[0]!));
        expect(bytesOf(batch.paths[k]!), `${scene} row ${k}`).toEqual(bytesOf(one.paths[0]!));
      }
    }
  });

  it('chunks: any chunk size gives the same runs, one kernel call each, tensors flat', async () => {
    const exp = experiment('rosenbrock', 'adamw', 7);
    const { start, noise } = setUp(exp);
    const ops = sceneOps(tf, exp.scene, exp);
    const req: BatchedRequest = {
      lrs: exp.lrs,
      steps: T,
      start,
      noise,
      optimizer: exp,
      factors: scheduleFactors(exp, T),
      fused: true,
    };
    const whole = await trainBatched(tf, ops, req);
    const before = tf.memory().numTensors;
    const perChunk: number[] = [];
    const done: number[] = [];
    const chunked = await trainBatched(
      tf,
      ops,
      { ...req, chunk: 16 },
      {
        onChunk: (n) => {
          done.push(n);
          perChunk.push(tf.memory().numTensors);
        },
      },
    );
    ops.dispose();
    // 100 steps in chunks of 16: 6 full chunks and one of 4, progress reported at each end.
    expect(done).toEqual([16, 32, 48, 64, 80, 96, 100]);
    expect(new Set(perChunk).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
    for (let k = 0; k < 7; k++) {
      expect(bytesOf(chunked!.losses[k]!)).toEqual(bytesOf(whole!.losses[k]!));
      expect(bytesOf(chunked!.paths[k]!)).toEqual(bytesOf(whole!.paths[k]!));
    }
  });

  it('T = 0 steps: the start and its loss, as op by op', async () => {
    const exp = { ...experiment('himmelblau', 'adam', 3), steps: 0 };
    const [unfused, fused] = await trainBoth(exp);
    for (let k = 0; k < 3; k++) {
      expect(fused.losses[k]!.length).toBe(1);
      expect(bytesOf(fused.losses[k]!)).toEqual(bytesOf(unfused.losses[k]!));
      expect(bytesOf(fused.paths[k]!)).toEqual(bytesOf(unfused.paths[k]!));
    }
  });

  it('a path kept every 3rd step, in chunks of 16 or whole: the op-by-op path, bit for bit', async () => {
    // Chunks of 16 start at t0 = 16, 32, … which are not multiples of 3, so each chunk's first kept
    // step is at a different offset; op by op keeps θ_0, θ_3, …, θ_99 (34 points) in any case.
    const exp = experiment('saddle', 'nesterov', 7);
    const [unfused, fused] = await trainBoth(exp, { pathEvery: 3 });
    const [, chunked] = await trainBoth(exp, { pathEvery: 3, chunk: 16 });
    for (let k = 0; k < 7; k++) {
      expect(unfused.paths[k]!.length).toBe(34 * 2);
      expect(bytesOf(fused.paths[k]!)).toEqual(bytesOf(unfused.paths[k]!));
      expect(bytesOf(chunked.paths[k]!)).toEqual(bytesOf(unfused.paths[k]!));
      expect(bytesOf(chunked.losses[k]!)).toEqual(bytesOf(unfused.losses[k]!));
    }
  });

  it('cancelled between chunks: resolves null and frees everything', async () => {
    const exp = experiment('quadratic', 'momentum', 7);
    const { start } = setUp(exp);
    const ops = sceneOps(tf, exp.scene, exp);
    const before = tf.memory().numTensors;
    let chunks = 0;
    const out = await trainBatched(
      tf,
      ops,
      { lrs: exp.lrs, steps: T, start, fused: true, chunk: 10 },
      { onChunk: () => (chunks += 1), cancelled: () => chunks >= 2 },
    );
    expect(out).toBeNull();
    expect(chunks).toBe(2);
    expect(tf.memory().numTensors).toBe(before);
    ops.dispose();
  });

  it('data scenes and early stopping stay unfused', async () => {
    // linreg trains through minibatches and a validation set; neither is in the kernel.
    const exp = { ...experiment('quadratic', 'sgd', 2), scene: 'linreg' as const };
    const { start } = setUp(exp);
    const ops = experimentOps(tf, exp);
    const out = await trainBatched(tf, ops, { lrs: [0.01, 0.1], steps: 5, start, fused: true });
    ops.dispose();
    expect(out?.fused).toBeUndefined();
  });
});
