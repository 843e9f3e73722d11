import { beforeAll, describe, expect, it } from 'vitest';
import { BACKEND_ORDER, type BackendName } from '../../src/core/backends';
import { setUp, type Experiment } from '../../src/core/experiment';
import { OPTIMIZERS } from '../../src/core/optimizers';
import { makeScene, type ModelScene } from '../../src/core/scenes';
import { trainRequest } from '../../src/train/experiment';
import { foldOps, foldPlan } from '../../src/train/foldOps';
import { MLP_STEP_KERNEL } from '../../src/train/fused/mlpKernel';
import { foldLanes } from '../../src/train/fused/mlpTrainer';
import { simdMlpStep } from '../../src/train/fused/mlpStepSimd';
import { trainBatched, type BatchedOutput } from '../../src/train/trainer';
import { CARS_STABLE_RATES, lecture } from '../helpers/experiments';
import { bits } from '../helpers/links';
import { expectCloseRuns, F32_U, gammaOf } from '../helpers/numeric';
import { NODE_BACKENDS, tf, useBackend } from '../helpers/tfjs';

/**
 * k-fold cross-validation of a network trained fused, fold by fold (request option `fusedFolds`,
 * src/train/fused/mlpTrainer.ts `trainFusedFolds`), against the op-by-op k-fold batch
 * (src/train/foldOps.ts), which stays the reference.
 *
 * Tolerance, derived as for the single-split fused step (tests/train/fusedMlp.test.ts): the paths
 * differ only in rounding, and the longest float32 chain of a step is the op-by-op sum over a
 * fold's m training rows (its loss and its gradient), at most γ_m = m·u/(1 − m·u) relative to the
 * sum of its terms' magnitudes (Higham, Accuracy and Stability of Numerical Algorithms, §3.1). The
 * padded rows of the op-by-op batch carry weight 0 and add exact zeros. With stable learning rates
 * the update map does not expand differences, so after t steps the gap is at most (t + 1)·γ_m
 * relative; Adam's division by √v̂ + ε at most doubles it. An absolute 1e-6 covers values near 0.
 */
const T = 20;
const ABS = 1e-6;
const K_FOLDS = 3;

/** The lecture's seed and κ on the cars network, in K_FOLDS folds. */
const base = (over: Partial<Experiment>): Experiment =>
  lecture({ scene: 'cars', lrs: [0.05], steps: T, folds: K_FOLDS, ...over });

function expectSame(a: BatchedOutput, b: BatchedOutput, rel: number) {
  const tol = { rel, abs: ABS };
  expectCloseRuns(a.losses, b.losses, tol, 'loss');
  expectCloseRuns(a.paths, b.paths, tol, 'θ');
  expect(a.validation && b.validation).toBeTruthy();
  expectCloseRuns(a.validation!.losses, b.validation!.losses, tol, 'validation loss');
  expectCloseRuns(a.validation!.bestTheta, b.validation!.bestTheta, tol, 'best θ');
  expect(a.validation!.bestStep).toEqual(b.validation!.bestStep);
  expect(a.validation!.stopStep).toEqual(b.validation!.stopStep);
}

