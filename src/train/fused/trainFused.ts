import type { TF, Tensor } from '../tf';
import type { BatchedOutput, BatchedRequest, TrainHooks } from '../batched';
import { FUSED_ANALYTIC_KERNEL, recordWidth, type AnalyticSpec } from './analyticKernel';
import { fusedRequest } from './analyticRequest';
import { driveChunks, updateChunks, type ChunkStep } from '../chunkDriver';

export { FUSED_CHUNK } from './analyticRequest';

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
  const { K, T, P, chunk, attrs, losses, paths, ...set } = fusedRequest(spec, req);
  let carry: Tensor = tf.tensor2d(set.carry, [K, 3 * P]);
  let live: Tensor[] = [];
  const step: ChunkStep = {
    advance: ({ t0, t1 }) => {
      const n = t1 - t0;
      const R = recordWidth(n, P);
      const chunkInput = tf.tensor1d(set.chunkInput(t0, n));
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
    store: ({ t0, t1 }, [data]) => set.store(t0, t1 - t0, data!),
  };
  try {
    const done = await driveChunks(tf, T, updateChunks(T, chunk), step, { losses }, hooks);
    return done ? { losses, paths, fused: true } : null;
  } finally {
    tf.dispose([...live, carry]);
  }
}
