import { DEFAULT_OPTIMIZER } from '../../core/optimizers';
import type { TF, Tensor } from '../tf';
import {
  checkRequest,
  validationOf,
  type BatchedOutput,
  type BatchedRequest,
  type TrainHooks,
} from '../batched';
import type { FusedMlpData } from './mlpKernel';
import { packedShape, PACKED_MLP_KERNEL, type PackedStepAttrs, type RowsLayout } from './packedMlp';
import { driveChunks, stepChunks, type ChunkStep } from '../chunkDriver';
import { adapterArchitecture, packedScratch, packedShaderKey } from './webgpuMlp';
import { whenCompiled } from './aheadPipelines';

/**
 * All the rows a step reads, in one flat float32 tensor made once per training (a WebGPU program
 * binds at most eight storage buffers, and one is simplest): gradient rows, the minibatch schedule
 * (indices as floats, exact below 2²⁴), training rows, validation rows. Put together on the host:
 * tfjs keeps a tensor's values there until a program first reads it, so this costs a copy, where
 * concatenating on the device compiled a concat program (and a cast one) in the GPU process ahead
 * of the step's own, which the first curve waits for.
 */
async function packRows(tf: TF, data: FusedMlpData): Promise<{ rows: Tensor; at: RowsLayout }> {
  const b = data.batches;
  const sets = [
    b ? b.x : data.trainX,
    b ? b.y : data.trainY,
    b?.idx,
    b?.weight,
    b ? data.trainX : undefined,
    b ? data.trainY : undefined,
    data.val?.x,
    data.val?.y,
  ];
  // Where each set starts (0 for an absent one, which the shader never reads).
  const starts: number[] = [];
  let end = 0;
  for (const t of sets) {
    starts.push(t ? end : 0);
    end += t?.size ?? 0;
  }
  const [gx, gy, idx, w, rx, ry, vx, vy] = starts as [number, ...number[]];
  const flat = new Float32Array(end);
  const values = await Promise.all(sets.map((t) => t?.data()));
  values.forEach((v, i) => v && flat.set(v, starts[i]));
  const rows = tf.tensor1d(flat);
  const B = b ? (b.idx.shape[1] ?? 0) : 0;
  return {
    rows,
    at: {
      gx,
      gy: gy!,
      nG: b ? B : data.trainY.shape[0],
      idx: idx!,
      w: w!,
      B,
      rx: rx!,
      ry: ry!,
      nR: b ? data.trainY.shape[0] : 0,
      vx: vx!,
      vy: vy!,
      nV: data.val ? data.val.y.shape[0] : 0,
    },
  };
}

/**
 * Steps in the first chunk: each step is a dispatch of its own here, so the first read-back, and
 * with it the first curve of a streamed run, waits for every step of the first chunk (for k-fold,
 * of every fold's first chunk): 64 steps took about 55 ms on SwiftShader for the overfitting
 * preset, and the k-fold lesson's five folds about 250 ms for 16 steps each. Which steps share a
 * chunk changes no number.
 */
const FIRST_PACKED_CHUNK = 4;

/**
 * `trainBatched` for a network on WebGPU: one 'LrLabMlpStepPacked' dispatch per step for all K
 * runs (packedMlp.ts says why the state is packed), and one read-back per chunk: the chunk's last
 * carry, which holds every run's losses, validation losses and recorded θ for the chunk. Takes the
 * same request and gives the same output as `trainFusedMlp`.
 */
