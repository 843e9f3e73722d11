import {
  setUp,
  summarise,
  trainLossEvery,
  VERSION_RULES,
  type Experiment,
} from '../core/experiment';
import type { Verdict } from '../core/verdict';
import { stream } from '../core/rng';
import { scheduleFactors } from '../core/schedules';
import { isDataScene, isModelScene } from '../core/scenes';
import { sceneKey } from '../core/scenes/scene';
import { PATH_BUDGET } from '../core/scenes/cars';
import { modelSlice, networkLoss } from './modelSurface';
import { sceneSurfaceOnHost } from './fused/hostSurface';
import { minibatchSigma } from '../core/scenes/linreg';
import { cutAtNonFinite } from '../core/trajectory';
import { experimentOps } from './experimentOps';
import { foldOps, foldPlan, type FoldPlan } from './foldOps';
import type { TF } from './tf';
import { trainBatched, type BatchedOutput, type StepOps, type TrainOptions } from './trainer';
import { optimizerGroups } from '../core/runOptimizers';
import type {
  DataResult,
  ExperimentResult,
  KFoldResult,
  PartialLosses,
  SliceInfo,
  Surface,
} from '../protocol/results';
import { everyRunStarted, partialLosses, placeSnapshot, streamChunk } from './partial';

/**
 * What `runExperiment` takes besides the trainer's hooks: the clock, and for results as they come,
 * `onPartial`, called after a chunk (before `onChunk`) once every run has one (networks only: the analytic scenes
 * train in milliseconds), with the steps done and the partial result's maker (it copies the losses
 * so far, src/train/partial.ts, so call it only to post it).
 */
export interface ExperimentHooks extends TrainOptions {
  readonly now: () => number;
  readonly onPartial?: (stepsDone: number, take: () => PartialLosses) => void;
}

export type { DataResult, ExperimentResult, KFoldResult } from '../protocol/results';

/**
 * Summarises the folds: each fold-run's lowest validation loss (its early-stopping point), then per
 * learning rate the mean and the standard deviation (n − 1 denominator) over the k folds. Runs that
 * went non-finite count as +∞. The pick is the lowest mean (the usual rule, e.g. Hastie, Tibshirani
 * & Friedman, ESL §7.10) among the learning rates whose run the page does not call diverged or too
 * large (`verdicts`, one per learning rate, as the runs table shows them): a learning rate whose
 * loss jumps up can score a low validation minimum by luck of the step it was read at, and the page
 * must not recommend what its own table warns against. With no such learning rate, the lowest mean
 * of all, said as no safe choice.
 */
export function kFoldSummary(
  plan: FoldPlan,
  lrs: readonly number[],
  validation: { readonly losses: readonly Float32Array[]; readonly bestStep: readonly number[] },
  verdicts: readonly (Verdict | undefined)[] = [],
): KFoldResult {
  const { k } = plan;
  const val = lrs.map((_, j) => Array.from({ length: k }, (_, i) => validation.losses[j * k + i]!));
  const bestOf = val.map((runs, j) =>
    runs.map((v, i) => {
      const b = v[validation.bestStep[j * k + i]!] ?? NaN;
      return Number.isFinite(b) ? b : Infinity;
    }),
  );
  const mean = bestOf.map((b) => b.reduce((a, x) => a + x, 0) / k);
  const sd = bestOf.map((b, j) =>
    Math.sqrt(b.reduce((a, x) => a + (x - mean[j]!) ** 2, 0) / Math.max(1, k - 1)),
  );
  const lowest = (ok: (j: number) => boolean) => {
    let at = -1;
    mean.forEach((m, j) => {
      if (ok(j) && (at < 0 || m < mean[at]!)) at = j;
    });
    return at;
  };
  const safe = (j: number) => {
    const kind = verdicts[j]?.kind;
    return kind !== 'diverged' && kind !== 'too-large' && Number.isFinite(mean[j]);
  };
  const best = Math.max(
    0,
    lowest(() => true),
  );
  const pick = lowest(safe);
  const base = { k, foldSizes: plan.folds.map((f) => f.length), val, mean, sd, verdicts };
  if (pick < 0) return { ...base, pick: best, reason: 'none' };
  if (pick === best) return { ...base, pick, reason: 'lowest' };
  return { ...base, pick, reason: 'skipped', skipped: best };
}

/** Surfaces a worker keeps for reuse: one per recent scene and options (κ, seed, split, formula…). */
export const SURFACE_CACHE = 8;

/**
 * The stride of a network's recorded θ rows: every n-th step when the rows of all `runs` runs at
 * every step (runs·(steps + 1)·P numbers) would not fit PATH_BUDGET.
 */
