import { scaleLinear } from 'd3';
import { polylineD } from './polyline';

/**
 * A sparkline of a schedule's factors: x = step, y = factor from 0 (bottom) to the largest factor
 * (top), so warm-up ramps, steps and cosine decays read at a glance beside each run.
 */
export function sparklineD(factors: ArrayLike<number>, width: number, height: number): string {
  const n = factors.length;
  let max = 0;
  for (let i = 0; i < n; i++) max = Math.max(max, factors[i] ?? 0);
  const x = scaleLinear([0, Math.max(1, n - 1)], [1, width - 1]);
  const y = scaleLinear([0, max || 1], [height - 1, 1]);
  const points = Array.from({ length: n }, (_, i) => ({ x: x(i), y: y(factors[i] ?? 0) }));
  return polylineD(points);
}
