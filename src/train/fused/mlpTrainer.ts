import { DEFAULT_OPTIMIZER } from '../../core/optimizers';
import type { TF, Tensor } from '../tf';
import type { LossSnapshot, Snapshot } from '../partial';
import { lossCount } from '../../core/trajectory';
import {
  checkRequest,
  lossEveryOf,
  validationOf,
  type BatchedOutput,
  type BatchedRequest,
  type TrainHooks,
} from '../batched';
import {
  chunkRecords,
  registerMlpStep,
  runMlpChunk,
  type FusedMlpData,
  type MlpChunkAttrs,
} from './mlpKernel';
import { stateCount } from './mlpStep';
import { driveChunks, stepChunks, type ChunkStep } from '../chunkDriver';
import { trainPackedMlp } from './packedMlpTrainer';
import { laneRecordFloats, mlpSimdReady } from './mlpSimdModule';
import { simdMlpStep } from './mlpStepSimd';

export type { FusedMlpData } from './mlpKernel';

/**
 * Runs with rows of their own, for one kernel call over all of them: lane records of the training
 * and validation rows (`packFoldLanes`) and each run's row counts (training, then validation).
 */
export interface FoldLanes {
  readonly train: Tensor;
  readonly val?: Tensor;
  readonly counts: Tensor;
}

/**
 * k-fold's rows as lane records (`LaneRows` in src/train/fused/mlpStepSimd.ts): run r = j·k + i
 * (learning rate j on fold i, as src/train/foldOps.ts lays them out) gets fold i's rows in their
 * order, runs 4c…4c + 3 side by side in chunk c, each chunk `n` records (the most rows a fold has),
 * a fold with fewer padded by masked records; `counts` holds each run's number of rows. A row's
 * δ_out scale is 2/m for its fold's m rows, rounded to float32, as the plain records have it.
 */
export function packFoldLanes(
  F: number,
  K: number,
  folds: readonly { readonly x: Float32Array; readonly y: Float32Array }[],
): { records: Float32Array; n: number; counts: Float32Array } {
  const k = folds.length;
  const R = laneRecordFloats(F);
  const n = Math.max(0, ...folds.map((f) => f.y.length));
  const records = new Float32Array(Math.ceil(K / 4) * n * R);
  const mask = new Int32Array(records.buffer);
  const counts = new Float32Array(K);
  for (let r = 0; r < K; r++) {
    const { x, y } = folds[r % k]!;
    const m = y.length;
    const c = Math.fround(2 / m);
    const lane = r & 3;
    for (let s = 0; s < m; s++) {
      const at = ((r >> 2) * n + s) * R + lane;
      for (let i = 0; i < F; i++) records[at + 4 * i] = x[s * F + i]!;
      records[at + 4 * F] = y[s]!;
      records[at + 4 * (F + 1)] = 1;
      records[at + 4 * (F + 2)] = c;
      mask[at + 4 * (F + 3)] = -1;
    }
    counts[r] = m;
  }
  return { records, n, counts };
}

/**
 * Whether k-fold trains its folds as lanes of one kernel call (`trainFusedFolds`); off only in
 * tests, which compare the lanes with the folds trained one call each.
 */
export const foldLanes = { enabled: true };

/**
 * Most floats the lane records may take (training and validation together, 16 MB): beyond it (a
 * large table of the user's, many runs) the folds train one call each, with the same bits.
 */
const LANE_BUDGET = 1 << 22;

/**
 * Steps per kernel call when the request does not say: about 16 384 run-steps, within 64…2048
 * steps. A call's fixed cost (the dispatch, its tensors, the read-back) is some hundred µs, and a
 * run-step costs a few µs at small K: with chunks of 64, a single run spent as much time between
 * calls as in them; a chunk of 16 384 run-steps is still only a few ms of work, so progress and
 * cancellation stay prompt.
 */
export function defaultChunk(K: number): number {
  return Math.min(2048, Math.max(64, Math.ceil(16384 / Math.max(1, K))));
}

/**
 * Whether any number is not 0 (NaN included), as `xs.some((x) => x !== 0)`: a plain loop, since a
 * request without noise still carries T·P zeros (112 500 for 2500 steps of 45 parameters) and a
 * callback per number cost about 1 ms per training, a few hundred steps of one run.
 */
function anyNonZero(xs: ArrayLike<number>): boolean {
  for (let i = 0; i < xs.length; i++) if (xs[i] !== 0) return true;
  return false;
}

