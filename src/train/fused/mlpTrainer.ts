import type { MlpLayout } from '../../core/models/mlp';
import { DEFAULT_OPTIMIZER } from '../../core/optimizers';
import type { TF, Tensor, Tensor1D, Tensor2D } from '../tf';
import {
  checkRequest,
  readChunk,
  validationOf,
  type BatchedOutput,
  type BatchedRequest,
  type TrainHooks,
} from '../trainer';
import { registerMlpStep, runMlpStep, type MlpStepAttrs } from './mlpKernel';
import { stateCount } from './mlpStep';
import { trainPackedMlp } from './packedMlpTrainer';

/**
 * What a data scene's network offers the fused trainer: its layout and its rows as tensors the scene
 * owns (src/train/dataOps.ts makes them). With a schedule, step t's gradient sees rows idx[t] of
 * (x, y) weighted by weight[t] and the recorded loss is over (trainX, trainY); without one, the
 * gradient and the recorded loss are both over the training rows.
 */
export interface FusedMlpData {
  readonly layout: MlpLayout;
  readonly trainX: Tensor2D;
  readonly trainY: Tensor1D;
  readonly batches?: {
    readonly x: Tensor2D;
    readonly y: Tensor1D;
    readonly idx: Tensor2D;
    readonly weight: Tensor2D;
  };
  readonly val?: { readonly x: Tensor2D; readonly y: Tensor1D };
}

/**
 * `trainBatched` for a network with one 'LrLabMlpStep' dispatch per step (src/train/fused/): the
 * same request, the same output, the same chunked read-back. On webgpu the step is the packed
 * kernel instead (packedMlpTrainer.ts). The unfused trainer stays the reference
 * it is tested against (tests/train/fusedMlp.test.ts).
 */
export async function trainFusedMlp(
  tf: TF,
  data: FusedMlpData,
  req: BatchedRequest,
  hooks: TrainHooks = {},
): Promise<BatchedOutput | null> {
  registerMlpStep(tf);
  if (tf.getBackend() === 'webgpu') return trainPackedMlp(tf, data, req, hooks);
  const { layout } = data;
  const P = layout.P;
  const K = req.lrs.length;
  const T = req.steps;
  const { rows, noiseWidth } = checkRequest(req, P);
  if (data.batches && data.batches.idx.shape[0] < T) {
    throw new Error(`the schedule has ${data.batches.idx.shape[0]} batches for ${T} steps`);
  }
  const chunk = Math.max(1, req.chunk ?? 64);
  const every = Math.max(1, Math.floor(req.pathEvery ?? 1));
  const recorded = Math.floor(T / every) + 1;
  const patience = Math.max(0, Math.floor(req.patience ?? 0));
  const spec = req.optimizer ?? DEFAULT_OPTIMIZER;
  const losses = Array.from({ length: K }, () => new Float32Array(T + 1));
  const paths = Array.from({ length: K }, () => new Float32Array(recorded * P));
  const val = data.val;
  const valLosses = val ? Array.from({ length: K }, () => new Float32Array(T + 1)) : [];

  const startRows = new Float32Array(K * P);
  for (let k = 0; k < K; k++) startRows.set(rows ? rows[k]! : (req.start as number[]), k * P);
  let theta: Tensor = tf.tensor2d(startRows, [K, P]);
  const lr = tf.tensor1d(Float32Array.from(req.lrs, (x) => x ?? NaN));
  const noise =
    req.noise && req.noise.some((x) => x !== 0)
      ? tf.tensor2d(Float32Array.from(req.noise), [T, noiseWidth])
      : null;
  let state: Tensor[] = Array.from({ length: stateCount(spec) }, () => tf.zeros([K, P]));
  let track: Tensor[] = val
    ? [tf.fill([K], Infinity), tf.zeros([K]), tf.tensor2d(startRows, [K, P])]
    : [];
  const b = data.batches;
  const B = b ? (b.idx.shape[1] ?? 0) : 0;
  const base: Omit<MlpStepAttrs, 'step' | 'factor' | 'update' | 'batchOffset' | 'noiseOffset'> = {
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
    batchSize: B,
    noisePerRun: noiseWidth !== P,
    patience,
  };

  let lossRows: Tensor[] = [];
  let valRows: Tensor[] = [];
  let thetaRows: Tensor[] = [];
  try {
    for (let t0 = 0; t0 <= T; t0 += chunk) {
      const t1 = Math.min(T, t0 + chunk - 1);
      lossRows = [];
      valRows = [];
      thetaRows = [];
      const firstRecorded = Math.ceil(t0 / every) * every;
      for (let t = t0; t <= t1; t++) {
        const current = theta;
        const update = t < T;
        const out = runMlpStep(
          tf,
          {
            theta: current,
            lr,
            state0: state[0],
            state1: state[1],
            gx: b ? b.x : data.trainX,
            gy: b ? b.y : data.trainY,
            idx: b?.idx,
            w: b?.weight,
            rx: b ? data.trainX : undefined,
            ry: b ? data.trainY : undefined,
            vx: val?.x,
            vy: val?.y,
            noise: noise ?? undefined,
            best: track[0],
            since: track[1],
            bestTheta: track[2],
          },
          {
            ...base,
            step: t + 1,
            factor: req.factors?.[t] ?? 1,
            update,
            batchOffset: t * B,
            noiseOffset: t * noiseWidth,
          },
        );
        let i = 0;
        if (update) {
          theta = out[i++]!;
          tf.dispose(state);
          state = out.slice(i, (i += state.length));
        }
        lossRows.push(out[i++]!);
        if (val) {
          valRows.push(out[i++]!);
          tf.dispose(track);
          track = out.slice(i, i + 3);
        }
        if (t % every === 0) thetaRows.push(current);
        else if (current !== theta) current.dispose();
      }
      await readChunk(
        tf,
        { loss: lossRows, theta: thetaRows, val: valRows },
        theta,
        { losses, paths, valLosses },
        { t0, firstRecorded, every, P },
      );
      hooks.onChunk?.(t1);
      if (hooks.cancelled?.()) return null;
    }
    if (!val) return { losses, paths };
    const bestData = await track[2]!.data();
    return { losses, paths, validation: validationOf(valLosses, bestData, patience, P) };
  } finally {
    tf.dispose([...lossRows, ...valRows, ...thetaRows, ...state, ...track, theta, lr]);
    if (noise) noise.dispose();
  }
}
