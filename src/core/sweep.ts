import { rampLrs } from './rangeTest';

/**
 * The learning rates of a sweep: `count` log-spaced values η_i = min·(max/min)^(i/(count−1)), each
 * rounded to 3 significant digits as the slider's are, so a point added as a run is the very same
 * run. The bounds may come in either order.
 */
export function sweepLrs(min: number, max: number, count: number): number[] {
  const [lo, hi] = min <= max ? [min, max] : [max, min];
  return rampLrs(lo, hi, count).map((lr) => Number(lr.toPrecision(3)));
}
