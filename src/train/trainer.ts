import { DEFAULT_OPTIMIZER, type OptimizerSpec } from '../core/optimizers';
import { isConstant } from '../core/schedules';
import { batchedOptimizer } from './optimizers';
import type { SceneOps } from './sceneLoss';
import type { TF, Tensor, Tensor2D } from './tf';

export interface BatchedRequest {
  /** Learning rates, one per run (K of them). */
  readonly lrs: readonly number[];
  readonly steps: number;
  /** θ_0: P numbers shared by all runs, or one row of P numbers per run. */
  readonly start: readonly number[] | readonly (readonly number[])[];
  /**
   * Gradient noise n_t, row-major: steps × P shared by all runs, or steps × K·P (one row of K·P
   * numbers per step); empty for none.
   */
  readonly noise?: Float64Array;
  /** The optimizer; plain gradient descent when absent. */
  readonly optimizer?: OptimizerSpec;
  /** Schedule factors, one per step: η_t = η·factors[t]; constant when absent. */
  readonly factors?: ArrayLike<number>;
  /** Steps between read-backs: losses stay on the device until a whole chunk is done. */
  readonly chunk?: number;
}

/** Raw per-run arrays: losses (T+1 each) and paths ((T+1)·P each), non-finite values included. */
export interface BatchedOutput {
  readonly losses: Float32Array[];
  readonly paths: Float32Array[];
}

export interface TrainHooks {
  /** Called after each chunk has been read back, with the number of steps done. */
  onChunk?(stepsDone: number): void;
  /** Polled between chunks; training stops and resolves null when it says so. */
  cancelled?(): boolean;
}

/**
 * K runs at once: θ is one [K, P] tensor, the learning rates one [K, P] tensor (η_k along row k), and each step is one
 * batched loss-and-gradient call plus the optimizer's update with g + n_t and η·factor_t (the
 * optimizer's state is [K, P] tensors too). Losses and parameters are stacked per chunk and read
 * back with one `await data()` each.
 */
export async function trainBatched(
  tf: TF,
  ops: SceneOps,
  req: BatchedRequest,
  hooks: TrainHooks = {},
): Promise<BatchedOutput | null> {
  const K = req.lrs.length;
  const T = req.steps;
  const rows = isRows(req.start) ? req.start : null;
  if (rows && rows.length !== K) throw new Error(`${rows.length} start points for ${K} runs`);
  const P = rows ? (rows[0]?.length ?? 0) : req.start.length;
  const chunk = Math.max(1, req.chunk ?? 64);
  const noiseWidth = req.noise && req.noise.length === T * K * P && K > 1 ? K * P : P;
  if (req.noise && req.noise.length !== 0 && req.noise.length !== T * noiseWidth) {
    throw new Error(`gradient noise has ${req.noise.length} numbers; ${T * P} expected`);
  }
  if (req.factors && req.factors.length !== T) {
    throw new Error(`schedule has ${req.factors.length} factors; ${T} expected`);
  }

  const losses = Array.from({ length: K }, () => new Float32Array(T + 1));
  const paths = Array.from({ length: K }, () => new Float32Array((T + 1) * P));

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

  const update = (th: Tensor2D, grad: Tensor2D, t: number): Tensor2D[] => {
    const n = noise && tf.slice(noise, [t, 0], [1, noiseWidth]);
    const g = n ? tf.add(grad, noiseWidth === P ? n : tf.reshape(n, [K, P])) : grad;
    const lrT = factors ? tf.mul(lr, factors[t] ?? 1) : lr;
    const next = optimizer.step(th, g as Tensor2D, lrT as Tensor2D, state, t + 1);
    return [next.theta, ...next.state];
  };

  // The chunk's tensors live outside the loop so that `finally` frees them if a step throws (a lost
  // GPU device, say); disposing a tensor twice is a no-op.
  let lossRows: Tensor[] = [];
  let thetaRows: Tensor[] = [];
  let blocks: Tensor[] = [];
  try {
    for (let t0 = 0; t0 <= T; t0 += chunk) {
      const t1 = Math.min(T, t0 + chunk - 1);
      lossRows = [];
      thetaRows = [];
      for (let t = t0; t <= t1; t++) {
        const current = theta;
        if (t === T) {
          lossRows.push(tf.tidy(() => ops.loss(current)));
        } else {
          const [l, next, ...nextState] = tf.tidy(() => {
            const { loss, grad } = ops.lossAndGrad(current);
            return [loss, ...update(current, grad, t)];
          });
          lossRows.push(l!);
          tf.dispose(state);
          state = nextState as Tensor2D[];
          theta = next as Tensor2D;
        }
        thetaRows.push(current);
      }
      blocks = tf.tidy(() => [tf.stack(lossRows, 1), tf.stack(thetaRows, 1)]);
      const [lossBlock, thetaBlock] = blocks;
      tf.dispose(lossRows);
      // The last θ of the chunk is the next chunk's start (or the final one): keep it.
      tf.dispose(thetaRows.filter((x) => x !== theta));
      const [lossData, thetaData] = await Promise.all([lossBlock!.data(), thetaBlock!.data()]);
      tf.dispose([lossBlock!, thetaBlock!]);
      const n = t1 - t0 + 1;
      for (let k = 0; k < K; k++) {
        losses[k]!.set(lossData.subarray(k * n, (k + 1) * n), t0);
        paths[k]!.set(thetaData.subarray(k * n * P, (k + 1) * n * P), t0 * P);
      }
      hooks.onChunk?.(t1);
      if (hooks.cancelled?.()) return null;
    }
    return { losses, paths };
  } finally {
    tf.dispose([...lossRows, ...thetaRows, ...blocks, ...state, theta, lr]);
    if (noise) noise.dispose();
  }
}

const isRows = (
  start: readonly number[] | readonly (readonly number[])[],
): start is readonly (readonly number[])[] => Array.isArray(start[0]);
