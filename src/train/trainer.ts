import { DEFAULT_OPTIMIZER } from '../core/optimizers';
import { isConstant } from '../core/schedules';
import { lossCount } from '../core/trajectory';
import { foldsFuse, fusedMlpSupported, type FusedMlpData } from './fused/mlpKernel';
import { trainFusedFolds, trainFusedMlp } from './fused/mlpTrainer';
import type { AnalyticSpec } from './fused/analyticKernel';
import { fusedOnActiveBackend } from './fused/register';
import { trainFused } from './fused/trainFused';
import { batchedOptimizer } from './optimizers';
import type { TF, Tensor, Tensor1D, Tensor2D } from './tf';
import { driveChunks, stepChunks, type ChunkStep } from './chunkDriver';
import {
  checkRequest,
  isRows,
  lossEveryOf,
  validationOf,
  type BatchedOutput,
  type BatchedRequest,
  type TrainHooks,
} from './batched';

export {
  checkRequest,
  earlyStopping,
  lossEveryOf,
  validationOf,
  type BatchedOutput,
  type BatchedRequest,
  type TrainHooks,
  type TrainOptions,
} from './batched';

/**
 * What the trainer needs of a problem, per step t. The analytic scenes' SceneOps fit as they are
 * (they ignore t); data scenes use t to pick step t's minibatch.
 */
export interface StepOps {
  /** Loss and gradient at θ, both over step t's data (the whole training set without t). */
  lossAndGrad(theta: Tensor2D, t?: number): { loss: Tensor1D; grad: Tensor2D };
  /** Loss at θ over step t's data (the whole training set without t). */
  loss(theta: Tensor2D, t?: number): Tensor1D;
  /**
   * The loss to record instead, when it differs from the one the update sees (the full training
   * set, where updates see minibatches).
   */
  recordedLoss?(theta: Tensor2D): Tensor1D;
  /** Validation loss per run; with it the trainer records its curve and keeps each run's best θ. */
  validation?(theta: Tensor2D): Tensor1D;
  /** A network's data for the fused step kernel (request option `fused`); absent: no fused path. */
  readonly fusedMlp?: FusedMlpData;
  /**
   * k-fold cross-validation of a network: each fold's rows for the fused step kernel (fold i's runs
   * are r ≡ i mod k, src/train/foldOps.ts); absent: no fused path.
   */
  readonly fusedFolds?: readonly FusedMlpData[];
  /** An analytic scene's description, for the fused kernel (src/train/fused); absent otherwise. */
  readonly analytic?: AnalyticSpec;
}

/**
 * K runs at once: θ is one [K, P] tensor, the learning rates one [K, P] tensor (η_k along row k), and each step is one
 * batched loss-and-gradient call plus the optimizer's update with g + n_t and η·factor_t (the
 * optimizer's state is [K, P] tensors too). Losses and parameters are stacked per chunk and read
 * back with one `await data()` each.
 */
