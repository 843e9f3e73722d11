import type { TrainHooks } from './batched';
import { snapshotOf } from './partial';
import type { TF, Tensor } from './tf';

/*
 * The one loop every batched trainer runs (op by op in trainer.ts; fused in
 * src/train/fused/trainFused.ts, mlpTrainer.ts and packedMlpTrainer.ts): queue a chunk of steps on
 * the device, read its records back in one go, copy them into the host traces, report progress,
 * stop if cancelled. The trainers say only how to advance a chunk and where its numbers go.
 */

/** A chunk of training: the steps t0 … t1 whose records one read-back brings to the host. */
export interface Chunk {
  readonly t0: number;
  /** The last step recorded, inclusive; `onChunk` reports it as the steps done. */
  readonly t1: number;
}

/**
 * The chunks of a T-step training whose records are the states at steps 0 … T, each recorded
 * once: [0, first − 1], [first, first + size − 1], …, the last ending at T (the final state,
 * recorded without an update); the first chunk is `size` long too unless `first` is shorter. The
 * op-by-op trainer and the fused network trainers chunk this way.
 */
export function* stepChunks(T: number, size: number, first = size): Generator<Chunk> {
  let n = Math.max(1, Math.min(first, size));
  for (let t0 = 0; t0 <= T; t0 += n, n = size) yield { t0, t1: Math.min(T, t0 + n - 1) };
}

/**
 * The chunks of a T-step training made of `size` updates each: [0, size], [size, 2·size], …, the
 * last ending at T; a chunk of n updates records the n + 1 states from its start on, so each chunk
 * records again the state the one before it ended in. The fused analytic kernel chunks this way;
 * with T = 0 there is one chunk, which only records the start.
 */
export function* updateChunks(T: number, size: number): Generator<Chunk> {
  let t0 = 0;
  do {
    const t1 = t0 + Math.min(size, T - t0);
    yield { t0, t1 };
    t0 = t1;
  } while (t0 < T);
}

/** What a chunk left on the device: the tensors to read back, and those to free once read. */
export interface ChunkWork {
  /** Read with one `data()` each, all awaited together (each read waits for the device). */
  readonly read: readonly Tensor[];
  /** Freed after the read (or if it fails); tensors the next chunk needs are not listed. */
  readonly free?: readonly Tensor[];
}

/** A trainer's part of the loop. */
export interface ChunkStep {
  /** Queues the chunk's steps on the device; nothing is read back here. */
  advance(chunk: Chunk): ChunkWork;
  /** Copies the chunk's numbers, read from `ChunkWork.read` in its order, into the host traces. */
  store(chunk: Chunk, data: readonly Float32Array[]): void;
}

/** The host traces a trainer fills, as far as a snapshot of the losses so far reads them. */
export interface ChunkTraces {
  /** Every run's recorded losses, filled up to the last chunk's last step (later entries are 0). */
  readonly losses: readonly Float32Array[];
  /** Every run's validation loss at every step, where validation is computed. */
  readonly val?: readonly Float32Array[];
  /** The recorded losses' stride, when it is not every step. */
  readonly lossEvery?: number;
}

/**
 * Tells the hooks about a chunk, the one place that decides what `onChunk` carries: the steps done
 * and an accessor of the losses so far (views of the traces, src/train/partial.ts).
 */
function report(hooks: TrainHooks, traces: ChunkTraces, stepsDone: number, T: number): void {
  hooks.onChunk?.(stepsDone, () => snapshotOf(traces, stepsDone, T));
}

/**
 * Runs the chunks one after another: advance, read back, store, report, and stop when the hooks
 * say so. Resolves false if cancelled (after the chunk in progress), true once every chunk is
 * stored. Tensors a chunk asked to free are freed even when a step or a read throws; the trainer
 * frees what it keeps across chunks (θ, the optimizer state) in its own `finally`.
 */
export async function driveChunks(
  tf: TF,
  T: number,
  chunks: Iterable<Chunk>,
  step: ChunkStep,
  traces: ChunkTraces,
  hooks: TrainHooks,
): Promise<boolean> {
  for (const chunk of chunks) {
    const work = step.advance(chunk);
    let data: Float32Array[];
    try {
      data = (await Promise.all(work.read.map((t) => t.data()))) as Float32Array[];
    } finally {
      if (work.free) tf.dispose([...work.free]);
    }
    step.store(chunk, data);
    report(hooks, traces, chunk.t1, T);
    if (hooks.cancelled?.()) return false;
  }
  return true;
}
