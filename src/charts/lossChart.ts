import { scaleLinear, scaleLog } from 'd3';
import type { ScaleLinear } from 'd3';
import type { Box, HoverMark, Margin, Point, RunInput, Tick } from './types';
import { plotBox } from './box';
import { clampStep, floorLog10, pow10, round2 } from './numbers';
import { linearTicks, logTicks, tickCount } from './ticks';
import { polylineD } from './polyline';
import { drawnCount, hoverStep } from './trace';

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
}

export interface LossLine {
  id: string;
  color: string;
  dash: string;
  d: string;
  /** Some drawn loss exceeded the top of the axis and was pinned to it. */
  clippedTop: boolean;
  /** The point at the cursor end of the line. */
  head?: Point;
  /** Last point of a run whose data ends before `steps`, once the cursor has passed that end. */
  divergedMark?: Point;
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
/** Decades shown at most below the top, so a loss of 1e-300 does not squash the chart. */
const MAX_RANGE = 1e12;

/**
 * The log y domain from the data: top = largest starting loss × 1e3; bottom = the smallest positive
 * loss in the data (all of it, not only up to the cursor, so the axis does not rescale while
 * playing), at most 12 decades below the top, floored to a power of ten.
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
  const top = Math.min(base * HEADROOM, Number.MAX_VALUE);
  const bottom = pow10(floorLog10(Math.max(Number.isFinite(minPos) ? minPos : 0, top / MAX_RANGE)));
  return [bottom, top];
}

function xScaleOf(plot: Box, steps: number): ScaleLinear<number, number> {
  return scaleLinear()
    .domain([0, Math.max(1, steps)])
    .range([plot.x, plot.x + plot.width]);
}

/**
 * Layout of the right-hand figure: loss versus step for every run on a log axis, each line cut at
 * the animation cursor. Losses at or below the bottom (0 included) sit on the bottom edge; losses
 * above the top sit on the top edge and flag the line `clippedTop`.
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
  const yOf = (loss: number): number =>
    round2(
      loss <= bottom ? plot.y + plot.height : loss > top || Number.isNaN(loss) ? plot.y : y(loss),
    );

  const lines = runs.map((run): LossLine => {
    const n = run.losses.length;
    const count = drawnCount(n, input.cursor, steps);
    const points: Point[] = [];
    let clippedTop = false;
    for (let t = 0; t < count; t++) {
      const loss = run.losses[t] ?? NaN;
      if (loss > top || Number.isNaN(loss)) clippedTop = true;
      points.push({ x: round2(x(t)), y: yOf(loss) });
    }
    const line: LossLine = {
      id: run.id,
      color: run.color,
      dash: run.dash,
      d: polylineD(points),
      clippedTop,
    };
    const head = points[points.length - 1];
    if (head) line.head = head;
    // The cut run went non-finite at step n; mark it once the cursor reaches that step, not at
    // n - 1, so runs still streaming in (cursor = last step received) are never marked.
    if (head && n - 1 < steps && input.cursor >= n) line.divergedMark = head;
    return line;
  });

  const layout: LossChartLayout = {
    plot,
    steps,
    yDomain,
    xTicks: linearTicks(x, tickCount(plot.width, 80)),
    yTicks: logTicks(y, Math.max(2, Math.floor(plot.height / 24))),
    lines,
    cursorX: round2(x(clampStep(input.cursor, steps))),
    bands: (input.bands ?? []).map((b) => {
      const n = drawnCount(Math.min(b.lower.length, b.upper.length), input.cursor, steps);
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
      if (h >= drawnCount(run.losses.length, input.cursor, steps)) continue;
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
