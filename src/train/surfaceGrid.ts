import type { Scene } from '../core/scenes';
import { evaluatePoints } from './surface';
import type { BatchedLoss } from './sceneOps';
import type { TF } from './tf';
import type { Surface } from '../protocol/results';

export type { Surface } from '../protocol/results';

/** Points along the 1-D curve, and per side of the 2-D grid. */
export const CURVE_POINTS = 401;
export const GRID_SIDE = 81;

/**
 * The loss over the scene's view: a 1-D curve of CURVE_POINTS, or a GRID_SIDE² grid with
 * values[i·n + j] at x = x0 + j·Δx, y = y0 + i·Δy (both edges included).
 */
export async function sceneSurface(tf: TF, scene: Scene, loss: BatchedLoss): Promise<Surface> {
  const [xr = [0, 1], yr = [0, 1]] = scene.view;
  if (scene.dims === 1) {
    const xs = new Float32Array(CURVE_POINTS);
    for (let i = 0; i < CURVE_POINTS; i++) {
      xs[i] = xr[0] + ((xr[1] - xr[0]) * i) / (CURVE_POINTS - 1);
    }
    return { dims: 1, xs, values: await evaluatePoints(tf, loss, xs, 1) };
  }
  const n = GRID_SIDE;
  const points = new Float32Array(n * n * 2);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      points[(i * n + j) * 2] = xr[0] + ((xr[1] - xr[0]) * j) / (n - 1);
      points[(i * n + j) * 2 + 1] = yr[0] + ((yr[1] - yr[0]) * i) / (n - 1);
    }
  }
  return { dims: 2, n, values: await evaluatePoints(tf, loss, points, 2) };
}
