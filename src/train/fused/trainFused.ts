import { DEFAULT_OPTIMIZER } from '../../core/optimizers';
import type { TF, Tensor } from '../tf';
import { checkRequest, type BatchedOutput, type BatchedRequest, type TrainHooks } from '../batched';
import {
  FUSED_ANALYTIC_KERNEL,
  chunkInputOf,
  recordWidth,
  registerProgram,
  type AnalyticSpec,
  type FusedAttrs,
} from './analyticKernel';
import { driveChunks, updateChunks, type ChunkStep } from '../chunkDriver';

/**
 * Steps per kernel call when the request does not say: a 500-step trajectory is one dispatch and
 * one read-back, and cancellation is still checked every few milliseconds of work.
 */
export const FUSED_CHUNK = 512;

/**
 * The fused form of `trainBatched` for an analytic scene: each chunk of steps is one call of the
 * fused kernel (analyticKernel.ts) for all K runs, then one read-back. Takes the same request and
 * returns the same output as the unfused trainer (raw losses and paths, non-finite values
 * included, so runs are cut at their first one downstream exactly as before). The active backend
 * must have the kernel (see fusedOnActiveBackend); validation and early stopping are not part of it.
 */
export async function trainFused(
  tf: TF,
  spec: AnalyticSpec,
  req: BatchedRequest,
  hooks: TrainHooks = {},
): Promise<BatchedOutput | null> {
  const K = req.lrs.length;
  const T = req.steps;
  const P = spec.dims;
  const { rows, noiseWidth } = checkRequest(req, P);
  const opt = req.optimizer ?? DEFAULT_OPTIMIZER;
  const every = Math.max(1, Math.floor(req.pathEvery ?? 1));
  const recorded = Math.floor(T / every) + 1;
  const chunk = Math.max(1, req.chunk ?? FUSED_CHUNK);
  const losses = Array.from({ length: K }, () => new Float32Array(T + 1));
  const paths = Array.from({ length: K }, () => new Float32Array(recorded * P));
  // The unfused trainer adds noise only when some of it is non-zero; so does the kernel (W = 0).
  const W = req.noise && req.noise.some((x) => x !== 0) ? noiseWidth : 0;
  const attrs: FusedAttrs = { scene: spec.scene, optimizer: opt.optimizer, dims: P };
  registerProgram(spec);

  const carryRows = new Float32Array(K * 3 * P);
  for (let k = 0; k < K; k++) {
    const row = rows ? rows[k]! : (req.start as readonly number[]);
    for (let p = 0; p < P; p++) carryRows[k * 3 * P + p] = row[p] ?? NaN;
  }
  let carry: Tensor = tf.tensor2d(carryRows, [K, 3 * P]);
  let live: Tensor[] = [];
  const step: ChunkStep = {
    advance: ({ t0, t1 }) => {
      const n = t1 - t0;
      const R = recordWidth(n, P);
      const chunkInput = tf.tensor1d(
        chunkInputOf(spec, opt, {
          lrs: req.lrs,
          factors: req.factors,
          noise: req.noise,
          t0,
          n,
          noiseWidth: W,
        }),
      );
      live = [chunkInput];
      const out = tf
        .engine()
        .runKernel(FUSED_ANALYTIC_KERNEL, { carry, chunkInput }, { ...attrs, steps: n }) as Tensor;
      live.push(out);
      // The next chunk starts from the output's carry columns; the last chunk (the only one when
      // T ≤ chunk, the common case) needs none, which saves a slice op.
      if (t1 < T) {
        const next = tf.slice(out, [0, R - 3 * P], [K, 3 * P]);
        carry.dispose();
        carry = next;
      }
      // One asynchronous read per chunk on every backend (docs/THEORY.md, Dispatch-bound training):
      // a synchronous read would save about 1.5 µs of a 22 µs call on cpu and wasm, and stall a GPU
      // backend.
      return { read: [out], free: live };
    },
    store: ({ t0, t1 }, [data]) => {
      const n = t1 - t0;
      const R = recordWidth(n, P);
      for (let k = 0; k < K; k++) {
        const rec = data!.subarray(k * R, (k + 1) * R);
        losses[k]!.set(rec.subarray(0, n + 1), t0);
        if (every === 1) {
          // The chunk's path θ_t0 … θ_t0+n is contiguous in the record and in the output.
          paths[k]!.set(rec.subarray(n + 1, (n + 1) * (1 + P)), t0 * P);
        } else {
          for (let i = (every - (t0 % every)) % every; i <= n; i += every) {
            paths[k]!.set(rec.subarray(n + 1 + i * P, n + 1 + (i + 1) * P), ((t0 + i) / every) * P);
          }
        }
      }
    },
  };
  try {
    const done = await driveChunks(tf, T, updateChunks(T, chunk), step, { losses }, hooks);
    return done ? { losses, paths, fused: true } : null;
  } finally {
    tf.dispose([...live, carry]);
  }
}
