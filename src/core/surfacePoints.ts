/*
 * Where the loss surface is evaluated: the points of the 1-D curve and of the 2-D grid over a
 * scene's view. The service and the worker's first result before tfjs has loaded
 * (src/worker/firstResult.ts) both evaluate the loss here (src/train/fused/hostSurface.ts), and
 * the tests' tfjs reference does too, so they give the same surface byte for byte only if they
 * share these points.
 */

/** Points along the 1-D curve, and per side of the 2-D grid. */
export const CURVE_POINTS = 401;
export const GRID_SIDE = 81;

/**
 * CURVE_POINTS evenly spaced x from xr[0] to xr[1], both edges included:
 * x_i = x0 + (x1 − x0)·i / (CURVE_POINTS − 1), rounded to float32.
 */
export function curvePoints(xr: readonly [number, number]): Float32Array {
  const xs = new Float32Array(CURVE_POINTS);
  for (let i = 0; i < CURVE_POINTS; i++) {
    xs[i] = xr[0] + ((xr[1] - xr[0]) * i) / (CURVE_POINTS - 1);
  }
  return xs;
}

/**
 * The GRID_SIDE² grid over xr × yr, row-major (x, y) pairs: point i·n + j (n = GRID_SIDE) is at
 * x = x0 + (x1 − x0)·j/(n − 1), y = y0 + (y1 − y0)·i/(n − 1), both edges included, rounded to
 * float32.
 */
export function gridPoints(
  xr: readonly [number, number],
  yr: readonly [number, number],
): Float32Array {
  const n = GRID_SIDE;
  const points = new Float32Array(n * n * 2);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      points[(i * n + j) * 2] = xr[0] + ((xr[1] - xr[0]) * j) / (n - 1);
      points[(i * n + j) * 2 + 1] = yr[0] + ((yr[1] - yr[0]) * i) / (n - 1);
    }
  }
  return points;
}
