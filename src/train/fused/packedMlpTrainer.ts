import { DEFAULT_OPTIMIZER } from '../../core/optimizers';
import type { TF, Tensor } from '../tf';
import {
  checkRequest,
  validationOf,
  type BatchedOutput,
  type BatchedRequest,
  type TrainHooks,
} from '../batched';
import { registerMlpStep, type FusedMlpData } from './mlpKernel';
import {
  carryLayout,
  packedChunk,
  PACKED_MLP_KERNEL,
  ROW_SET_FIELDS,
  type PackedShape,
  type PackedStepAttrs,
  type RowsLayout,
} from './packedMlp';
import { driveChunks, stepChunks, type ChunkStep } from '../chunkDriver';
import { packedScratch } from './webgpuMlp';

/**
 * All the rows a step reads, in one flat float32 tensor made once per training (a WebGPU program
 * binds at most eight storage buffers, and one is simplest): per data set its gradient rows, its
 * minibatch schedule (indices as floats, exact below 2²⁴, as every offset here), training rows and
 * validation rows, then the table of where each of the K runs finds its set (run r: set r mod the
 * sets' count, ROW_SET_FIELDS). Put together on the host: tfjs keeps a tensor's values there until a
 * program first reads it, so this costs a copy, where concatenating on the device compiled a
 * concat program (and a cast one) in the GPU process ahead of the step's own, which the first
 * curve waits for.
 */
async function packRows(
  tf: TF,
  sets: readonly FusedMlpData[],
  K: number,
): Promise<{ rows: Tensor; table: number; B: number; nGmost: number }> {
  const Bs = sets.map((d) => (d.batches ? (d.batches.idx.shape[1] ?? 0) : 0));
  const B = Bs[0] ?? 0;
  if (Bs.some((b) => b !== B)) throw new Error(`minibatches of ${Bs.join(', ')} rows in one call`);
  const parts: (Tensor | undefined)[] = [];
  const layouts: RowsLayout[] = [];
  let end = 0;
  for (const data of sets) {
    const b = data.batches;
    const mine = [
      b ? b.x : data.trainX,
      b ? b.y : data.trainY,
      b?.idx,
      b?.weight,
      b ? data.trainX : undefined,
      b ? data.trainY : undefined,
      data.val?.x,
      data.val?.y,
    ];
    // Where each part starts (0 for an absent one, which the shader never reads).
    const [gx, gy, idx, w, rx, ry, vx, vy] = mine.map((t) => {
      const at = t ? end : 0;
      end += t?.size ?? 0;
      return at;
    }) as [number, number, number, number, number, number, number, number];
    parts.push(...mine);
    layouts.push({
      gx,
      gy,
      nG: b ? B : data.trainY.shape[0],
      idx,
      w,
      rx,
      ry,
      nR: b ? data.trainY.shape[0] : 0,
      vx,
      vy,
      nV: data.val ? data.val.y.shape[0] : 0,
    });
  }
  const E = ROW_SET_FIELDS.length;
  const flat = new Float32Array(end + K * E);
  let at = 0;
  for (const v of await Promise.all(parts.map((t) => t?.data()))) {
    if (!v) continue;
    flat.set(v as Float32Array, at);
    at += v.length;
  }
  for (let r = 0; r < K; r++) {
    const set = layouts[r % layouts.length]!;
    ROW_SET_FIELDS.forEach((f, i) => (flat[end + r * E + i] = set[f]));
  }
  const nGmost = Math.max(...layouts.map((l) => l.nG));
  return { rows: tf.tensor1d(flat), table: end, B, nGmost };
}

/**
 * Steps in the first chunk: each step is a dispatch of its own here, so the first read-back, and
 * with it the first curve of a streamed run, waits for every step of the first chunk: 64 steps
 * took about 55 ms on SwiftShader for the overfitting preset, and the k-fold lesson's five folds
 * (then trained one call each) about 250 ms for 16 steps each. Which steps share a chunk changes
 * no number.
 */
const FIRST_PACKED_CHUNK = 4;

/**
 * `trainBatched` for a network on WebGPU: one 'LrLabMlpStepPacked' dispatch per step for all K
 * runs (packedMlp.ts says why the state is packed), and one read-back per chunk: the chunk's last
 * carry, which holds every run's losses, validation losses and recorded θ for the chunk. Run r
 * trains on the data set sets[r mod sets.length]: one set for all runs, or k-fold's folds (run
 * r = j·k + i on fold i, src/train/foldOps.ts), each run's numbers the same as trained alone on
 * its set, since a run reads only its own rows. Takes the same request and gives the same output
 * as `trainFusedMlp` and `trainFusedFolds`.
 */
export async function trainPackedMlp(
  tf: TF,
  sets: readonly FusedMlpData[],
  req: BatchedRequest,
  hooks: TrainHooks = {},
): Promise<BatchedOutput | null> {
  const data = sets[0];
  if (!data) throw new Error('no rows to train on');
  registerMlpStep(tf);
  const { layout } = data;
  const P = layout.P;
  const K = req.lrs.length;
  const T = req.steps;
  const { rows: starts, noiseWidth } = checkRequest(req, P);
  for (const d of sets) {
    if (d.batches && d.batches.idx.shape[0] < T) {
      throw new Error(`the schedule has ${d.batches.idx.shape[0]} batches for ${T} steps`);
    }
  }
  const every = Math.max(1, Math.floor(req.pathEvery ?? 1));
  const recorded = Math.floor(T / every) + 1;
  const patience = Math.max(0, Math.floor(req.patience ?? 0));
  const spec = req.optimizer ?? DEFAULT_OPTIMIZER;
  const val = Boolean(data.val);
  const opts = { val, track: val, every, scratch: packedScratch(tf.backend(), layout) };
  const chunk = packedChunk(P, spec, { ...opts, K, wanted: req.chunk ?? 64 });
  const c = carryLayout(P, spec, { ...opts, chunk });
  const hasNoise = Boolean(req.noise && req.noise.some((x) => x !== 0));
  const shape: PackedShape = {
    layout,
    spec,
    carry: c,
    batch: Boolean(data.batches),
    noise: hasNoise ? (noiseWidth === P ? 1 : 2) : 0,
  };
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
    const packed = await packRows(tf, sets, K);
    owned.push(packed.rows);
    const [lr, noise] = owned;
    const base = { shape, sets: packed.table, nGmost: packed.nGmost, patience };
    const { B } = packed;
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
    const chunks = stepChunks(T, chunk, FIRST_PACKED_CHUNK);
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