export function networkPathEvery(runs: number, steps: number, P: number): number {
  return Math.max(1, Math.ceil((runs * (steps + 1) * P) / PATH_BUDGET));
}

/**
 * Trains all runs of an experiment as one batch on the active backend, evaluates the surface (on
 * the host, for every scene and a network's slice), and labels the runs. Resolves null if cancelled.
 */
export async function runExperiment(
  tf: TF,
  exp: Experiment,
  hooks: ExperimentHooks,
  surfaces: Map<string, Surface> = new Map(),
): Promise<ExperimentResult | null> {
  const { scene, start, noise } = setUp(exp);
  // k-fold cross-validation: every learning rate on every fold, one batch (run j·k + i); the
  // figure shows fold 0's run of each learning rate, the k-fold view all of them.
  const pool = isDataScene(scene) ? scene.split.train.length + scene.split.val.length : 0;
  const plan =
    isDataScene(scene) && exp.folds >= 2 && pool >= 2
      ? foldPlan(scene, Math.min(exp.folds, pool))
      : undefined;
  const k = plan?.k ?? 1;
  const ops = plan && isDataScene(scene) ? foldOps(tf, scene, exp, plan) : experimentOps(tf, exp);
  const network = isModelScene(scene);
  const shown = exp.lrs.map((_, j) => j * k);
  const P = scene.dims;
  const every = network ? networkPathEvery(exp.lrs.length * k, exp.steps, P) : 1;
  const { onPartial } = hooks;
  const streams = network && onPartial !== undefined;
  // The trainer's snapshot after each chunk, in the whole training's run order, once every run has
  // its first chunk; it is copied (partialLosses) only when the caller takes it.
  const trainHooks: TrainOptions = streams
    ? {
        ...hooks,
        onChunk: (n, snap) => {
          const s = snap?.();
          if (s && everyRunStarted(s)) {
            onPartial(n, () => partialLosses(s, { stepsDone: n, steps: exp.steps, k }));
          }
          hooks.onChunk?.(n);
        },
      }
    : hooks;
  try {
    const t0 = hooks.now();
    const full = await trainByOptimizer(tf, exp, ops, {
      k,
      start,
      noise,
      every,
      hooks: trainHooks,
      ...(streams ? { chunk: streamChunk(exp.steps) } : {}),
      opsFor: (sub) =>
        plan && isDataScene(scene) ? foldOps(tf, scene, sub, plan) : experimentOps(tf, sub),
    });
    const trainMs = hooks.now() - t0;
    if (!full) return null;
    const pick = <T>(xs: readonly T[]) => shown.map((r) => xs[r]!);
    const out = {
      losses: pick(full.losses),
      paths: pick(full.paths),
      validation: full.validation && {
        losses: pick(full.validation.losses),
        bestTheta: pick(full.validation.bestTheta),
        bestStep: pick(full.validation.bestStep),
        stopStep: pick(full.validation.stopStep),
      },
    };
    let surface: Surface;
    let slice: SliceInfo | undefined;
    let surfaceMs: number | undefined;
    let paths = out.paths;
    let drawnDims = P;
    if (network) {
      // A network is drawn through the plane of a trajectory, its paths projected onto it.
      const s0 = hooks.now();
      const sliced = modelSlice(
        networkLoss(scene),
        P,
        out.paths,
        out.losses.map((l) => l[l.length - 1] ?? NaN),
        every,
        exp.steps,
        hooks.onSurface,
        exp.slice === 'random'
          ? { kind: 'random', layout: scene.layout, rng: stream(exp.seed, 'slice') }
          : { kind: 'pca' },
      );
      ({ surface, slice } = sliced);
      surfaceMs = hooks.now() - s0;
      paths = sliced.projected.map((p) => Float32Array.from(p));
      drawnDims = 2;
    } else {
      // The loss on the scene's training split, on the host whatever the backend
      // (src/train/fused/hostSurface.ts; fold runs each train on their own rows). It depends on
      // the scene alone: every option of it (a typed formula's text too) is in the key.
      const key = sceneKey(exp.scene, exp);
      surface = surfaces.get(key) ?? sceneSurfaceOnHost(exp, scene);
      // Most recently used last; the oldest go, so a class trying seed after seed leaks nothing.
      surfaces.delete(key);
      surfaces.set(key, surface);
      for (const old of surfaces.keys()) {
        if (surfaces.size <= SURFACE_CACHE) break;
        surfaces.delete(old);
      }
    }
    // The trainer's stride, as it computed (1 where it records every step).
    const lossEvery = full.lossEvery ?? 1;
    const stride = lossEvery > 1 ? { every: lossEvery, steps: exp.steps } : undefined;
    const trajectories = exp.lrs.map((lr, k) =>
      cutAtNonFinite(lr, out.losses[k]!, paths[k]!, drawnDims, stride),
    );
    // Minibatches make the gradient noisy too: the verdicts' noise rules get both sources.
    const batchSigma = isDataScene(scene) ? minibatchSigma(scene, exp.batchSize) : 0;
    const sigma = Math.hypot(exp.noise, batchSigma);
    let data: DataResult | undefined;
    if (isDataScene(scene)) {
      const v = out.validation;
      const test = scene.split.test;
      data = {
        // Validation losses are every step's: cut at the step the run's trace was cut at.
        val: v ? v.losses.map((l, k) => l.slice(0, trajectories[k]!.nonFiniteAt ?? l.length)) : [],
        bestStep: v?.bestStep ?? exp.lrs.map(() => 0),
        stopStep: v?.stopStep ?? exp.lrs.map(() => exp.steps),
        // The exam: once, at the end, for the chosen parameters only, in float64 (not for k-fold
        // runs, each standardised on its own fold: the exam belongs to the model k-fold picks).
        test: exp.lrs.map((_, k) => {
          if (plan) return NaN;
          const theta = v
            ? Array.from(v.bestTheta[k]!)
            : Array.from(out.paths[k]!.slice(-scene.dims));
          return test.length ? scene.testLoss(theta) : NaN;
        }),
        sizes: {
          train: scene.split.train.length,
          val: scene.split.val.length,
          test: test.length,
          dropped: scene.data.dropped,
        },
        batches: ops.schedule && {
          B: ops.schedule.B,
          idx: ops.schedule.idx,
          weight: ops.schedule.weight,
        },
      };
    }
    const summary = summarise(scene, trajectories, sigma);
    return {
      experiment: exp,
      ...summary,
      start,
      surface,
      trainMs,
      fused: full.fused === true,
      ...(data ? { data } : {}),
      ...(slice ? { slice, surfaceMs } : {}),
      ...(plan && full.validation
        ? {
            kfold: kFoldSummary(
              plan,
              exp.lrs,
              full.validation,
              summary.runs.map((r) => r.verdict),
            ),
          }
        : {}),
    };
  } finally {
    ops.dispose();
  }
}

