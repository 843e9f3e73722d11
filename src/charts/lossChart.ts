import { scaleLinear, scaleLog } from 'd3';
import type { ScaleLinear } from 'd3';
import type { Box, HoverMark, Margin, Point, RunInput, Tick } from './types';
import { plotBox } from '../geometry/box';
import { clampStep, clampTo, floorLog10, pow10, round2 } from '../geometry/numbers';
import { linearTicks, logTicks, tickCount } from './ticks';
import { polylineD } from './polyline';
import { drawnCount, hoverStep } from './trace';
import { lastLossStep, lossIndexAt, stepOfLoss } from '../core/trajectory';

export interface LossChartInput {
  width: number;
  height: number;
  /** Last step of the x axis: a full run has steps + 1 losses (steps 0..steps). */
  steps: number;
  runs: RunInput[];
  /** Animation cursor: lines are drawn from step 0 up to this step. */
  cursor: number;
  /** Step under the pointer (here or on the surface), for linked markers. */
  hover?: number;
  /** Points to mark once the cursor reaches them, e.g. each run's best validation step. */
  marks?: readonly { id: string; color: string; step: number; loss: number }[];
  /** Shaded bands between two curves per step (mean ± one standard deviation), to the cursor. */
  bands?: readonly {
    id: string;
    color: string;
    lower: ArrayLike<number>;
    upper: ArrayLike<number>;
  }[];
  margin?: Partial<Margin>;
  /** The tick labels' type size: larger type, fewer ticks (none closer than 2.2 em apart). */
  fontSize?: number;
}

/** Where a line leaves the axis: an open triangle at the edge, pointing out (▲ top, ▼ bottom). */
export interface OffscaleMark extends Point {
  side: 'top' | 'bottom';
  /** The first step off the scale, and its true loss (0 or below the axis, or above it). */
  step: number;
  loss: number;
}

export interface LossLine {
  id: string;
  color: string;
  dash: string;
  /** Broken where the loss leaves the axis: never drawn along the top or bottom edge. */
  d: string;
  /** One mark per stretch of steps off the scale, at the edge, where the stretch starts. */
  offscale: OffscaleMark[];
  /** The point at the cursor end of the line, when that step is on the scale. */
  head?: Point;
  /** Where the drawn line visibly ends (its head, or its last off-scale mark): the label's anchor. */
  end?: Point & { step: number };
  /** A diverged run's ✕, at its `divergedAt` step once the cursor has reached it. */
  divergedMark?: Point & { step: number };
}

export interface LossChartLayout {
  plot: Box;
  steps: number;
  /** [bottom, top] of the log loss axis. */
  yDomain: [number, number];
  xTicks: Tick[];
  yTicks: Tick[];
  lines: LossLine[];
  cursorX: number;
  hover?: { x: number; marks: HoverMark[] };
  /** The input's marks the cursor has reached, in pixels. */
  marks: HoverMark[];
  /** Closed band outlines: the upper curve forward, the lower back. */
  bands: { id: string; color: string; d: string }[];
}

/** Decades kept above the largest starting loss: diverging runs get room to climb, then clip. */
const HEADROOM = 1e3;
/**
 * Air above the highest loss drawn, where no run climbs that far: the axis ends at twice it (0.3
 * of a decade), so runs that only fall fill the view instead of its lowest fifth.
 */
const TOP_AIR = 2;
/** Decades shown at most below the top, so a loss of 1e-300 does not squash the chart. */
const MAX_RANGE = 1e12;

/**
 * The log y domain from the data (all of it, not only up to the cursor, so the axis does not
 * rescale while playing): top = the largest starting loss × 1e3, or twice the highest finite loss
 * where that is lower (no run climbs that far: the view is not left three decades of empty room);
 * bottom = the smallest positive loss, at most 12 decades below the top, floored to a power of ten.
 */
export function lossDomain(runs: readonly RunInput[]): [number, number] {
  let start = 0;
  let maxPos = 0;
  let minPos = Infinity;
  for (const run of runs) {
    const l0 = run.losses[0];
    if (l0 !== undefined && Number.isFinite(l0) && l0 > start) start = l0;
    for (let t = 0; t < run.losses.length; t++) {
      const l = run.losses[t] ?? NaN;
      if (!(l > 0) || !Number.isFinite(l)) continue;
      if (l < minPos) minPos = l;
      if (l > maxPos) maxPos = l;
    }
  }
  // Runs that all start at exactly 0 still need an axis; fall back to the largest loss, then to 1.
  const base = start > 0 ? start : maxPos > 0 ? maxPos : 1;
  const top = Math.min(
    base * HEADROOM,
    maxPos > 0 ? Math.max(base, maxPos) * TOP_AIR : Infinity,
    Number.MAX_VALUE,
  );
  const bottom = pow10(floorLog10(Math.max(Number.isFinite(minPos) ? minPos : 0, top / MAX_RANGE)));
  return [bottom, top];
}

