import type { Scene } from '../../src/core/scenes';
import { curvePoints, GRID_SIDE, gridPoints } from '../../src/core/surfacePoints';
import type { Surface } from '../../src/protocol/results';
import type { BatchedLoss } from '../../src/train/sceneOps';
import type { TF } from '../../src/train/tf';

/*
 * A scene's surface as tfjs ops on the active backend, the reference the host surfaces are held to
 * (tests/train/hostSurface.test.ts): the page evaluated its surfaces this way before they moved to
 * the host (src/train/fused/hostSurface.ts).
 */

/** Rows per batch: bounds the memory of one surface batch whatever the grid size. */
const SURFACE_BATCH = 8192;

/** The loss at N points (row-major N × P) by the batched loss that trains the runs. */
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

/** The loss over the scene's view, on the points of src/core/surfacePoints.ts. */
export async function sceneSurface(tf: TF, scene: Scene, loss: BatchedLoss): Promise<Surface> {
  const [xr = [0, 1], yr = [0, 1]] = scene.view;
  if (scene.dims === 1) {
    const xs = curvePoints(xr);
    return { dims: 1, xs, values: await evaluatePoints(tf, loss, xs, 1) };
  }
  return { dims: 2, n: GRID_SIDE, values: await evaluatePoints(tf, loss, gridPoints(xr, yr), 2) };
}
