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

/**
 * The points of a path up to and including the first one pinned to the plot's edge: a run that
 * flies out is drawn to the frame where it leaves, not smeared along the frame afterwards.
 */
export function untilEscape<T extends { escaped: boolean }>(points: readonly T[]): T[] {
  const out = points.findIndex((p) => p.escaped);
  return out < 0 ? [...points] : points.slice(0, out + 1);
}