/** A diverged run's ✕ is kept this far inside the plot, clear of the off-scale marks at the edge. */
const DIVERGED_INSET = 14;

/**
 * Where the segment from step t0 (loss l0) to t1 (loss l1) crosses the axis edge at loss `edge`,
 * linear in log loss as the segment is drawn: t = t0 + f·(t1 − t0), f = (ln edge − ln l0) /
 * (ln l1 − ln l0). A loss of 0 (or NaN, ∞) has no usable logarithm: the segment then meets the
 * edge at the other step's x (a drop straight down to a loss of 0 at the step that reaches it).
 */
function crossing(
  x: ScaleLinear<number, number>,
  t0: number,
  l0: number,
  t1: number,
  l1: number,
  edge: number,
  edgeY: number,
): Point {
  const ok = (l: number) => l > 0 && Number.isFinite(l);
  let f: number;
  if (!ok(l1)) f = 1;
  else if (!ok(l0)) f = 0;
  else f = (Math.log(edge) - Math.log(l0)) / (Math.log(l1) - Math.log(l0));
  if (!Number.isFinite(f)) f = 1;
  return { x: round2(x(t0 + Math.min(1, Math.max(0, f)) * (t1 - t0))), y: round2(edgeY) };
}

function xScaleOf(plot: Box, steps: number): ScaleLinear<number, number> {
  return scaleLinear()
    .domain([0, Math.max(1, steps)])
    .range([plot.x, plot.x + plot.width]);
}

/**
 * Layout of the right-hand figure: loss versus step for every run on a log axis, each line cut at
 * the animation cursor. The axis shows [bottom, top]; a loss outside it is never drawn on the
 * edge (a run at 0 would look like a plateau there, a diverging one as if it stopped growing):
 * the line is broken where it leaves, drawn up to the edge where the segment crosses it (linear
 * in log loss, as the segment itself would be drawn), and the stretch off the scale gets an
 * `offscale` mark at the edge with its first step and true loss.
 */
