import { scaleLog } from 'd3';
import type { ScaleLogarithmic } from 'd3';
import type { Box, Margin, Point, Tick } from './types';
import { plotBox } from '../geometry/box';
import { clampTo, floorLog10, pow10, round2 } from '../geometry/numbers';
import { logTicks } from './ticks';
import { polylineD } from './polyline';

/** One learning rate of a sweep: its final loss, coloured by verdict. */
export interface LrPointInput {
  id: string;
  lr: number;
  loss: number;
  color: string;
  /** The run diverged: pinned to the top edge whatever its (last finite) loss. */
  diverged?: boolean;
}

/** A loss curve over learning rates (the range test's raw or smoothed loss). */
export interface LrLineInput {
  id: string;
  color: string;
  dash?: string;
  lrs: ArrayLike<number>;
  losses: ArrayLike<number>;
}

/** A vertical marker at a learning rate (a range-test suggestion, the current η, 2/λmax …). */
export interface LrMarkerInput {
  id: string;
  lr: number;
  label: string;
}

/** A run of the figure, marked on the η axis in its own colour (the sweep shows where the runs sit). */
export interface LrRunInput {
  id: string;
  lr: number;
  color: string;
}

export interface LrPlotInput {
  width: number;
  height: number;
  /** [lo, hi] of the η axis; from the data (whole decades) when absent or invalid. */
  xDomain?: readonly [number, number];
  points?: readonly LrPointInput[];
  lines?: readonly LrLineInput[];
  markers?: readonly LrMarkerInput[];
  runs?: readonly LrRunInput[];
  margin?: Partial<Margin>;
}

/** A drawn sweep point; look its η and loss up by id in the input (the layout holds only pixels). */
export interface LrPlotPoint extends Point {
  id: string;
  color: string;
  /**
   * false when drawn at its value; 'top' when diverged, non-finite or above the axis (drawn on the
   * top edge); 'bottom' when the loss is below the axis or ≤ 0 (a perfect fit has no place on a log
   * axis); 'side'
   * when the loss is drawn at its value but the η lies outside the x domain, so x is an edge.
   */
  pinned: false | 'top' | 'bottom' | 'side';
  /** The run diverged (flagged in the input, or its loss is not finite): draw it with a flag. */
  diverged: boolean;
}

export interface LrPlotLine {
  id: string;
  color: string;
  dash: string;
  /** Broken at non-positive / non-finite losses or η; losses above the axis sit on its top edge. */
  d: string;
}

export interface LrPlotMarker {
  id: string;
  label: string;
  x: number;
  /** The η lies outside the x domain: x is the nearest edge. */
  clipped: boolean;
}

/** A run's mark: a small triangle on the bottom edge at its η. */
export interface LrPlotRun {
  id: string;
  color: string;
  x: number;
  /** The η lies outside the x domain: x is the nearest edge. */
  clipped: boolean;
}

export interface LrPlotLayout {
  plot: Box;
  /** Where the y axis's label goes: above the plot's top-left corner, in the margin, clear of every mark. */
  yLabel: { x: number; y: number };
  /** [lo, hi] of the log η axis. */
  xDomain: [number, number];
  /** [bottom, top] of the log loss axis: whole decades, at most MAX_DECADES of them. */
  yDomain: [number, number];
  xTicks: Tick[];
  yTicks: Tick[];
  points: LrPlotPoint[];
  lines: LrPlotLine[];
  markers: LrPlotMarker[];
  runs: LrPlotRun[];
}

/**
 * Margins for a plot whose y axis's label goes above it (`yLabel`). Inside the
 * plot the label would sit under the marks pinned to the top edge (diverged sweep points and their
 * ✕, drawn up to 7 px + a 10 px glyph above the edge); 30 px holds an 11 px label above those.
 */
export const LR_MARGIN: Partial<Margin> = { top: 30 };

/** The y axis spans at most this many decades; larger losses are pinned to the top edge. */
export const MAX_DECADES = 12;
/** Axes used when there is nothing to fit. */
const EMPTY_X: [number, number] = [1e-3, 1];
const EMPTY_Y: [number, number] = [0.1, 10];