export async function trainPackedMlp(
  tf: TF,
  data: FusedMlpData,
  req: BatchedRequest,
  hooks: TrainHooks = {},
): Promise<BatchedOutput | null> {
  const { layout } = data;
  const P = layout.P;
  const K = req.lrs.length;
  const T = req.steps;
  const { rows: starts, noiseWidth } = checkRequest(req, P);
  if (data.batches && data.batches.idx.shape[0] < T) {
    throw new Error(`the schedule has ${data.batches.idx.shape[0]} batches for ${T} steps`);
  }
  const every = Math.max(1, Math.floor(req.pathEvery ?? 1));
  const recorded = Math.floor(T / every) + 1;
  const patience = Math.max(0, Math.floor(req.patience ?? 0));
  const spec = req.optimizer ?? DEFAULT_OPTIMIZER;
  const val = Boolean(data.val);
  const hasNoise = Boolean(req.noise && req.noise.some((x) => x !== 0));
  const backend = tf.backend();
  const shape = packedShape(layout, spec, {
    K,
    val,
    batch: Boolean(data.batches),
    noise: hasNoise ? (noiseWidth === P ? 1 : 2) : 0,
    every,
    wanted: req.chunk ?? 64,
    scratch: packedScratch(adapterArchitecture(backend), layout),
  });
  const c = shape.carry;
  const losses = Array.from({ length: K }, () => new Float32Array(T + 1));
  const paths = Array.from({ length: K }, () => new Float32Array(recorded * P));
  const valLosses = val ? Array.from({ length: K }, () => new Float32Array(T + 1)) : [];

  const init = new Float32Array(K * c.Q);
  for (let k = 0; k < K; k++) {
    const row = starts ? starts[k]! : (req.start as readonly number[]);
    init.set(row, k * c.Q);
    if (c.track) {
      init.set(row, k * c.Q + c.bestTheta);
      init[k * c.Q + c.bestTheta + P] = Infinity;
    }
  }
  const owned: Tensor[] = [];
  let carry: Tensor = tf.tensor2d(init, [K, c.Q]);
  try {
    owned.push(tf.tensor1d(Float32Array.from(req.lrs, (x) => x ?? NaN)));
    // A one-number stand-in without noise, since a zero-sized GPU buffer cannot be bound.
    owned.push(hasNoise ? tf.tensor1d(Float32Array.from(req.noise!)) : tf.zeros([1]));
    const packed = await packRows(tf, data);
    owned.push(packed.rows);
    const [lr, noise] = owned;
    const base = { shape, rows: packed.at, patience };
    const B = packed.at.B;
    let last = null as Float32Array | null;
    let thetaDone = 0;
    const step: ChunkStep = {
      advance: ({ t0, t1 }) => {
        thetaDone = 0;
        for (let t = t0; t <= t1; t++) {
          const recordTheta = t % every === 0;
          const attrs: PackedStepAttrs = {
            ...base,
            factor: req.factors?.[t] ?? 1,
            // Adam's bias corrections in float64 (as mlpStep.ts), rounded once where they meet f32.
            c1: 1 - spec.beta1 ** (t + 1),
            c2: 1 - spec.beta2 ** (t + 1),
            update: t < T,
            slot: t - t0,
            thetaSlot: recordTheta ? thetaDone : -1,
            thetaDone,
            batchOffset: t * B,
            noiseOffset: t * noiseWidth,
          };
          const next = tf
            .engine()
            .runKernel(
              PACKED_MLP_KERNEL,
              { carry, lr: lr!, rows: packed.rows, noise: noise! },
              attrs as never,
            ) as Tensor;
          carry.dispose();
          carry = next;
          if (recordTheta) thetaDone++;
        }
        // The chunk's last carry holds its records; the next chunk starts from it.
        return { read: [carry] };
      },
      store: ({ t0, t1 }, [data]) => {
        last = data!;
        const firstRecorded = Math.ceil(t0 / every) * every;
        const n = t1 - t0 + 1;
        for (let k = 0; k < K; k++) {
          const o = k * c.Q;
          losses[k]!.set(last.subarray(o + c.lossRec, o + c.lossRec + n), t0);
          if (val) valLosses[k]!.set(last.subarray(o + c.valRec, o + c.valRec + n), t0);
          paths[k]!.set(
            last.subarray(o + c.thetaRec, o + c.thetaRec + thetaDone * P),
            (firstRecorded / every) * P,
          );
        }
      },
    };
    const chunks = stepChunks(T, c.chunk, FIRST_PACKED_CHUNK);
    // The worker entry may have compiled the step before tfjs loaded: its first call waits for it.
    await whenCompiled((backend as { device?: GPUDevice }).device, packedShaderKey(shape));
    if (!(await driveChunks(tf, T, chunks, step, { losses, val: valLosses }, hooks))) return null;
    if (!val || !last) return { losses, paths };
    const best = new Float32Array(K * P);
    for (let k = 0; k < K; k++) {
      best.set(last.subarray(k * c.Q + c.bestTheta, k * c.Q + c.bestTheta + P), k * P);
    }
    return { losses, paths, validation: validationOf(valLosses, best, patience, P) };
  } finally {
    tf.dispose([...owned, carry]);
  }
}