export async function trainBatched(
  tf: TF,
  ops: StepOps,
  req: BatchedRequest,
  hooks: TrainHooks = {},
): Promise<BatchedOutput | null> {
  if (req.fused && ops.fusedMlp && fusedMlpSupported(tf)) {
    const out = await trainFusedMlp(tf, ops.fusedMlp, req, hooks);
    return out && { ...out, fused: true };
  }
  if (req.fused && ops.fusedFolds && foldsFuse(tf, req.fusedFolds)) {
    const out = await trainFusedFolds(tf, ops.fusedFolds, req, hooks);
    return out && { ...out, fused: true };
  }
  if (req.fused && canFuse(tf, ops, req)) return trainFused(tf, ops.analytic!, req, hooks);
  const K = req.lrs.length;
  const T = req.steps;
  const P = isRows(req.start) ? (req.start[0]?.length ?? 0) : req.start.length;
  const { rows, noiseWidth } = checkRequest(req, P);
  const chunk = Math.max(1, req.chunk ?? 64);

  const every = Math.max(1, Math.floor(req.pathEvery ?? 1));
  const recorded = Math.floor(T / every) + 1;
  const validate = ops.validation?.bind(ops);
  const recordedLoss = ops.recordedLoss?.bind(ops);
  const lossEvery = recordedLoss ? lossEveryOf(req) : 1;
  const losses = Array.from({ length: K }, () => new Float32Array(lossCount(T, lossEvery)));
  const paths = Array.from({ length: K }, () => new Float32Array(recorded * P));
  const valLosses = validate ? Array.from({ length: K }, () => new Float32Array(T + 1)) : [];
  const patience = Math.max(0, Math.floor(req.patience ?? 0));

  const startRows = new Float32Array(K * P);
  for (let k = 0; k < K; k++) startRows.set(rows ? rows[k]! : (req.start as number[]), k * P);
  let theta: Tensor2D = tf.tensor2d(startRows, [K, P]);
  // η repeated along each row: [K, P] like θ, since the cpu backend multiplies same-shape tensors in
  // one plain loop but broadcasts a [K, 1] column element by element through index arithmetic.
  const lrRows = new Float32Array(K * P);
  for (let k = 0; k < K; k++) lrRows.fill(req.lrs[k] ?? NaN, k * P, (k + 1) * P);
  const lr = tf.tensor2d(lrRows, [K, P]);
  const noise =
    req.noise && req.noise.some((x) => x !== 0)
      ? tf.tensor2d(Float32Array.from(req.noise), [T, noiseWidth])
      : null;
  const factors = req.factors && !isConstant(req.factors) ? req.factors : undefined;
  const optimizer = batchedOptimizer(tf, req.optimizer ?? DEFAULT_OPTIMIZER);
  let state: Tensor2D[] = optimizer.init(K, P);
  // Early-stopping state on the device (see earlyStopping): best loss, best θ, steps since the best.
  let track: { best: Tensor1D; theta: Tensor2D; since: Tensor1D } | null = validate
    ? {
        best: tf.fill([K], Infinity) as Tensor1D,
        theta: tf.tensor2d(startRows, [K, P]),
        since: tf.zeros([K]) as Tensor1D,
      }
    : null;
  /** One step of the tracking for validation losses `val` at θ; returns the new state. */
  const tracked = (val: Tensor1D, th: Tensor2D) => {
    const prev = track!;
    const alive =
      patience > 0 ? tf.less(prev.since, patience) : tf.onesLike(prev.since).asType('bool');
    const improved = tf.logicalAnd(tf.less(val, prev.best), alive);
    return {
      best: tf.where(improved, val, prev.best) as Tensor1D,
      // A [K, 1] condition broadcasts along each row (a [K] one would broadcast across rows).
      theta: tf.where(tf.reshape(improved, [K, 1]), th, prev.theta) as Tensor2D,
      since: tf.where(
        improved,
        tf.zerosLike(prev.since),
        tf.where(alive, tf.add(prev.since, 1), prev.since),
      ) as Tensor1D,
    };
  };

  const update = (th: Tensor2D, grad: Tensor2D, t: number): Tensor2D[] => {
    const n = noise && tf.slice(noise, [t, 0], [1, noiseWidth]);
    const g = n ? tf.add(grad, noiseWidth === P ? n : tf.reshape(n, [K, P])) : grad;
    const lrT = factors ? tf.mul(lr, factors[t] ?? 1) : lr;
    const next = optimizer.step(th, g as Tensor2D, lrT as Tensor2D, state, t + 1);
    return [next.theta, ...next.state];
  };

  // The chunk's tensors live outside the step so that `finally` frees them if a step throws (a lost
  // GPU device, say); disposing a tensor twice is a no-op.
  let lossRows: Tensor[] = [];
  let valRows: Tensor[] = [];
  let thetaRows: Tensor[] = [];
  const trackTensors = () => (track ? [track.best, track.theta, track.since] : []);
  const traces: Traces = { losses, paths, valLosses };
  const step: ChunkStep = {
    advance: ({ t0, t1 }) => {
      lossRows = [];
      valRows = [];
      thetaRows = [];
      for (let t = t0; t <= t1; t++) {
        const current = theta;
        const record = t % lossEvery === 0 || t === T;
        if (validate) {
          const before = track!;
          const [v, best, th, since] = tf.tidy(() => {
            const val = validate(current);
            const next = tracked(val, current);
            return [val, next.best, next.theta, next.since];
          });
          valRows.push(v!);
          tf.dispose([before.best, before.theta, before.since]);
          track = { best: best as Tensor1D, theta: th as Tensor2D, since: since as Tensor1D };
        }
        if (t === T) {
          lossRows.push(
            tf.tidy(() => (recordedLoss ? recordedLoss(current) : ops.loss(current, t))),
          );
        } else {
          const out = tf.tidy(() => {
            const { loss, grad } = ops.lossAndGrad(current, t);
            const kept = record ? [recordedLoss ? recordedLoss(current) : loss] : [];
            return [...kept, ...update(current, grad, t)];
          });
          if (record) lossRows.push(out.shift()!);
          const [next, ...nextState] = out;
          tf.dispose(state);
          state = nextState as Tensor2D[];
          theta = next as Tensor2D;
        }
        if (t % every === 0) thetaRows.push(current);
        else if (current !== theta) current.dispose();
      }
      const blocks = stackChunk(tf, { loss: lossRows, theta: thetaRows, val: valRows }, theta);
      return { read: blocks, free: blocks };
    },
    store: ({ t0 }, data) =>
      storeChunk(data, traces, {
        t0,
        firstRecorded: Math.ceil(t0 / every) * every,
        every,
        P,
        firstLoss: lossesBefore(t0, lossEvery, T),
        // The chunk's rows, freed by now, still say how many of each the blocks hold.
        counts: { loss: lossRows.length, theta: thetaRows.length, val: valRows.length },
      }),
  };
  try {
    if (
      !(await driveChunks(
        tf,
        T,
        stepChunks(T, chunk),
        step,
        { losses, val: valLosses, lossEvery },
        hooks,
      ))
    )
      return null;
    const strided = lossEvery > 1 ? { lossEvery } : {};
    if (!track) return { losses, paths, ...strided };
    const bestData = await track.theta.data();
    return {
      losses,
      paths,
      ...strided,
      validation: validationOf(valLosses, bestData, patience, P),
    };
  } finally {
    tf.dispose([...lossRows, ...valRows, ...thetaRows, ...state, ...trackTensors(), theta, lr]);
    if (noise) noise.dispose();
  }
}

