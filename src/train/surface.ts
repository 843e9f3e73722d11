import type { BatchedLoss } from './sceneOps';
import type { TF } from './tf';

/** Rows per batch: bounds the memory of one surface batch whatever the grid size. */
const SURFACE_BATCH = 8192;

/**
 * The loss at N points (row-major N × P): the surface is evaluated by the same batched loss that
 * trains the runs, a grid being just another batch of parameter sets.
 */
export async function evaluatePoints(
  tf: TF,
  loss: BatchedLoss,
  points: Float32Array,
  dims: number,
): Promise<Float32Array> {
  const n = points.length / dims;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += SURFACE_BATCH) {
    const m = Math.min(SURFACE_BATCH, n - i);
    const values = tf.tidy(() =>
      loss(tf.tensor2d(points.subarray(i * dims, (i + m) * dims), [m, dims])),
    );
    out.set(await values.data(), i);
    values.dispose();
  }
  return out;
}