const isPos = (v: number): boolean => v > 0 && Number.isFinite(v);

/**
 * [10^⌊log10 lo⌋, 10^⌈log10 hi⌉] of the positive finite values, widened to one decade when they all
 * sit on the same power of ten; undefined when there is none.
 */
function decadeExtent(values: Iterable<number>): [number, number] | undefined {
  let lo = Infinity;
  let hi = 0;
  for (const v of values) {
    if (!isPos(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(hi > 0)) return undefined;
  const e0 = floorLog10(lo);
  const f1 = floorLog10(hi);
  const e1 = pow10(f1) === hi ? f1 : f1 + 1;
  return [pow10(e0), pow10(Math.max(e1, e0 + 1))];
}

function* xValues(input: LrPlotInput): Generator<number> {
  for (const p of input.points ?? []) yield p.lr;
  for (const l of input.lines ?? []) for (let i = 0; i < l.lrs.length; i++) yield l.lrs[i] ?? NaN;
  for (const m of input.markers ?? []) yield m.lr;
  for (const r of input.runs ?? []) yield r.lr;
}

function* yValues(input: LrPlotInput): Generator<number> {
  for (const p of input.points ?? []) if (!p.diverged) yield p.loss;
  for (const l of input.lines ?? []) {
    for (let i = 0; i < l.losses.length; i++) yield l.losses[i] ?? NaN;
  }
}

/**
 * The η axis: the given [lo, hi] when both are positive, finite and lo < hi; otherwise whole
 * decades around every η in the points, lines and markers (so a suggestion below the tested range,
 * such as η_min/10, stays on screen); [1e-3, 1] when there is none.
 */
export function lrDomain(input: LrPlotInput): [number, number] {
  const given = input.xDomain;
  if (given && isPos(given[0]) && isPos(given[1]) && given[0] < given[1]) return [...given];
  return decadeExtent(xValues(input)) ?? [...EMPTY_X];
}

/**
 * The loss axis: whole decades around the positive finite losses of the lines and of the points
 * that did not diverge (a diverged run's last loss would only stretch the axis), at most
 * MAX_DECADES decades down from the top: a converging run's final loss can sink to float32's
 * smallest numbers (1e-38), and what a sweep must show is where the losses stand against the
 * start, so losses below the axis sit on its bottom edge. [0.1, 10] when there is no loss.
 */
export function lrLossDomain(input: LrPlotInput): [number, number] {
  const ext = decadeExtent(yValues(input));
  if (!ext) return [...EMPTY_Y];
  const [bottom, top] = ext;
  const floor = pow10(floorLog10(top) - MAX_DECADES);
  return [Math.max(bottom, floor), top];
}

type Axis = { plot: Box; xDomain: readonly [number, number] };

function xScaleOf(axis: Axis): ScaleLogarithmic<number, number> {
  return scaleLog()
    .domain([...axis.xDomain])
    .range([axis.plot.x, axis.plot.x + axis.plot.width]);
}

/**
 * Pixel x of learning rate `lr` on a computed layout, clamped to the plot (η ≤ 0 goes to the left
 * edge, NaN too).
 */
export function xOfLr(axis: Axis, lr: number): number {
  const { x, width } = axis.plot;
  const v = lr > 0 ? xScaleOf(axis)(lr) : x;
  return round2(clampTo(v, x, x + width));
}

/** The learning rate at pixel x (clamped to the plot): the inverse of the layout's x scale. */
export function lrAtX(axis: Axis, px: number): number {
  const { x, width } = axis.plot;
  return xScaleOf(axis).invert(clampTo(px, x, x + width));
}

/** Ticks along a log axis: decades only, about one per `spacing` pixels at most. */
function decadeTicks(scale: ScaleLogarithmic<number, number>, length: number, spacing: number) {
  return logTicks(scale, Math.max(2, Math.floor(length / spacing)));
}

/**
 * Layout of a plot of loss against learning rate, both on log axes (d3 computes, React renders):
 * the learning-rate sweep (one point per η, coloured by verdict; diverged points on the top edge
 * with a flag) and the range test (raw and smoothed lines, vertical markers for the suggestions).
 * All pixels are rounded to 2 decimals and finite.
 */
export function lrPlot(input: LrPlotInput): LrPlotLayout {
  const plot = plotBox(input.width, input.height, input.margin);
  const xDomain = lrDomain(input);
  const yDomain = lrLossDomain(input);
  const top = yDomain[1];
  const axis = { plot, xDomain };
  const x = xScaleOf(axis);
  const y = scaleLog()
    .domain(yDomain)
    .range([plot.y + plot.height, plot.y]);
  const yBottom = round2(plot.y + plot.height);
  const yTop = round2(plot.y);
  const xIn = (lr: number): boolean => lr >= xDomain[0] && lr <= xDomain[1];

  const points = (input.points ?? []).map((p): LrPlotPoint => {
    const diverged = p.diverged === true || !Number.isFinite(p.loss);
    let pinned: LrPlotPoint['pinned'] = false;
    let py: number;
    if (diverged || p.loss > top) {
      pinned = 'top';
      py = yTop;
    } else if (!(p.loss >= yDomain[0])) {
      pinned = 'bottom';
      py = yBottom;
    } else {
      py = round2(clampTo(y(p.loss), plot.y, plot.y + plot.height));
    }
    if (!pinned && !xIn(p.lr)) pinned = 'side';
    return {
      id: p.id,
      color: p.color,
      x: xOfLr(axis, p.lr),
      y: py,
      pinned,
      diverged,
    };
  });

  const lines = (input.lines ?? []).map((l): LrPlotLine => {
    const n = Math.min(l.lrs.length, l.losses.length);
    const pts: (Point | null)[] = [];
    for (let i = 0; i < n; i++) {
      const lr = l.lrs[i] ?? NaN;
      const loss = l.losses[i] ?? NaN;
      if (!isPos(lr) || !isPos(loss)) {
        pts.push(null);
        continue;
      }
      const py = loss > top ? yTop : round2(clampTo(y(loss), plot.y, plot.y + plot.height));
      pts.push({ x: xOfLr(axis, lr), y: py });
    }
    return { id: l.id, color: l.color, dash: l.dash ?? '', d: polylineD(pts) };
  });

  const markers = (input.markers ?? []).map((m): LrPlotMarker => ({
    id: m.id,
    label: m.label,
    x: xOfLr(axis, m.lr),
    clipped: !xIn(m.lr),
  }));

  const runs = (input.runs ?? []).map((r): LrPlotRun => ({
    id: r.id,
    color: r.color,
    x: xOfLr(axis, r.lr),
    clipped: !xIn(r.lr),
  }));

  return {
    plot,
    // Left-aligned with the tick labels' column, on a baseline 12 px from the top of the SVG.
    yLabel: { x: 4, y: round2(Math.max(12, plot.y - 16)) },
    xDomain,
    yDomain,
    xTicks: decadeTicks(x, plot.width, 50),
    yTicks: decadeTicks(y, plot.height, 24),
    points,
    lines,
    markers,
    runs,
  };
}

/**
 * The drawn point nearest to the pointer (px, py) within `radius` pixels, or undefined. Ties go to
 * the earlier point, so the answer does not depend on which of two stacked points is drawn last.
 * (nearestStep in nearest.ts answers with steps of run trajectories; sweep points have ids.)
 */
export function nearestPoint(
  layout: { points: readonly LrPlotPoint[] },
  px: number,
  py: number,
  radius = 8,
): LrPlotPoint | undefined {
  let best: LrPlotPoint | undefined;
  let bestD2 = radius * radius;
  for (const p of layout.points) {
    const d2 = (p.x - px) ** 2 + (p.y - py) ** 2;
    if (d2 < bestD2 || (d2 === bestD2 && best === undefined)) {
      best = p;
      bestD2 = d2;
    }
  }
  return best;
}