/** A batched training's traces on the host, filled in chunk by chunk. */
export interface Traces {
  readonly losses: readonly Float32Array[];
  readonly paths: readonly Float32Array[];
  readonly valLosses: readonly Float32Array[];
}

/**
 * A chunk's rows for its read-back: each step's [K] losses (and validation losses) and the recorded
 * θ rows stacked into one block each, [K, steps] and [K, rows·P] (a read-back waits for the device,
 * so one per block rather than one per step). Frees the rows, except `keep`: the chunk's last θ,
 * which the next chunk starts from (or the final one). The blocks are the losses, then θ if any
 * row was recorded, then the validation losses if any.
 */
function stackChunk(
  tf: TF,
  rows: { readonly loss: Tensor[]; readonly theta: Tensor[]; readonly val: Tensor[] },
  keep: Tensor,
): Tensor[] {
  const { loss, theta, val } = rows;
  const blocks = tf.tidy(() => [
    tf.stack(loss, 1),
    ...(theta.length ? [tf.stack(theta, 1)] : []),
    ...(val.length ? [tf.stack(val, 1)] : []),
  ]);
  tf.dispose([...loss, ...val]);
  tf.dispose(theta.filter((x) => x !== keep));
  return blocks;
}

/**
 * Copies one chunk's blocks (as stackChunk made them, read back) into every run's traces from step
 * `t0` on: losses from index `firstLoss`, θ rows from the row of step `firstRecorded`.
 */
function storeChunk(
  blocks: readonly Float32Array[],
  traces: Traces,
  at: {
    readonly t0: number;
    readonly firstRecorded: number;
    readonly every: number;
    readonly P: number;
    /** Index of the chunk's first loss in the traces (t0 when every step's loss is recorded). */
    readonly firstLoss: number;
    /** How many loss, θ and validation rows the chunk stacked. */
    readonly counts: { readonly loss: number; readonly theta: number; readonly val: number };
  },
): void {
  const { t0, firstRecorded, every, P, firstLoss } = at;
  const { loss: n, theta: m, val: nv } = at.counts;
  const lossData = blocks[0]!;
  const thetaData = m ? blocks[1] : undefined;
  const valData = nv ? blocks[blocks.length - 1] : undefined;
  traces.losses.forEach((losses, k) => {
    losses.set(lossData.subarray(k * n, (k + 1) * n), firstLoss);
    if (thetaData) {
      traces.paths[k]!.set(
        thetaData.subarray(k * m * P, (k + 1) * m * P),
        (firstRecorded / every) * P,
      );
    }
    if (valData) traces.valLosses[k]!.set(valData.subarray(k * nv, (k + 1) * nv), t0);
  });
}

/**
 * Whether `trainBatched` would take the fused path for these ops and request on the active backend:
 * an analytic scene (no validation, no separate recorded loss, no early stopping) and a backend
 * with the kernel registered.
 */
export function canFuse(tf: TF, ops: StepOps, req: Pick<BatchedRequest, 'patience'>): boolean {
  return (
    ops.analytic !== undefined &&
    !ops.validation &&
    !ops.recordedLoss &&
    !(req.patience && req.patience > 0) &&
    fusedOnActiveBackend(tf)
  );
}

/** How many losses the steps before t0 record at stride `lossEvery` (steps 0, e, 2e, … < t0). */
function lossesBefore(t0: number, lossEvery: number, T: number): number {
  return t0 > T ? lossCount(T, lossEvery) : Math.ceil(t0 / lossEvery);
}