/**
 * Trains the runs of an experiment, each with its own optimizer where it has one: the runs are
 * grouped by optimizer (src/core/runOptimizers.ts), each group is one batch on its own ops, and the
 * runs are put back in run order (with k folds, learning rate j's runs are j·k … j·k + k − 1 in the
 * whole and in its group alike). With one optimizer for all it is the single batch it always was.
 * On cpu and wasm a run does not depend on the batch around it, so grouping changes no number.
 */
async function trainByOptimizer(
  tf: TF,
  exp: Experiment,
  ops: StepOps,
  how: {
    readonly k: number;
    readonly start: readonly number[];
    readonly noise: Float64Array;
    readonly every: number;
    readonly hooks: TrainOptions;
    readonly opsFor: (sub: Experiment) => StepOps & { dispose(): void };
    /** Steps per read-back, when the caller wants them (results as they come); else the trainer's. */
    readonly chunk?: number;
  },
): Promise<BatchedOutput | null> {
  const { k, start, noise, every, hooks } = how;
  const groups = optimizerGroups(exp, exp.lrs.length);
  const train = (sub: Experiment, subOps: StepOps, groupHooks: TrainOptions = hooks) =>
    trainBatched(
      tf,
      subOps,
      {
        ...trainRequest(
          sub,
          sub.lrs.flatMap((lr) => Array<number>(k).fill(lr)),
          start,
          noise,
          hooks.fused,
        ),
        patience: sub.patience,
        pathEvery: every,
        ...(how.chunk !== undefined ? { chunk: how.chunk } : {}),
      },
      groupHooks,
    );
  const only = groups[0];
  if (groups.length === 1 && only) return train({ ...exp, ...only.spec }, ops);
  const runs = exp.lrs.length * k;
  const losses = new Array<Float32Array>(runs);
  const paths = new Array<Float32Array>(runs);
  const val = {
    losses: new Array<Float32Array>(runs),
    bestTheta: new Array<Float32Array>(runs),
    bestStep: new Array<number>(runs),
    stopStep: new Array<number>(runs),
  };
  let validated = true;
  let fused = true;
  // Every group trains at the experiment's stride (trainLossEvery depends on no optimizer field).
  let lossEvery: number | undefined;
  for (const group of groups) {
    const sub: Experiment = {
      ...exp,
      ...group.spec,
      lrs: group.runs.map((j) => exp.lrs[j]!),
      runOptimizers: [],
    };
    const subOps = how.opsFor(sub);
    // The group's snapshots in the whole run order: the groups before it whole, those after empty.
    const to = group.runs.flatMap((j) => Array.from({ length: k }, (_, i) => j * k + i));
    const groupHooks: TrainOptions = {
      ...hooks,
      onChunk: (n, snap) =>
        hooks.onChunk?.(
          n,
          snap && (() => placeSnapshot(snap(), to, { losses, val: val.losses }, runs)),
        ),
    };
    let out: BatchedOutput | null;
    try {
      out = await train(sub, subOps, groupHooks);
    } finally {
      subOps.dispose();
    }
    if (!out) return null;
    fused &&= out.fused === true;
    lossEvery = out.lossEvery;
    group.runs.forEach((j, g) => {
      for (let i = 0; i < k; i++) {
        const from = g * k + i;
        const to = j * k + i;
        losses[to] = out.losses[from]!;
        paths[to] = out.paths[from]!;
        if (out.validation) {
          val.losses[to] = out.validation.losses[from]!;
          val.bestTheta[to] = out.validation.bestTheta[from]!;
          val.bestStep[to] = out.validation.bestStep[from]!;
          val.stopStep[to] = out.validation.stopStep[from]!;
        } else validated = false;
      }
    });
  }
  return {
    losses,
    paths,
    ...(validated ? { validation: val } : {}),
    fused,
    ...(lossEvery !== undefined ? { lossEvery } : {}),
  };
}