/**
 * `trainBatched` for a network with one 'LrLabMlpStep' dispatch per chunk of steps
 * (src/train/fused/mlpKernel.ts): the same request, the same output, one read-back per chunk. On
 * webgpu the step is the packed kernel instead (packedMlpTrainer.ts). The unfused trainer stays the
 * reference it is tested against (tests/train/fusedMlp.test.ts).
 */
export async function trainFusedMlp(
  tf: TF,
  data: FusedMlpData,
  req: BatchedRequest,
  hooks: TrainHooks = {},
  lanes?: FoldLanes,
): Promise<BatchedOutput | null> {
  registerMlpStep(tf);
  if (tf.getBackend() === 'webgpu' && !lanes) return trainPackedMlp(tf, [data], req, hooks);
  const { layout } = data;
  const P = layout.P;
  const K = req.lrs.length;
  const T = req.steps;
  const { rows, noiseWidth } = checkRequest(req, P);
  if (data.batches && data.batches.idx.shape[0] < T) {
    throw new Error(`the schedule has ${data.batches.idx.shape[0]} batches for ${T} steps`);
  }
  const chunk = Math.max(1, req.chunk ?? defaultChunk(K));
  const every = Math.max(1, Math.floor(req.pathEvery ?? 1));
  const recorded = Math.floor(T / every) + 1;
  const patience = Math.max(0, Math.floor(req.patience ?? 0));
  const spec = req.optimizer ?? DEFAULT_OPTIMIZER;
  const b = data.batches;
  // The recorded loss is a pass of its own only with minibatches; in full batch it comes with the
  // gradient and every step keeps it.
  const lossEvery = b ? lossEveryOf(req) : 1;
  const losses = Array.from({ length: K }, () => new Float32Array(lossCount(T, lossEvery)));
  const paths = Array.from({ length: K }, () => new Float32Array(recorded * P));
  const val = lanes ? lanes.val : data.val;
  const valLosses = val ? Array.from({ length: K }, () => new Float32Array(T + 1)) : [];

  const startRows = new Float32Array(K * P);
  for (let k = 0; k < K; k++) startRows.set(rows ? rows[k]! : (req.start as number[]), k * P);
  let theta: Tensor = tf.tensor2d(startRows, [K, P]);
  const lr = tf.tensor1d(Float32Array.from(req.lrs, (x) => x ?? NaN));
  const noise =
    req.noise && anyNonZero(req.noise)
      ? tf.tensor2d(Float32Array.from(req.noise), [T, noiseWidth])
      : null;
  let state: Tensor[] = Array.from({ length: stateCount(spec) }, () => tf.zeros([K, P]));
  let track: Tensor[] = val
    ? [tf.fill([K], Infinity), tf.zeros([K]), tf.tensor2d(startRows, [K, P])]
    : [];
  const B = b ? (b.idx.shape[1] ?? 0) : 0;
  const base: Omit<MlpChunkAttrs, 't0' | 'count' | 'factors'> = {
    features: layout.features,
    width: layout.width,
    depth: layout.depth,
    optimizer: spec.optimizer,
    beta: spec.beta,
    beta1: spec.beta1,
    beta2: spec.beta2,
    rho: spec.rho,
    eps: spec.eps,
    weightDecay: spec.weightDecay,
    T,
    lossEvery,
    pathEvery: every,
    batchSize: B,
    noiseWidth,
    noisePerRun: noiseWidth !== P,
    patience,
  };
  const inputs = lanes
    ? { lr, lt: lanes.train, lv: lanes.val, ln: lanes.counts, noise: noise ?? undefined }
    : {
        lr,
        gx: b ? b.x : data.trainX,
        gy: b ? b.y : data.trainY,
        idx: b?.idx,
        w: b?.weight,
        rx: b ? data.trainX : undefined,
        ry: b ? data.trainY : undefined,
        vx: data.val?.x,
        vy: data.val?.y,
        noise: noise ?? undefined,
      };

  let lossDone = 0;
  const step: ChunkStep = {
    advance: ({ t0, t1 }) => {
      const count = t1 - t0 + 1;
      const attrs: MlpChunkAttrs = {
        ...base,
        t0,
        count,
        factors: Array.from({ length: count }, (_, i) => req.factors?.[t0 + i] ?? 1),
      };
      const out = runMlpChunk(
        tf,
        {
          ...inputs,
          theta,
          state0: state[0],
          state1: state[1],
          best: track[0],
          since: track[1],
          bestTheta: track[2],
        },
        attrs,
      );
      tf.dispose([theta, ...state, ...track]);
      let i = 0;
      theta = out[i++]!;
      state = out.slice(i, (i += state.length));
      track = out.slice(i, (i += track.length));
      // One read-back per chunk: the chunk's losses, validation losses and θ rows of every run.
      const record = out[i]!;
      return { read: [record], free: [record] };
    },
    store: ({ t0, t1 }, [data]) => {
      const count = t1 - t0 + 1;
      const rec = chunkRecords({ ...base, t0, count });
      const W = rec.losses + (val ? count : 0) + rec.thetas * P;
      const firstRecorded = Math.ceil(t0 / every) * every;
      for (let k = 0; k < K; k++) {
        const o = k * W;
        losses[k]!.set(data!.subarray(o, o + rec.losses), lossDone);
        let at = o + rec.losses;
        if (val) {
          valLosses[k]!.set(data!.subarray(at, at + count), t0);
          at += count;
        }
        paths[k]!.set(data!.subarray(at, at + rec.thetas * P), (firstRecorded / every) * P);
      }
      lossDone += rec.losses;
    },
  };

  try {
    const done = await driveChunks(
      tf,
      T,
      stepChunks(T, chunk),
      step,
      { losses, val: valLosses, lossEvery },
      hooks,
    );
    if (!done) return null;
    const strided = lossEvery > 1 ? { lossEvery } : {};
    if (!val) return { losses, paths, ...strided };
    const bestData = (await track[2]!.data()) as Float32Array;
    return {
      losses,
      paths,
      ...strided,
      validation: validationOf(valLosses, bestData, patience, P),
    };
  } finally {
    tf.dispose([...state, ...track, theta, lr]);
    if (noise) noise.dispose();
  }
}

