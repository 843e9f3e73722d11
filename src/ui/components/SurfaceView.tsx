import { useMemo, useRef } from 'react';
import { FIGURE_HEIGHT, FIGURE_WIDTH } from '../../charts/figure';
import { contourLayout } from '../../charts/contours2d';
import { nearestStep } from '../../charts/nearest';
import { surface1dLayout } from '../../charts/surface1d';
import type { Box, HoverMark, StepPoint, Tick } from '../../charts/types';
import { runInputs, svgPoint, type Frame } from '../runInputs';
import { Axes } from './Axes';

const W = FIGURE_WIDTH;
const H = FIGURE_HEIGHT;
/** How close (SVG px) the pointer must come to a drawn step to pick it. */
const PICK_RADIUS = 14;

interface Props {
  frame: Frame | undefined;
  cursor: number;
  hover: number | undefined;
  onHover: (step: number | undefined) => void;
}

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
  }[];
  marks: HoverMark[];
  xLabel: string;
  yLabel: string;
}

/**
 * The loss surface with each run's path: for one parameter the curve with the steps on it (the
 * notes' figure), for two the contour map with the paths, start and end marks.
 */
export function SurfaceView({ frame, cursor, hover, onHover }: Props) {
  const svg = useRef<SVGSVGElement>(null);
  const runs = useMemo(() => runInputs(frame), [frame]);
  const drawn = useMemo((): Drawn | undefined => {
    if (!frame) return undefined;
    const { surface, steps, scene } = frame;
    const common = { width: W, height: H, steps, runs, cursor, hover };
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
        runs: l.runs.map((r) => ({ ...r, end: r.current })),
        marks: l.hover?.marks ?? [],
        xLabel: 'w',
        yLabel: 'L(w)',
      };
    }
    const l = contourLayout({
      ...common,
      view: [
        [xr[0], xr[1]],
        [yr[0], yr[1]],
      ],
      grid: { n: surface.n, values: surface.values },
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
      runs: l.runs,
      marks: l.hover?.marks ?? [],
      xLabel: 'θ₁',
      yLabel: 'θ₂',
    };
  }, [frame, runs, cursor, hover]);

  if (!drawn || !frame) {
    return <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Loss surface (training…)" />;
  }
  const { plot } = drawn;
  return (
    <svg
      ref={svg}
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={
        frame.scene.dims === 1
          ? 'Loss curve with the steps of each run'
          : 'Contour map of the loss with each run’s path'
      }
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
              <circle key={p.step} cx={p.x} cy={p.y} r={p.escaped ? 2 : 2.6} fill={r.color} />
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
