/**
 * The data issue's numbers, per Node backend:
 * - `surface_grid_64_mlp_ms_host`: a 64×64 slice of the cars MLP (16 tanh units, the default), 4096
 *   parameter sets evaluated on the training rows as the app does on every backend, on the host
 *   (src/train/modelSurface.ts `networkLoss`);
 * - `kfold5_over_single`: 5-fold cross-validation of one learning rate, divided by a single run of
 *   the same steps (both full-batch, with their validation loss every step), each on the path the
 *   app trains it on: the worker asks for `fused`, so the single run takes the fused network step,
 *   and k-fold of a link of version 2 or later (new pages, presets) asks for `fusedFolds` too: the 5 folds
 *   as lanes of one fused kernel call;
 * - `kfold5_fused_over_single`: the same with the 5 folds fused one call each (the fused path
 *   before the folds became lanes, the same bits, still taken with minibatches);
 * - `kfold5_v1_over_single`: the same for a link written at version 1: its k-fold op by op, one
 *   batch of 5 runs (the bits its fingerprint was made with).
 */
import { BACKEND_ORDER } from '../src/core/backends';
import { PLAIN_GD, setUp, type Experiment } from '../src/core/experiment';
import { randomPlane, sliceGrid } from '../src/core/models/slices';
import { stream } from '../src/core/rng';
import { makeScene, type ModelScene } from '../src/core/scenes';
import { trainRequest } from '../src/train/experiment';
import { experimentOps } from '../src/train/experimentOps';
import { foldOps, foldPlan } from '../src/train/foldOps';
import { networkLoss } from '../src/train/modelSurface';
import type { TF } from '../src/train/tf';
import { trainBatched } from '../src/train/trainer';
import { foldLanes } from '../src/train/fused/mlpTrainer';
import { median } from './stats';

const exp: Experiment = {
  ...PLAIN_GD,
  scene: 'cars',
  kappa: 10,
  seed: 42069,
  lrs: [0.05],
  steps: 100,
  noise: 0,
};
const REPS = 5;
/**
 * Pairs timed for `kfold5_over_single`: a run is 5–10 ms, so one preempted side moves a pair's
 * ratio by a third on a busy machine; the median of nine pairs (of five before 2026-12-05) moves
 * less.
 */
const KFOLD_REPS = 9;

/** Median ms of evaluating a 64×64 slice on the host, as the app evaluates it (`networkLoss`). */
export function benchSurface64(): number {
  const scene = makeScene('cars', exp) as ModelScene;
  const { start } = setUp(exp);
  const plane = randomPlane(scene.layout, start, stream(1, 'slice'));
  const G = 64;
  const P = scene.dims;
  const loss = networkLoss(scene);
  const batch = Math.max(1, Math.floor((1 << 20) / P));
  const times: number[] = [];
  for (let r = 0; r < REPS + 1; r++) {
    const t0 = performance.now();
    for (let s = 0; s < G * G; s += batch) {
      const count = Math.min(batch, G * G - s);
      loss(sliceGrid(plane.origin, plane.d1, plane.d2, G, 1, { start: s, count }));
    }
    if (r > 0) times.push(performance.now() - t0);
  }
  return median(times);
}

/**
 * Median over KFOLD_REPS of (5-fold ms ÷ single-run ms), timed back to back; `fused` says which side asks
 * for the fused path (default: both, as the app does), whether k-fold is fused too (default: yes,
 * as the app asks at version 2), and whether its folds are lanes of one call (default: yes).
 */
export async function benchKFold(
  tf: TF,
  fused: { kfold: boolean; single: boolean; folds?: boolean; lanes?: boolean } = {
    kfold: true,
    single: true,
    folds: true,
  },
): Promise<{ ratio: number; kfoldMs: number; singleMs: number }> {
  const scene = makeScene('cars', exp) as ModelScene;
  const { start, noise } = setUp(exp);
  const plan = foldPlan(scene, 5);
  const time = async (k: boolean) => {
    const ops = k ? foldOps(tf, scene, exp, plan) : experimentOps(tf, exp);
    const lrs = k ? Array<number>(5).fill(exp.lrs[0]!) : exp.lrs;
    foldLanes.enabled = fused.lanes !== false;
    try {
      const t0 = performance.now();
      await trainBatched(tf, ops, {
        ...trainRequest(exp, lrs, start, noise, k ? fused.kfold : fused.single),
        fusedFolds: fused.folds === true ? BACKEND_ORDER : [],
      });
      return performance.now() - t0;
    } finally {
      ops.dispose();
      foldLanes.enabled = true;
    }
  };
  await time(true);
  await time(false);
  const ratios: number[] = [];
  const ks: number[] = [];
  const ones: number[] = [];
  for (let r = 0; r < KFOLD_REPS; r++) {
    const a = await time(true);
    const b = await time(false);
    ratios.push(a / b);
    ks.push(a);
    ones.push(b);
  }
  return { ratio: median(ratios), kfoldMs: median(ks), singleMs: median(ones) };
}