/**
 * The lane records of k-fold's rows for one kernel call over all folds, where that applies: full
 * batch (a minibatch is gathered per step, fold by fold), the WebAssembly SIMD step, and records
 * within LANE_BUDGET; else undefined.
 */
async function foldLanesOf(
  tf: TF,
  folds: readonly FusedMlpData[],
  K: number,
): Promise<FoldLanes | undefined> {
  const layout = folds[0]?.layout;
  if (!layout || !foldLanes.enabled || !simdMlpStep.enabled || !mlpSimdReady(layout)) return;
  if (folds.some((f) => f.batches || Boolean(f.val) !== Boolean(folds[0]!.val))) return;
  const F = layout.features;
  const most = (n: (f: FusedMlpData) => number) => Math.max(...folds.map(n));
  const floats =
    Math.ceil(K / 4) *
    laneRecordFloats(F) *
    (most((f) => f.trainY.shape[0]) + most((f) => f.val?.y.shape[0] ?? 0));
  if (floats > LANE_BUDGET) return;
  const host = (x: Tensor, y: Tensor) =>
    Promise.all([x.data(), y.data()]).then(([xs, ys]) => ({
      x: xs as Float32Array,
      y: ys as Float32Array,
    }));
  const train = packFoldLanes(F, K, await Promise.all(folds.map((f) => host(f.trainX, f.trainY))));
  const val = folds[0]!.val
    ? packFoldLanes(F, K, await Promise.all(folds.map((f) => host(f.val!.x, f.val!.y))))
    : undefined;
  const counts = new Float32Array(2 * K);
  counts.set(train.counts);
  if (val) counts.set(val.counts, K);
  return {
    train: tf.tensor1d(train.records),
    ...(val ? { val: tf.tensor1d(val.records) } : {}),
    counts: tf.tensor1d(counts),
  };
}

/**
 * k-fold cross-validation on the fused step: run r = j·k + i trains on fold i (src/train/foldOps.ts
 * lays the runs out so), and every fold has rows of its own (each fold is standardised with its own
 * training statistics). On WebGPU all folds are one packed call (`trainPackedMlp`), each run
 * reading its own fold's rows. On the host kernel, in full batch all folds are one
 * `trainFusedMlp`, the folds' rows side by side in the SIMD lanes (`packFoldLanes`): the per-call
 * and per-step costs are paid once, and four runs share each instruction whatever their folds.
 * Otherwise each fold's runs are one `trainFusedMlp` over that fold's rows, the outputs put back
 * in run order, the folds advancing together, a chunk each in turn (each fold's trainer waits for
 * its read-back between chunks, and the others go on meanwhile), progress reported once every
 * fold has done a chunk. Either way
 * every run has its first chunk early, so results come as they are trained, and a run's numbers
 * depend neither on K nor on its neighbours nor on the chunks (mlpKernel.ts): each run gets the
 * same bits it would get trained alone on its fold (tests/train/kfoldFused.test.ts,
 * tests/train/kfoldWebgpu.test.ts).
 */