/**
 * The trainer's request for an experiment's optimizer and schedule, with the given learning rates.
 * With `fused`, k-fold runs of a network train fused too where the experiment's version says so
 * (VERSION_RULES in src/core/experiment.ts): a link written before they did keeps its bits. The
 * training losses are recorded at the experiment's stride (trainLossEvery: a network's
 * minibatch training records every lossStride(steps)-th step from version 2 on).
 */
export function trainRequest(
  exp: Experiment,
  lrs: readonly number[],
  start: readonly number[],
  noise: Float64Array,
  fused = false,
) {
  return {
    lrs,
    steps: exp.steps,
    start,
    noise,
    optimizer: exp,
    factors: scheduleFactors(exp, exp.steps),
    fused,
    fusedFolds: fused ? VERSION_RULES[exp.version].fusedFolds : [],
    lossEvery: trainLossEvery(exp),
  };
}

/**
 * Trains the experiment's scene and optimizer at `lrs` (not its own list) as one batch, from its
 * start and gradient noise: the sweep and the slider grid. Null when cancelled.
 */
export async function trainLrs(
  tf: TF,
  exp: Experiment,
  lrs: readonly number[],
  hooks: TrainOptions,
): Promise<BatchedOutput | null> {
  const { start, noise } = setUp(exp);
  const ops = experimentOps(tf, exp);
  try {
    return await trainBatched(tf, ops, trainRequest(exp, lrs, start, noise, hooks.fused), hooks);
  } finally {
    ops.dispose();
  }
}

/**
 * Milliseconds per step for a short run of this experiment's shape, op by op or with the fused
 * kernel (which `trainBatched` falls back from where it does not apply): after a 5-step warm-up, a
 * 5-step check run, which is the answer when it is already slower than `giveUpMs` per step (a pair
 * that cannot win is not timed further: src/train/backend.ts PROBE_GIVE_UP_RATIO); otherwise the
 * median of three timed runs of 30 steps.
 */
export async function probeStepMs(
  tf: TF,
  exp: Experiment,
  now: () => number,
  fused = false,
  giveUpMs = Infinity,
): Promise<number> {
  const { start } = setUp(exp);
  const steps = 30;
  const short = 5;
  const ops = experimentOps(tf, { ...exp, steps });
  try {
    const req = {
      ...trainRequest({ ...exp, steps }, exp.lrs, start, new Float64Array(0), fused),
      chunk: steps + 1,
    };
    const msPerStep = async (n: number) => {
      const t0 = now();
      await trainBatched(tf, ops, n === steps ? req : { ...req, steps: n, factors: undefined });
      return (now() - t0) / n;
    };
    await msPerStep(short);
    const check = await msPerStep(short);
    if (check > giveUpMs) return check;
    const times: number[] = [];
    for (let i = 0; i < 3; i++) times.push(await msPerStep(steps));
    return times.sort((a, b) => a - b)[1]!;
  } finally {
    ops.dispose();
  }
}
