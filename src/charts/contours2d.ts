import { scaleLinear } from 'd3';
import type { Box, HoverMark, Margin, Point, RunInput, StepPoint, Tick } from './types';
import { round2 } from '../geometry/numbers';
import { linearTicks, tickCount } from './ticks';
import { polylineD } from './polyline';
import { untilExit, type ExitMark } from './exit';
import { widenSpan } from '../geometry/span';
import { contourPaths, contourPlot, type ContourPath } from '../geometry/contours';
import { availableSteps, drawnCount, hoverMarks } from './trace';
import { lossAtStep } from '../core/trajectory';

export interface ContourInput {
  width: number;
  height: number;
  /** [[x0, x1], [y0, y1]]: the parameter ranges shown. */
  view: [[number, number], [number, number]];
  /**
   * n×n losses, row-major: values[i*n + j] is the loss at x = x0 + j·(x1−x0)/(n−1),
   * y = y0 + i·(y1−y0)/(n−1); both edges of the view are grid points.
   */
  grid: { n: number; values: ArrayLike<number> };
  /** Contours already traced for this grid and this plot (see contourPlot), e.g. in the worker. */
  contours?: ContourPath[];
  steps: number;
  runs: RunInput[];
  cursor: number;
  hover?: number;
  margin?: Partial<Margin>;
  /** Number of contour levels; 12 by default. */
  levels?: number;
}

export interface ContourRun {
  id: string;
  color: string;
  dash: string;
  d: string;
  /** Drawn points θ_0..θ_min(cursor, n−1) in pixels; what nearestStep searches. */
  points: StepPoint[];
  start: Point;
  /** The point at the cursor end (the last drawn point inside the view). */
  end?: Point;
  /** Where the run leaves the view: an arrow at the frame, with its true θ and loss. */
  exit?: ExitMark & { theta: [number, number]; loss: number };
}

export interface ContourLayout {
  /** The data span of each axis (the view, widened if empty), for turning pixels back into θ. */
  xDomain: [number, number];
  yDomain: [number, number];
  plot: Box;
  xTicks: Tick[];
  yTicks: Tick[];
  contours: ContourPath[];
  /** Runs with at least one point (a run with no data has no start to draw). */
  runs: ContourRun[];
  hover?: { marks: HoverMark[] };
}

/**
 * Layout of the left-hand figure for two parameters: contour lines of the loss grid and each run's
 * path up to the cursor. One data unit has the same pixel length on both axes and y points up. A
 * path that leaves the plot is drawn up to the frame and ends in an `exit` arrow there (with its
 * true θ and loss), never in points pinned to the frame.
 */
export function contourLayout(input: ContourInput): ContourLayout {
  const [x0, x1] = widenSpan(input.view[0]);
  const [y0, y1] = widenSpan(input.view[1]);
  const steps = Math.max(0, Math.floor(input.steps));
  const plot = contourPlot(input.width, input.height, input.view, input.margin);
  const left = plot.x;
  const right = plot.x + plot.width;
  const top = plot.y;
  const bottom = plot.y + plot.height;
  const x = scaleLinear().domain([x0, x1]).range([left, right]);
  const y = scaleLinear().domain([y0, y1]).range([bottom, top]);

  const runs: ContourRun[] = [];
  for (const run of input.runs) {
    const count = drawnCount(availableSteps(run, 2), input.cursor, steps);
    const raw: Point[] = [];
    for (let t = 0; t < count; t++) {
      raw.push({ x: x(run.path[2 * t] ?? NaN), y: y(run.path[2 * t + 1] ?? NaN) });
    }
    const { inside, exit } = untilExit(plot, raw);
    const points: StepPoint[] = raw
      .slice(0, inside)
      .map((p, t) => ({ x: round2(p.x), y: round2(p.y), step: t }));
    const first = points[0];
    const last = points[points.length - 1];
    if (!exit && (!first || !last)) continue;
    const drawn: Point[] = exit ? [...points, exit] : points;
    const out: ContourRun = {
      id: run.id,
      color: run.color,
      dash: run.dash,
      d: polylineD(drawn),
      points,
      // A run that starts outside the view starts where its arrow is.
      start: first ? { x: first.x, y: first.y } : { x: exit!.x, y: exit!.y },
    };
    if (last) out.end = { x: last.x, y: last.y };
    if (exit) {
      const k = exit.step;
      out.exit = {
        ...exit,
        theta: [run.path[2 * k] ?? NaN, run.path[2 * k + 1] ?? NaN],
        // The recorded loss at or before the exit step (a strided trace has no loss at every step).
        loss: lossAtStep(run, k) ?? NaN,
      };
    }
    runs.push(out);
  }

  const layout: ContourLayout = {
    plot,
    xDomain: [x0, x1],
    yDomain: [y0, y1],
    xTicks: linearTicks(x, tickCount(plot.width, 80)),
    yTicks: linearTicks(y, tickCount(plot.height, 50)),
    contours: input.contours ?? cachedContours(input.grid, plot, input.levels),
    runs,
  };
  const hover = hoverMarks(runs, input.hover, steps);
  if (hover) layout.hover = hover;
  return layout;
}

let lastContours:
  | { values: ArrayLike<number>; n: number; plot: Box; levels?: number; paths: ContourPath[] }
  | undefined;

/**
 * The contours of the last grid drawn, reused while only the runs or the cursor change: tracing
 * them costs milliseconds, which an animation frame cannot afford on every tick. The result is the
 * same as calling contourPaths; only the grid's identity and the plot decide when to recompute.
 */
function cachedContours(
  grid: { n: number; values: ArrayLike<number> },
  plot: Box,
  levels?: number,
): ContourPath[] {
  const c = lastContours;
  if (
    c &&
    c.values === grid.values &&
    c.n === grid.n &&
    c.levels === levels &&
    c.plot.x === plot.x &&
    c.plot.y === plot.y &&
    c.plot.width === plot.width &&
    c.plot.height === plot.height
  ) {
    return c.paths;
  }
  const paths = contourPaths(grid, plot, levels);
  lastContours = { values: grid.values, n: grid.n, plot, levels, paths };
  return paths;
}
