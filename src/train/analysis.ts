import { setUp, type Experiment } from '../core/experiment';
import { isModelScene } from '../core/scenes';
import { gradientNoise } from '../core/noise';
import { rampLrs, rangeTest, suggestionSpread } from '../core/rangeTest';
import { stream } from '../core/rng';
import { stabilityBands } from '../core/stability';
import { scheduleFactors } from '../core/schedules';
import { cutAtNonFinite, type Trajectory } from '../core/trajectory';
import { verdictOf } from '../core/verdict';
import { trainLrs } from './experiment';
import { experimentOps } from './experimentOps';
import { sceneOps } from './sceneLoss';
import { closedFormGradient, sharpness } from './sharpness';
import type { TF } from './tf';
import { trainBatched, type TrainHooks, type TrainOptions } from './trainer';
import type { RangeResult, SharpnessResult, SweepResult } from '../protocol/results';

export type {
  AnalysisResult,
  RangeResult,
  SharpnessResult,
  SweepPoint,
  SweepResult,
} from '../protocol/results';

/** All learning rates of a sweep trained as one batch, each labelled and summarised. */
export async function runSweep(
  tf: TF,
  exp: Experiment,
  lrs: readonly number[],
  hooks: TrainOptions = {},
): Promise<SweepResult | null> {
  const out = await trainLrs(tf, exp, lrs, hooks);
  if (!out) return null;
  const { scene } = setUp(exp);
  const points = lrs.map((lr, k) => {
    const e = out.lossEvery ?? 1;
    const stride = e > 1 ? { every: e, steps: exp.steps } : undefined;
    const run = cutAtNonFinite(lr, out.losses[k]!, out.paths[k]!, scene.dims, stride);
    let best = Infinity;
    for (const l of run.losses) best = Math.min(best, l);
    return {
      lr,
      final: run.losses[run.losses.length - 1] ?? Infinity,
      best,
      verdict: verdictOf(run, scene, exp.noise),
    };
  });
  return { kind: 'sweep', experiment: { ...exp, lrs }, points };
}

/** Steps of the range test's exponential ramp (fastai's `lr_find` default is 100 iterations). */
export const RANGE_STEPS = 100;
/** Seeds the range test is repeated with, to show how far its suggestion moves. */
export const RANGE_SEEDS = 8;

/**
 * The learning-rate range test (Smith 2017; fastai `lr_find`) on the experiment's scene and
 * optimizer: one run per seed whose η rises exponentially from `min` to `max` over RANGE_STEPS
 * steps (the ramp is a schedule: η·factor_t with η = min), all seeds in one batch, each with its
 * own start and gradient noise. The loss at step t is paired with the η of the update taken there.
 */
export async function runRangeTest(
  tf: TF,
  exp: Experiment,
  range: { min: number; max: number },
  hooks: TrainHooks = {},
): Promise<RangeResult | null> {
  const steps = RANGE_STEPS;
  const seeds = Array.from({ length: RANGE_SEEDS }, (_, i) => (exp.seed + i) % 2 ** 32);
  const ramp = rampLrs(range.min, range.max, steps);
  const setups = seeds.map((seed) => setUp({ ...exp, seed, steps }));
  const P = setups[0]!.scene.dims;
  const K = seeds.length;
  const noise = new Float64Array(exp.noise > 0 ? steps * K * P : 0);
  if (exp.noise > 0) {
    seeds.forEach((seed, k) => {
      const n = gradientNoise(seed, steps, P, exp.noise);
      for (let t = 0; t < steps; t++) {
        for (let p = 0; p < P; p++) noise[t * K * P + k * P + p] = n[t * P + p]!;
      }
    });
  }
  const ops = experimentOps(tf, { ...exp, steps });
  try {
    const out = await trainBatched(
      tf,
      ops,
      {
        lrs: seeds.map(() => range.min),
        steps,
        start: setups.map((s) => s.start),
        noise,
        optimizer: exp,
        factors: ramp.map((lr) => lr / range.min),
      },
      hooks,
    );
    if (!out) return null;
    const runs = out.losses.map((losses) => rangeTest(ramp, losses.subarray(0, steps)));
    return {
      kind: 'range',
      experiment: exp,
      ...range,
      seeds,
      runs,
      spread: suggestionSpread(runs),
    };
  } finally {
    ops.dispose();
  }
}

/** Power-iteration steps per estimate (issue: 20). */
export const SHARPNESS_ITERATIONS = 20;

/**
 * The edge-of-stability view (Cohen et al. 2021): λmax of the Hessian at every step of every run,
 * by batched power iteration on Hessian–vector products, next to the stability edge c/η_t of the
 * optimizer (c = 2 for SGD, 2(1 + β) for momentum; see src/core/stability.ts).
 */
export async function runSharpness(
  tf: TF,
  exp: Experiment,
  runs: readonly Trajectory[],
): Promise<SharpnessResult> {
  const { scene } = setUp(exp);
  if (isModelScene(scene)) {
    throw new Error(
      'sharpness is not measured for networks here: tfjs 4.22 gets second derivatives through tanh wrong',
    );
  }
  const P = scene.dims;
  const points = new Float32Array(runs.reduce((n, r) => n + r.path.length, 0));
  let at = 0;
  for (const r of runs) {
    points.set(r.path, at);
    at += r.path.length;
  }
  const ops = sceneOps(tf, exp.scene, exp);
  let all: Float64Array;
  try {
    all = await sharpness(tf, closedFormGradient(ops), points, {
      dims: P,
      rng: stream(exp.seed, 'sharpness'),
      iterations: SHARPNESS_ITERATIONS,
    });
  } finally {
    ops.dispose();
  }
  const series: Float64Array[] = [];
  let from = 0;
  for (const r of runs) {
    const n = r.path.length / P;
    series.push(all.slice(from, from + n));
    from += n;
  }
  const c = stabilityBands(1, exp)?.divergence;
  const factors = scheduleFactors(exp, exp.steps);
  const edge =
    c === undefined
      ? null
      : runs.map((r) =>
          Float64Array.from({ length: r.path.length / P }, (_, t) => {
            const f = factors[Math.min(t, factors.length - 1)] ?? 1;
            return c / (r.lr * f);
          }),
        );
  return { kind: 'sharpness', experiment: exp, series, edge };
}
