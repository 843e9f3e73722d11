import { useMemo, useState } from 'react';
import { invertPlot } from '../../geometry/box';
import { FIGURE_HEIGHT, FIGURE_WIDTH, SURFACE_MARGIN } from '../../geometry/figure';
import { contourLayout } from '../../charts/contours2d';
import type { ExitMark } from '../../charts/exit';
import { nearestStep } from '../../charts/nearest';
import { curveAt, surface1dLayout } from '../../charts/surface1d';
import type { Box, HoverMark, StepPoint, Tick } from '../../charts/types';
import { runInputs, svgPoint, type Frame } from '../runInputs';
import { useFormat } from '../format';
import { formatLoss, formatLr } from '../labels';
import { useVerdictColors } from '../palette';
import { Axes, measuredView, type MeasuredChart } from './Axes';

const W = FIGURE_WIDTH;
const H = FIGURE_HEIGHT;
/** How close (SVG px) the pointer must come to a drawn step to pick it. */
const PICK_RADIUS = 14;

interface Props {
  frame: Frame | undefined;
  cursor: number;
  hover: number | undefined;
  onHover: (step: number | undefined) => void;
  /** Moves the start point (dragged, or nudged with the arrow keys). */
  onStart: (theta: number[]) => void;
  /** The type size; measured from the drawn width when not given (an export passes none). */
  fontSize?: number;
}

/** An arrowhead with its tip at the exit point, pointing the way the run went. */
function arrowPoints(e: ExitMark): string {
  const a = (e.angle * Math.PI) / 180;
  const back = (len: number, side: number) => {
    const bx = e.x - len * Math.cos(a) - side * Math.sin(a);
    const by = e.y - len * Math.sin(a) + side * Math.cos(a);
    return `${Math.round(bx * 100) / 100},${Math.round(by * 100) / 100}`;
  };
  return `${e.x},${e.y} ${back(11, 5.5)} ${back(11, -5.5)}`;
}

/**
 * Resource keys of the axis names scenes and slices give in English (a network's slice names come
 * from the worker); any other name (θ₁, a symbol) is drawn as it is.
 */
const AXIS_KEYS: Record<string, string> = {
  'slope w': 'axis.slope',
  'intercept b': 'axis.intercept',
  'random direction 1': 'axis.random1',
  'random direction 2': 'axis.random2',
  'start → end': 'axis.startEnd',
  'top principal component': 'axis.principal',
};

/** Arrow keys move the start by this fraction of the view. */
const NUDGE = 0.02;
/** Start coordinates are rounded to this many decimals, so links stay short. */
const START_DECIMALS = 2;
const roundStart = (theta: readonly number[]) =>
  theta.map((x) => Number(x.toFixed(START_DECIMALS)) + 0);

interface Drawn {
  plot: Box;
  xTicks: Tick[];
  yTicks: Tick[];
  background: { key: string; d: string; stroke: string; width: number }[];
  runs: {
    id: string;
    color: string;
    dash: string;
    d: string;
    points: StepPoint[];
    start?: { x: number; y: number };
    end?: { x: number; y: number };
    /** Where the run leaves the view, and its true coordinates and loss there. */
    exit?: ExitMark & { where: number[]; loss: number };
  }[];
  marks: HoverMark[];
  xLabel: string;
  yLabel: string;
  /** θ under a pixel, and back. */
  toData: (px: number, py: number) => number[];
  toPixel: (theta: readonly number[]) => { x: number; y: number };
}

/**
 * The loss surface with each run's path: for one parameter the curve with the steps on it (the
 * notes' figure), for two the contour map with the paths, start and end marks.
 */
export const SurfaceView = measuredView(SurfaceChart);

