import type { Scene } from '../core/scenes';
import { evaluatePoints } from './surface';
import type { BatchedLoss } from './sceneOps';
import type { TF } from './tf';
import type { Surface } from '../protocol/results';
import { curvePoints, GRID_SIDE, gridPoints } from '../core/surfacePoints';

export type { Surface } from '../protocol/results';

export { CURVE_POINTS, GRID_SIDE } from '../core/surfacePoints';

/**
 * The loss over the scene's view: a 1-D curve of CURVE_POINTS, or a GRID_SIDE² grid with
 * values[i·n + j] at x = x0 + j·Δx, y = y0 + i·Δy (both edges included; src/core/surfacePoints.ts).
 */
export async function sceneSurface(tf: TF, scene: Scene, loss: BatchedLoss): Promise<Surface> {
  const [xr = [0, 1], yr = [0, 1]] = scene.view;
  if (scene.dims === 1) {
    const xs = curvePoints(xr);
    return { dims: 1, xs, values: await evaluatePoints(tf, loss, xs, 1) };
  }
  const values = await evaluatePoints(tf, loss, gridPoints(xr, yr), 2);
  return { dims: 2, n: GRID_SIDE, values };
}
