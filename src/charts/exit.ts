import type { Box, Point } from './types';
import { round2 } from '../geometry/numbers';

/** Where a path leaves the view: a point on the frame and the direction it was going. */
export interface ExitMark extends Point {
  /** Direction of travel in degrees, SVG convention (0 = right, 90 = down). */
  angle: number;
  /** The first step outside the view. */
  step: number;
}

/** A huge but finite stand-in for an infinite pixel coordinate, keeping its sign. */
const FAR = 1e9;
const finite = (v: number, fallback: number) =>
  Number.isNaN(v) ? fallback : Math.max(-FAR, Math.min(FAR, v));

/**
 * Where the segment from `inside` (in the box) towards `outside` (beyond it) crosses the box's
 * frame, with the segment's direction: the parametric clip p = inside + s·(outside − inside),
 * s = the smallest s in [0, 1] at which x or y reaches its edge. A NaN coordinate of `outside`
 * (a loss that overflowed) is taken as straight up in y (losses grow upwards) or as staying put in x.
 */
export function exitMark(box: Box, inside: Point, outside: Point, step: number): ExitMark {
  const ox = finite(outside.x, inside.x);
  const oy = finite(outside.y, Number.isNaN(outside.y) ? -FAR : inside.y);
  const dx = ox - inside.x;
  const dy = oy - inside.y;
  let s = 1;
  const right = box.x + box.width;
  const bottom = box.y + box.height;
  if (dx > 0) s = Math.min(s, (right - inside.x) / dx);
  if (dx < 0) s = Math.min(s, (box.x - inside.x) / dx);
  if (dy > 0) s = Math.min(s, (bottom - inside.y) / dy);
  if (dy < 0) s = Math.min(s, (box.y - inside.y) / dy);
  s = Math.max(0, s);
  return {
    x: round2(inside.x + s * dx),
    y: round2(inside.y + s * dy),
    angle: round2((Math.atan2(dy, dx) * 180) / Math.PI),
    step,
  };
}

/** Whether a pixel lies in the box (its edges included, with a hair of rounding). */
export function inBox(box: Box, p: Point): boolean {
  const e = 1e-6;
  return (
    p.x >= box.x - e &&
    p.x <= box.x + box.width + e &&
    p.y >= box.y - e &&
    p.y <= box.y + box.height + e
  );
}

/**
 * The drawn part of a path: its pixels up to the last one inside the box, and where it leaves, if
 * it does. A path that flies out is drawn up to the frame and ends in an arrow there, pointing the
 * way it went, instead of a point pinned to the frame as if it were one of its steps. A path that
 * starts outside has no drawn part; its exit mark is its start pinned to the frame, pointing away
 * from the box's centre.
 */
export function untilExit(box: Box, pixels: readonly Point[]): { inside: number; exit?: ExitMark } {
  const out = pixels.findIndex((p) => !inBox(box, p));
  if (out < 0) return { inside: pixels.length };
  const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const from = out > 0 ? pixels[out - 1]! : centre;
  return { inside: out, exit: exitMark(box, from, pixels[out]!, out) };
}