export function lossChartLayout(input: LossChartInput): LossChartLayout {
  const { runs } = input;
  const steps = Math.max(0, Math.floor(input.steps));
  const plot = plotBox(input.width, input.height, input.margin);
  const x = xScaleOf(plot, steps);
  const yDomain = lossDomain(runs);
  const [bottom, top] = yDomain;
  const y = scaleLog()
    .domain(yDomain)
    .range([plot.y + plot.height, plot.y]);
  const plotBottom = plot.y + plot.height;
  const font = input.fontSize ?? 0;
  /** Pinned to the edges: only for shaded bands and hover, never for a line's points. */
  const yOf = (loss: number): number =>
    round2(loss <= bottom ? plotBottom : loss > top || Number.isNaN(loss) ? plot.y : y(loss));
  const edgeOf = (side: 'top' | 'bottom') => (side === 'top' ? top : bottom);
  const edgeY = (side: 'top' | 'bottom') => (side === 'top' ? plot.y : plotBottom);
  const sideOf = (loss: number): 'top' | 'bottom' | undefined =>
    loss > top ? 'top' : loss < bottom ? 'bottom' : Number.isNaN(loss) ? 'top' : undefined;

  const lines = runs.map((run): LossLine => {
    const n = run.losses.length;
    // A strided trace (lossEvery) draws its recorded points at their steps, joined like any
    // other: x of point t is stepOfLoss(run, t); the points drawn are those at or before the cursor.
    const at = (t: number) => stepOfLoss(run, t);
    const count =
      (run.lossEvery ?? 1) > 1
        ? Math.min(n, lossIndexAt(run, clampStep(input.cursor, steps)) + 1)
        : drawnCount(n, input.cursor, steps);
    const points: (Point | null)[] = [];
    const offscale: OffscaleMark[] = [];
    let end: (Point & { step: number }) | undefined;
    let head: Point | undefined;
    for (let t = 0; t < count; t++) {
      const loss = run.losses[t] ?? NaN;
      const side = sideOf(loss);
      const prev = t > 0 ? (run.losses[t - 1] ?? NaN) : NaN;
      const prevSide = t > 0 ? sideOf(prev) : undefined;
      if (!side) {
        // Back on the scale after a stretch off it: the segment enters through the edge.
        if (t > 0 && prevSide)
          points.push(crossing(x, at(t - 1), prev, at(t), loss, edgeOf(prevSide), edgeY(prevSide)));
        const p = { x: round2(x(at(t))), y: round2(y(loss)) };
        points.push(p);
        end = { ...p, step: at(t) };
        head = t === count - 1 ? p : undefined;
        continue;
      }
      if (t === 0 || prevSide !== side) {
        // Leaving the scale: the segment is drawn up to the edge, then the line breaks.
        if (t > 0 && !prevSide)
          points.push(crossing(x, at(t - 1), prev, at(t), loss, edgeOf(side), edgeY(side)));
        points.push(null);
        const mark = {
          side,
          x: round2(x(at(t))),
          y: edgeY(side),
          step: at(t),
          loss,
        };
        offscale.push(mark);
        end = { x: mark.x, y: mark.y, step: at(t) };
      }
      head = undefined;
    }
    const line: LossLine = {
      id: run.id,
      color: run.color,
      dash: run.dash,
      d: polylineD(points),
      offscale,
    };
    if (head) line.head = head;
    if (end) line.end = end;
    const k = run.divergedAt;
    if (k !== undefined && count > 0 && input.cursor >= k) {
      // A run cut at its first non-finite step k has data up to k − 1 only: mark its last step
      // (a strided trace: its last recorded point at or before k).
      const i =
        (run.lossEvery ?? 1) > 1
          ? Math.min(lossIndexAt(run, k), count - 1)
          : Math.min(k, count - 1);
      line.divergedMark = {
        x: round2(x(at(i))),
        y: clampTo(yOf(run.losses[i] ?? NaN), plot.y + DIVERGED_INSET, plotBottom - DIVERGED_INSET),
        step: k,
      };
    }
    return line;
  });

  const layout: LossChartLayout = {
    plot,
    steps,
    yDomain,
    xTicks: linearTicks(x, tickCount(plot.width, Math.max(80, 5 * font))),
    yTicks: logTicks(y, Math.max(2, Math.floor(plot.height / Math.max(24, 2.2 * font)))),
    lines,
    cursorX: round2(x(clampStep(input.cursor, steps))),
    bands: (input.bands ?? []).map((b) => {
      const n = drawnCount(Math.min(b.lower.length, b.upper.length), input.cursor, steps);
      // A band is shading, not data to read off: pinned to the edges it still reads as a spread.
      const pts: Point[] = [];
      for (let t = 0; t < n; t++) pts.push({ x: round2(x(t)), y: yOf(b.upper[t] ?? NaN) });
      for (let t = n - 1; t >= 0; t--) pts.push({ x: round2(x(t)), y: yOf(b.lower[t] ?? NaN) });
      return { id: b.id, color: b.color, d: n > 0 ? `${polylineD(pts)}Z` : '' };
    }),
    marks: (input.marks ?? [])
      .filter((m) => m.step <= input.cursor && Number.isFinite(m.loss))
      .map((m) => ({ id: m.id, color: m.color, x: round2(x(m.step)), y: yOf(m.loss) })),
  };
  if (input.hover !== undefined && Number.isFinite(input.hover)) {
    const h = hoverStep(input.hover, steps);
    const marks: HoverMark[] = [];
    for (const run of runs) {
      if ((run.lossEvery ?? 1) > 1) {
        // A strided trace: the ring sits on the recorded point at or before the hovered step
        // (the value the read-outs give), if it is drawn.
        const i = lossIndexAt(run, Math.min(h, clampStep(input.cursor, steps)));
        if (i < 0 || h > clampStep(input.cursor, steps) || h > lastLossStep(run)) continue;
        const l = run.losses[i] ?? NaN;
        if (sideOf(l)) continue;
        marks.push({ id: run.id, color: run.color, x: round2(x(stepOfLoss(run, i))), y: yOf(l) });
        continue;
      }
      if (h >= drawnCount(run.losses.length, input.cursor, steps)) continue;
      // An off-scale loss has no point on the chart to ring (its value is in the mark's title).
      if (sideOf(run.losses[h] ?? NaN)) continue;
      marks.push({ id: run.id, color: run.color, x: round2(x(h)), y: yOf(run.losses[h] ?? NaN) });
    }
    layout.hover = { x: round2(x(h)), marks };
  }
  return layout;
}

/** What stepAtX needs: a computed layout, or the sizes it was computed from. */
export type StepAxis =
  | { plot: Box; steps: number }
  | { width: number; height: number; steps: number; margin?: Partial<Margin> };

/**
 * The integer step nearest to pixel `px` on the loss chart's x axis, clamped to 0..steps: the
 * inverse of the layout's x scale, for turning a pointer position into a hovered step.
 */
export function stepAtX(axis: StepAxis, px: number): number {
  const plot = 'plot' in axis ? axis.plot : plotBox(axis.width, axis.height, axis.margin);
  const steps = Math.max(0, Math.floor(axis.steps));
  return hoverStep(xScaleOf(plot, steps).invert(px), steps);
}
