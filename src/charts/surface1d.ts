import { scaleLinear } from 'd3';
import type { ScaleLinear } from 'd3';
import type { Box, HoverMark, Margin, Point, RunInput, StepPoint, Tick } from './types';
import { plotBox } from '../geometry/box';
import { clampTo, round2 } from '../geometry/numbers';
import { linearTicks, tickCount } from './ticks';
import { polylineD } from './polyline';
import { untilExit, type ExitMark } from './exit';
import { availableSteps, drawnCount, hoverMarks } from './trace';
import { widenSpan } from '../geometry/span';

export interface Surface1dInput {
  width: number;
  height: number;
  /** Parameter range shown on the x axis, [w0, w1]. */
  view: [number, number];
  /** The loss curve L(w) sampled at xs (ascending); samples outside the view are ignored. */
  curve: { xs: ArrayLike<number>; values: ArrayLike<number> };
  steps: number;
  runs: RunInput[];
  cursor: number;
  hover?: number;
  margin?: Partial<Margin>;
}

export interface Surface1dRun {
  id: string;
  color: string;
  dash: string;
  /** Segments joining the points in step order: GD bouncing on the curve. */
  d: string;
  /** (w_t, L_t) for t = 0..min(cursor, n - 1), in pixels; also what nearestStep searches. */
  points: StepPoint[];
  /** The last drawn point. */
  current?: Point;
  /** Where the run leaves the view (no point is drawn for that step), with its true (w, L). */
  exit?: ExitMark & { w: number; loss: number };
}

export interface Surface1dLayout {
  /** The data span of the w axis (the view, widened if empty), for turning pixels back into w. */
  xDomain: [number, number];
  /** The loss axis's span, bottom to top. */
  yDomain: [number, number];
  plot: Box;
  xTicks: Tick[];
  yTicks: Tick[];
  curveD: string;
  runs: Surface1dRun[];
  hover?: { marks: HoverMark[] };
}

/** Room above the curve's highest point, so the top of the curve is not glued to the frame. */
const HEADROOM = 0.05;

/**
 * The curve's y range inside the view: from 0 (or its minimum when negative, so all of it shows) up
 * to its maximum plus 5%.
 */
function curveRange(curve: Surface1dInput['curve'], w0: number, w1: number): [number, number] {
  let lo = 0;
  let hi = -Infinity;
  const n = Math.min(curve.xs.length, curve.values.length);
  for (let i = 0; i < n; i++) {
    const w = curve.xs[i] ?? NaN;
    const v = curve.values[i] ?? NaN;
    if (!(w >= w0 && w <= w1) || !Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(hi > lo)) hi = lo + 1;
  return [lo, hi + HEADROOM * (hi - lo)];
}

/** Maps a point of the loss curve to pixels, pinned into the plot (the curve is scaled to fit it). */
function placer(plot: Box, x: ScaleLinear<number, number>, y: ScaleLinear<number, number>) {
  const right = plot.x + plot.width;
  const bottom = plot.y + plot.height;
  return (w: number, v: number): Point => ({
    x: round2(clampTo(x(w), plot.x, right)),
    y: round2(clampTo(y(v), plot.y, bottom)),
  });
}

/**
 * The loss curve's value at w, linear between its samples (xs ascending), clamped to its ends;
 * NaN without samples. The 1-D start handle sits at (w, curveAt(curve, w)), on the drawn curve.
 */
export function curveAt(curve: Surface1dInput['curve'], w: number): number {
  const n = Math.min(curve.xs.length, curve.values.length);
  if (n === 0 || Number.isNaN(w)) return NaN;
  if (w <= (curve.xs[0] ?? NaN)) return curve.values[0] ?? NaN;
  if (w >= (curve.xs[n - 1] ?? NaN)) return curve.values[n - 1] ?? NaN;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((curve.xs[mid] ?? NaN) <= w) lo = mid;
    else hi = mid;
  }
  const x0 = curve.xs[lo]!;
  const x1 = curve.xs[hi]!;
  const f = x1 > x0 ? (w - x0) / (x1 - x0) : 0;
  return curve.values[lo]! + f * (curve.values[hi]! - curve.values[lo]!);
}

/**
 * Layout of the left-hand figure for one parameter: the black loss curve over the view, and for each
 * run the points (w_t, L_t) up to the cursor joined by segments. A run that leaves the plot is drawn
 * up to the frame and ends in an `exit` (an arrow the way it went, with the true w and L), never in
 * a point pinned to the frame; nothing after it is drawn.
 */
export function surface1dLayout(input: Surface1dInput): Surface1dLayout {
  const [w0, w1] = widenSpan(input.view);
  const steps = Math.max(0, Math.floor(input.steps));
  const plot = plotBox(input.width, input.height, input.margin);
  const x = scaleLinear()
    .domain([w0, w1])
    .range([plot.x, plot.x + plot.width]);
  const y = scaleLinear()
    .domain(curveRange(input.curve, w0, w1))
    .range([plot.y + plot.height, plot.y]);
  const place = placer(plot, x, y);

  const { xs, values } = input.curve;
  const curvePoints: (Point | null)[] = [];
  for (let i = 0; i < Math.min(xs.length, values.length); i++) {
    const w = xs[i] ?? NaN;
    const v = values[i] ?? NaN;
    if (!(w >= w0 && w <= w1)) continue;
    // A non-finite sample breaks the curve rather than drawing a spike to the frame.
    curvePoints.push(Number.isFinite(v) ? place(w, v) : null);
  }

  const runs = input.runs.map((run): Surface1dRun => {
    const count = drawnCount(availableSteps(run, 1), input.cursor, steps);
    const raw: Point[] = [];
    for (let t = 0; t < count; t++) {
      raw.push({ x: x(run.path[t] ?? NaN), y: y(run.losses[t] ?? NaN) });
    }
    const { inside, exit } = untilExit(plot, raw);
    const points: StepPoint[] = raw
      .slice(0, inside)
      .map((p, t) => ({ x: round2(p.x), y: round2(p.y), step: t }));
    const drawn: Point[] = exit ? [...points, exit] : points;
    const out: Surface1dRun = {
      id: run.id,
      color: run.color,
      dash: run.dash,
      d: polylineD(drawn),
      points,
    };
    const last = points[points.length - 1];
    if (last) out.current = { x: last.x, y: last.y };
    if (exit) {
      out.exit = { ...exit, w: run.path[exit.step] ?? NaN, loss: run.losses[exit.step] ?? NaN };
    }
    return out;
  });

  const layout: Surface1dLayout = {
    plot,
    xDomain: [w0, w1],
    yDomain: y.domain() as [number, number],
    xTicks: linearTicks(x, tickCount(plot.width, 80)),
    yTicks: linearTicks(y, tickCount(plot.height, 50)),
    curveD: polylineD(curvePoints),
    runs,
  };
  const hover = hoverMarks(runs, input.hover, steps);
  if (hover) layout.hover = hover;
  return layout;
}