function SurfaceChart({
  frame,
  cursor,
  hover,
  onHover,
  onStart,
  font,
  svg,
  svgRef,
}: Props & MeasuredChart) {
  /** The start point while it is being dragged, before it is committed to the URL. */
  const [drag, setDrag] = useState<number[] | null>(null);
  const { t, lang } = useFormat();
  const colors = useVerdictColors();
  const runs = useMemo(() => runInputs(frame, false, colors), [frame, colors]);
  const axisName = (name: string) => {
    const key = AXIS_KEYS[name];
    return key ? t(key) : name;
  };
  const drawn = useMemo((): Drawn | undefined => {
    if (!frame) return undefined;
    const { surface, steps, scene } = frame;
    const common = { width: W, height: H, steps, runs, cursor, hover, margin: SURFACE_MARGIN };
    const [xr = [0, 1] as const, yr = [0, 1] as const] = scene.view;
    if (surface.dims === 1) {
      const l = surface1dLayout({
        ...common,
        view: [xr[0], xr[1]],
        curve: { xs: surface.xs, values: surface.values },
      });
      return {
        plot: l.plot,
        xTicks: l.xTicks,
        yTicks: l.yTicks,
        background: [{ key: 'curve', d: l.curveD, stroke: '#111', width: 2 }],
        runs: l.runs.map(({ exit, ...r }) => ({
          ...r,
          end: r.current,
          ...(exit && { exit: { ...exit, where: [exit.w], loss: exit.loss } }),
        })),
        marks: l.hover?.marks ?? [],
        xLabel: t('axis.parameterW'),
        yLabel: t('axis.lossW'),
        toData: (px) => invertPlot(l.plot, px, 0, l.xDomain),
        // In one dimension the start handle rides on the curve, at (w₀, L(w₀)).
        toPixel: ([w = 0]) => {
          const [y0, y1] = l.yDomain;
          const v = curveAt(surface, w);
          const fy = Number.isFinite(v) ? Math.min(1, Math.max(0, (v - y0) / (y1 - y0))) : 0;
          return {
            x: l.plot.x + ((w - l.xDomain[0]) / (l.xDomain[1] - l.xDomain[0])) * l.plot.width,
            y: l.plot.y + l.plot.height - fy * l.plot.height,
          };
        },
      };
    }
    const l = contourLayout({
      ...common,
      view: [
        [xr[0], xr[1]],
        [yr[0], yr[1]],
      ],
      grid: { n: surface.n, values: surface.values },
      // The worker traces contours for the figure's margins (contourPlot's default), as here.
      contours: frame.contours,
    });
    return {
      plot: l.plot,
      xTicks: l.xTicks,
      yTicks: l.yTicks,
      background: l.contours.map((c, i) => ({
        key: `c${i}`,
        d: c.lineD,
        stroke: '#9aa3ad',
        width: 1,
      })),
      runs: l.runs.map(({ exit, ...r }) => ({
        ...r,
        ...(exit && { exit: { ...exit, where: exit.theta, loss: exit.loss } }),
      })),
      marks: l.hover?.marks ?? [],
      xLabel: axisName(scene.paramNames?.[0] ?? 'θ₁'),
      yLabel: axisName(scene.paramNames?.[1] ?? 'θ₂'),
      toData: (px, py) => invertPlot(l.plot, px, py, l.xDomain, l.yDomain),
      toPixel: ([a = 0, b = 0]) => ({
        x: l.plot.x + ((a - l.xDomain[0]) / (l.xDomain[1] - l.xDomain[0])) * l.plot.width,
        y:
          l.plot.y +
          l.plot.height -
          ((b - l.yDomain[0]) / (l.yDomain[1] - l.yDomain[0])) * l.plot.height,
      }),
    };
    // axisName reads t, which changes with the language.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [frame, runs, cursor, hover, t]);

  if (!drawn || !frame) {
    return (
      <svg ref={svgRef} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('surface.training')} />
    );
  }
  const { plot } = drawn;
  const startTheta = drag ?? frame.start;
  const handle = drawn.toPixel(startTheta);
  const pointer = (e: React.PointerEvent) =>
    svg.current ? svgPoint(svg.current, e.clientX, e.clientY, W, H) : { x: 0, y: 0 };
  const nudge = (e: React.KeyboardEvent) => {
    const dirs: Record<string, [number, number]> = {
      ArrowLeft: [-1, 0],
      ArrowRight: [1, 0],
      ArrowUp: [0, 1],
      ArrowDown: [0, -1],
    };
    const d = dirs[e.key];
    if (!d) return;
    e.preventDefault();
    const next = frame.start.map((x, p) => {
      const [lo = 0, hi = 0] = frame.scene.view[p] ?? [];
      return Math.min(hi, Math.max(lo, x + (d[p] ?? 0) * NUDGE * (hi - lo)));
    });
    onStart(roundStart(next));
  };
  const where = startTheta.map((x) => x.toFixed(START_DECIMALS)).join(', ');
  return (
    <svg
      ref={svgRef}
      viewBox={`0 0 ${W} ${H}`}
      // A group, not an image: an image's children are hidden from assistive technology, and the
      // start handle inside is a control.
      role="group"
      aria-label={frame.scene.dims === 1 ? t('surface.curve') : t('surface.contour')}
      data-testid="surface-chart"
      onPointerMove={(e) => {
        if (!svg.current) return;
        const p = svgPoint(svg.current, e.clientX, e.clientY, W, H);
        onHover(
          nearestStep(
            drawn.runs.map((r) => r.points),
            p.x,
            p.y,
            PICK_RADIUS,
          ),
        );
      }}
      onPointerLeave={() => onHover(undefined)}
    >
      <defs>
        <clipPath id="surface-clip">
          <rect x={plot.x - 6} y={plot.y - 6} width={plot.width + 12} height={plot.height + 12} />
        </clipPath>
      </defs>
      <Axes
        plot={plot}
        xTicks={drawn.xTicks}
        yTicks={drawn.yTicks}
        xLabel={drawn.xLabel}
        yLabel={drawn.yLabel}
        fontSize={font}
        titles="outside"
      />
      <g clipPath="url(#surface-clip)">
        {drawn.background.map((b) => (
          <path key={b.key} d={b.d} fill="none" stroke={b.stroke} strokeWidth={b.width} />
        ))}
        {drawn.runs.map((r) => (
          <g key={r.id} data-run={r.id}>
            <path
              d={r.d}
              fill="none"
              stroke={r.color}
              strokeWidth={1.8}
              strokeDasharray={r.dash || undefined}
              opacity={0.9}
            />
            {r.points.map((p) => (
              <circle key={p.step} cx={p.x} cy={p.y} r={2.6} fill={r.color} />
            ))}
            {r.start && (
              <circle
                cx={r.start.x}
                cy={r.start.y}
                r={5}
                fill="#fff"
                stroke="#111"
                strokeWidth={1.5}
              />
            )}
            {r.end && (
              <circle
                cx={r.end.x}
                cy={r.end.y}
                r={5}
                fill={r.color}
                stroke="#111"
                strokeWidth={1}
              />
            )}
          </g>
        ))}
      </g>
      {/* Off the view: an arrow at the frame the way the run went, its true place on hover. */}
      {drawn.runs.map(
        (r) =>
          r.exit && (
            <polygon
              key={`exit-${r.id}`}
              data-offscale="edge"
              data-for={r.id}
              points={arrowPoints(r.exit)}
              fill="#fff"
              stroke={r.color}
              strokeWidth={1.8}
              strokeLinejoin="round"
            >
              <title>
                {t('surface.escaped', {
                  step: r.exit.step,
                  where: r.exit.where.map((v) => formatLr(v, lang)).join(', '),
                  loss: formatLoss(r.exit.loss, lang),
                })}
              </title>
            </polygon>
          ),
      )}
      {frame.draggable && (
        <circle
          className="start-handle"
          data-testid="start-handle"
          cx={handle.x}
          cy={handle.y}
          r={9}
          role="button"
          tabIndex={0}
          aria-label={t('surface.start', { where })}
          onPointerDown={(e) => {
            e.currentTarget.setPointerCapture(e.pointerId);
            setDrag(drawn.toData(pointer(e).x, pointer(e).y));
          }}
          onPointerMove={(e) => {
            if (drag) setDrag(drawn.toData(pointer(e).x, pointer(e).y));
          }}
          onPointerUp={() => {
            if (drag) onStart(roundStart(drag));
            setDrag(null);
          }}
          onPointerCancel={() => setDrag(null)}
          onKeyDown={nudge}
        >
          <title>{t('surface.drag')}</title>
        </circle>
      )}
      {drawn.marks.map((m) => (
        <circle
          key={m.id}
          cx={m.x}
          cy={m.y}
          r={7}
          fill="none"
          stroke={m.color}
          strokeWidth={2.5}
          pointerEvents="none"
        />
      ))}
    </svg>
  );
}