export async function trainFusedFolds(
  tf: TF,
  folds: readonly FusedMlpData[],
  req: BatchedRequest,
  hooks: TrainHooks = {},
): Promise<BatchedOutput | null> {
  const k = folds.length;
  const K = req.lrs.length;
  const T = req.steps;
  const P = folds[0]?.layout.P ?? 0;
  if (k === 0 || K % k !== 0) throw new Error(`${K} runs do not split into ${k} folds`);
  // WebGPU: every fold's runs in one packed call, each run reading its own fold's rows.
  if (tf.getBackend() === 'webgpu') return trainPackedMlp(tf, folds, req, hooks);
  const { rows, noiseWidth } = checkRequest(req, P);
  const lanes = await foldLanesOf(tf, folds, K);
  if (lanes) {
    try {
      return await trainFusedMlp(tf, folds[0]!, req, hooks, lanes);
    } finally {
      tf.dispose([lanes.train, lanes.counts, ...(lanes.val ? [lanes.val] : [])]);
    }
  }
  const runsOf = (i: number) => Array.from({ length: K / k }, (_, j) => j * k + i);
  /** Each fold's steps done and its snapshot, as its trainer last reported them. */
  const reported: ({ done: number; snap?: Snapshot } | undefined)[] = Array.from({ length: k });
  const onChunk = (i: number, done: number, snap?: Snapshot) => {
    reported[i] = { done, snap };
    // Reported when the last fold has done this chunk too: every fold at the same step.
    if (!reported.every((r) => r?.done === done)) return;
    const snaps = reported.map((r) => r?.snap);
    hooks.onChunk?.(
      done,
      snaps.every((x) => x !== undefined)
        ? () => {
            const now = snaps.map((x) => x());
            const pick = (of: (s: LossSnapshot) => readonly Float32Array[] | undefined) =>
              Array.from({ length: K }, (_, r) => of(now[r % k]!)?.[Math.floor(r / k)]);
            const val = now[0]!.val ? (pick((s) => s.val) as Float32Array[]) : undefined;
            return {
              losses: pick((s) => s.losses) as Float32Array[],
              ...(val ? { val } : {}),
              ...(now[0]!.lossEvery !== undefined ? { lossEvery: now[0]!.lossEvery } : {}),
            };
          }
        : undefined,
    );
  };
  const trainFold = (i: number) => {
    const runs = runsOf(i);
    const L = runs.length;
    let noise = req.noise;
    if (noise && noise.length > 0 && noiseWidth === K * P) {
      // Per-run noise rows: step t's block holds run r's P numbers at r·P.
      const mine = new Float64Array(T * L * P);
      for (let t = 0; t < T; t++) {
        runs.forEach((r, j) => {
          mine.set(noise!.subarray((t * K + r) * P, (t * K + r + 1) * P), (t * L + j) * P);
        });
      }
      noise = mine;
    }
    const sub: BatchedRequest = {
      ...req,
      lrs: runs.map((r) => req.lrs[r]!),
      start: rows ? runs.map((r) => rows[r]!) : req.start,
      ...(noise ? { noise } : {}),
    };
    return trainFusedMlp(tf, folds[i]!, sub, {
      ...hooks,
      onChunk: (done, snap) => onChunk(i, done, snap),
    });
  };
  const trained = await Promise.all(Array.from({ length: k }, (_, i) => trainFold(i)));
  if (trained.some((o) => o === null)) return null;
  const outs = trained as BatchedOutput[];
  // Back in run order: run r is the (r div k)-th run of fold r mod k.
  const pick = <T>(of: (o: BatchedOutput) => readonly T[]) =>
    Array.from({ length: K }, (_, r) => of(outs[r % k]!)[Math.floor(r / k)]!);
  const first = outs[0]!;
  const v = first.validation;
  return {
    losses: pick((o) => o.losses),
    paths: pick((o) => o.paths),
    ...(first.lossEvery !== undefined ? { lossEvery: first.lossEvery } : {}),
    ...(v
      ? {
          validation: {
            losses: pick((o) => o.validation!.losses),
            bestTheta: pick((o) => o.validation!.bestTheta),
            bestStep: pick((o) => o.validation!.bestStep),
            stopStep: pick((o) => o.validation!.stopStep),
          },
        }
      : {}),
  };
}