describe.each(NODE_BACKENDS)('k-fold of a network trained fused on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  const grid = OPTIMIZERS.flatMap((optimizer) =>
    [0, 32].map((batchSize) => ({ optimizer, batchSize })),
  );
  it.each(grid)(
    '$optimizer, batch size $batchSize (0: full batch): the op-by-op k-fold numbers',
    async ({ optimizer, batchSize }) => {
      const [lo, hi] = CARS_STABLE_RATES[optimizer];
      const exp = base({ optimizer, batchSize, lrs: [lo, hi], patience: 4 });
      const scene = makeScene('cars', exp) as ModelScene;
      const plan = foldPlan(scene, K_FOLDS);
      const m = Math.max(...plan.train.map((r) => r.length));
      const gamma = gammaOf(m, F32_U);
      const rel = (T + 1) * gamma * (optimizer.startsWith('adam') ? 2 : 1);
      // The data sets the bound's size: it must still say something (≈ 3e-4 here).
      expect(rel).toBeLessThan(1e-3);
      const { start, noise } = setUp(exp);
      // Run r = j·k + i: learning rate j on fold i, as runExperiment lays them out.
      const lrs = exp.lrs.flatMap((lr) => Array<number>(K_FOLDS).fill(lr));
      const ops = foldOps(tf, scene, exp, plan);
      const before = tf.memory().numTensors;
      try {
        const req = { ...trainRequest(exp, lrs, start, noise, true), patience: 4, chunk: 8 };
        const fused = (await trainBatched(tf, ops, { ...req, fusedFolds: BACKEND_ORDER }))!;
        const plain = (await trainBatched(tf, ops, { ...req, fused: false }))!;
        expect(tf.memory().numTensors).toBe(before);
        expect(fused.fused).toBe(true);
        expect(plain.fused).toBeUndefined();
        expect(fused.losses).toHaveLength(lrs.length);
        // The folds see different rows: runs of one rate differ across folds (not one fold copied).
        expect(fused.validation!.losses[0]![T]).not.toBe(fused.validation!.losses[1]![T]);
        expectSame(fused, plain, rel);
      } finally {
        ops.dispose();
      }
    },
  );

  it('full batch: one kernel dispatch per chunk for all folds (their rows as lanes); `fused` alone leaves k-fold op by op', async () => {
    const exp = base({ lrs: [0.05, 0.1], steps: 5 });
    const scene = makeScene('cars', exp) as ModelScene;
    const { start, noise } = setUp(exp);
    const ops = foldOps(tf, scene, exp, foldPlan(scene, K_FOLDS));
    const lrs = exp.lrs.flatMap((lr) => Array<number>(K_FOLDS).fill(lr));
    try {
      const req = { ...trainRequest(exp, lrs, start, noise, true), chunk: 100 };
      const names = async (fusedFolds: readonly BackendName[]) => {
        const profile = await tf.profile(async () => {
          await trainBatched(tf, ops, { ...req, fusedFolds });
        });
        return profile.kernels.map((k) => k.name);
      };
      // The 6 steps of every fold in one chunk: one dispatch.
      expect((await names(BACKEND_ORDER)).filter((n) => n === MLP_STEP_KERNEL)).toHaveLength(1);
      // Fold by fold (minibatches, or without the SIMD step): one dispatch per fold and chunk.
      foldLanes.enabled = false;
      try {
        expect((await names(BACKEND_ORDER)).filter((n) => n === MLP_STEP_KERNEL)).toHaveLength(
          K_FOLDS,
        );
      } finally {
        foldLanes.enabled = true;
      }
      expect(await names([])).not.toContain(MLP_STEP_KERNEL);
    } finally {
      ops.dispose();
    }
  });

  /**
   * The folds as lanes of one call give every run the bits it gets in a call of its own fold (the
   * definition of version-2 k-fold, src/core/experiment.ts): each lane does the same float32
   * operations over its own rows in their order, and a padding record adds exactly +0 (a masked
   * term) while θ is finite — so the whole traces are compared, up to a diverging run's first
   * non-finite loss (after which nothing is shown or fingerprinted, src/core/trajectory.ts).
   */
  it
    .skipIf(!simdMlpStep.enabled)
    .each(OPTIMIZERS.map((optimizer) => ({ optimizer, noise: optimizer === 'sgd' ? 0.05 : 0 })))(
    '$optimizer: all folds in one call give the bits of each fold in its own (noise $noise)',
    async ({ optimizer, noise: sigma }) => {
      const [lo, hi] = CARS_STABLE_RATES[optimizer];
      // Five folds of three rates (a chunk of four lanes holds runs of different folds), one of
      // them far too large.
      const exp = base({ optimizer, lrs: [lo, hi, 50 * hi], patience: 3, noise: sigma, steps: 30 });
      const k = 5;
      const scene = makeScene('cars', exp) as ModelScene;
      const { start, noise } = setUp(exp);
      const ops = foldOps(tf, scene, exp, foldPlan(scene, k));
      const lrs = exp.lrs.flatMap((lr) => Array<number>(k).fill(lr));
      const before = tf.memory().numTensors;
      try {
        const req = { ...trainRequest(exp, lrs, start, noise, true), patience: 3, chunk: 7 };
        const lanes = (await trainBatched(tf, ops, req))!;
        foldLanes.enabled = false;
        let apart: BatchedOutput;
        try {
          apart = (await trainBatched(tf, ops, req))!;
        } finally {
          foldLanes.enabled = true;
        }
        expect(tf.memory().numTensors).toBe(before);
        expect(lanes.fused && apart.fused).toBe(true);
        let diverged = 0;
        lanes.losses.forEach((l, r) => {
          const end = l.findIndex((x) => !Number.isFinite(x));
          const n = end < 0 ? l.length : end;
          if (end >= 0) diverged++;
          const what = `run ${r}`;
          expect(bits(l.subarray(0, n)), what).toEqual(bits(apart.losses[r]!.subarray(0, n)));
          expect(bits(lanes.validation!.losses[r]!.subarray(0, n)), what).toEqual(
            bits(apart.validation!.losses[r]!.subarray(0, n)),
          );
          if (end < 0) {
            expect(bits(lanes.paths[r]!), what).toEqual(bits(apart.paths[r]!));
            expect(bits(lanes.validation!.bestTheta[r]!), what).toEqual(
              bits(apart.validation!.bestTheta[r]!),
            );
          }
        });
        expect(lanes.validation!.bestStep).toEqual(apart.validation!.bestStep);
        expect(lanes.validation!.stopStep).toEqual(apart.validation!.stopStep);
        // Not every run is cut short: the comparison covers whole traces.
        expect(diverged).toBeLessThan(lrs.length);
      } finally {
        ops.dispose();
      }
    },
  );
});
