import { line } from 'd3';
import type { Point } from './types';

const pathOf = line<Point | null>()
  .defined((p) => p !== null)
  .x((p) => p?.x ?? 0)
  .y((p) => p?.y ?? 0)
  .digits(2);

/**
 * SVG path data through the points, straight segments; `null` entries break the line. Returns ''
 * (not null) for nothing to draw, so React can pass it to `d` unconditionally.
 */
export function polylineD(points: readonly (Point | null)[]): string {
  return pathOf(points as (Point | null)[]) ?? '';
}
