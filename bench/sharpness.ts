/**
 * Cost of one `sharpness` call (src/train/sharpness.ts): 64 points, 20 Hessian–vector products, on
 * whichever tfjs backend is current. The caller picks the backend and names the metrics after it.
 *
 * Both scenes use their closed-form gradient (one backprop per product), as the app would: the
 * valley's tfjs loss cannot be differentiated twice (tf.minimum). The quadratic is also timed by
 * double backprop of its loss, for the price of second-order autodiff.
 */
import { stream } from '../src/core/rng';
import { makeScene, type Scene, type SceneId } from '../src/core/scenes';
import { sceneOps } from '../src/train/sceneLoss';
import { closedFormGradient, sharpness, type CurvatureSource } from '../src/train/sharpness';
import type { TF } from '../src/train/tf';
import { median } from './stats';

const POINTS = 64;
const ITERATIONS = 20;
const WARMUP = 5;
const REPS = 9;
const KAPPA = 10;
const SEED = 1;

/** 64 points over the scene's drawn view: evenly along the line (P = 1) or an 8 × 8 grid (P = 2). */
function viewPoints(scene: Scene): number[][] {
  const at = ([lo, hi]: readonly [number, number], i: number, n: number) =>
    lo + ((hi - lo) * (i + 0.5)) / n;
  const [x, y] = scene.view;
  if (scene.dims === 1) return Array.from({ length: POINTS }, (_, i) => [at(x!, i, POINTS)]);
  const side = Math.round(Math.sqrt(POINTS));
  return Array.from({ length: side * side }, (_, i) => [
    at(x!, i % side, side),
    at(y!, Math.floor(i / side), side),
  ]);
}

/** Median wall ms of one sharpness call over REPS timed calls after WARMUP untimed ones. */
async function timeCall(tf: TF, source: CurvatureSource, points: number[][]): Promise<number> {
  const before = tf.memory().numTensors;
  const xs: number[] = [];
  for (let r = 0; r < WARMUP + REPS; r++) {
    const rng = stream(SEED, 'sharpness');
    const t0 = performance.now();
    const values = await sharpness(tf, source, points, { iterations: ITERATIONS, rng });
    const ms = performance.now() - t0;
    if (values.length !== points.length || !values.every(Number.isFinite)) {
      throw new Error(`sharpness returned ${values.length} values, not ${points.length} finite`);
    }
    if (r >= WARMUP) xs.push(ms);
  }
  const leaked = tf.memory().numTensors - before;
  if (leaked !== 0) throw new Error(`sharpness leaked ${leaked} tensors`);
  return median(xs);
}

/**
 * Milliseconds per `sharpness` call (64 points, 20 iterations) on the current backend:
 * `sharpness_ms_valley`, `sharpness_ms_quadratic` (closed-form gradients) and
 * `sharpness_ms_quadratic_autodiff` (double backprop of the quadratic's loss).
 */
export async function benchSharpness(tf: TF): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const scenes: readonly SceneId[] = ['valley', 'quadratic'];
  for (const id of scenes) {
    const points = viewPoints(makeScene(id, { kappa: KAPPA }));
    const ops = sceneOps(tf, id, { kappa: KAPPA });
    try {
      out[`sharpness_ms_${id}`] = await timeCall(tf, closedFormGradient(ops), points);
      if (id === 'quadratic') {
        out[`sharpness_ms_${id}_autodiff`] = await timeCall(tf, ops.loss, points);
      }
    } finally {
      ops.dispose();
    }
  }
  return out;
}
