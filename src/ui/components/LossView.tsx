import { useMemo, useRef } from 'react';
import { FIGURE_HEIGHT, FIGURE_WIDTH } from '../../charts/figure';
import { lossChartLayout, stepAtX } from '../../charts/lossChart';
import { useFormat } from '../format';
import { useVerdictColors } from '../palette';
import {
  lossFloor,
  runInputs,
  runStyle,
  svgPoint,
  validationInputs,
  type Frame,
} from '../runInputs';
import { Axes } from './Axes';

const W = FIGURE_WIDTH;
const H = FIGURE_HEIGHT;

interface Props {
  frame: Frame | undefined;
  cursor: number;
  hover: number | undefined;
  onHover: (step: number | undefined) => void;
}

/** Loss versus step for all runs on a log axis; hovering picks a step for both views. */
export function LossView({ frame, cursor, hover, onHover }: Props) {
  const svg = useRef<SVGSVGElement>(null);
  const steps = frame?.steps ?? 1;
  const { t } = useFormat();
  const colors = useVerdictColors();
  const runs = useMemo(
    () => [...runInputs(frame, true, colors), ...validationInputs(frame, colors)],
    [frame, colors],
  );
  // Each run's best validation step, where early stopping keeps its parameters.
  const marks = useMemo(() => {
    const floor = frame ? lossFloor(frame.scene) : 0;
    return (frame?.validation ?? []).flatMap((v, i) => {
      const r = frame?.runs[i];
      if (!v || !r) return [];
      const loss = (v.losses[v.bestStep] ?? NaN) - floor;
      return [
        { id: `best-${i}`, color: runStyle(frame, r, i, colors).color, step: v.bestStep, loss },
      ];
      // (the step is also on the mark, below, for tests and screen readers)
    });
  }, [frame, colors]);
  const shifted = frame ? lossFloor(frame.scene) !== 0 : false;
  const layout = useMemo(
    () => lossChartLayout({ width: W, height: H, steps, runs, cursor, hover, marks }),
    [steps, runs, cursor, hover, marks],
  );
  const { plot } = layout;
  return (
    <svg
      ref={svg}
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={t('lossView.label')}
      data-testid="loss-chart"
      data-lrs={frame?.runs.map((r) => r?.lr ?? '').join(',')}
      onPointerMove={(e) => {
        if (!svg.current) return;
        const p = svgPoint(svg.current, e.clientX, e.clientY, W, H);
        const inside =
          p.x >= plot.x &&
          p.x <= plot.x + plot.width &&
          p.y >= plot.y &&
          p.y <= plot.y + plot.height;
        onHover(inside ? stepAtX(layout, p.x) : undefined);
      }}
      onPointerLeave={() => onHover(undefined)}
    >
      <defs>
        <clipPath id="loss-clip">
          <rect x={plot.x} y={plot.y - 2} width={plot.width + 2} height={plot.height + 4} />
        </clipPath>
      </defs>
      <Axes
        plot={plot}
        xTicks={layout.xTicks}
        yTicks={layout.yTicks}
        xLabel={t('axis.step')}
        yLabel={t(shifted ? 'axis.lossExcess' : 'axis.loss')}
      />
      <line
        className="cursor"
        x1={layout.cursorX}
        x2={layout.cursorX}
        y1={plot.y}
        y2={plot.y + plot.height}
        stroke="#ccc"
      />
      <g clipPath="url(#loss-clip)">
        {layout.lines.map((l) => (
          <g key={l.id} data-run={l.id}>
            {/* A validation curve is drawn thin and faint next to its run's training curve. */}
            <path
              d={l.d}
              fill="none"
              stroke={l.color}
              strokeWidth={l.id.startsWith('val-') ? 1.3 : 2}
              opacity={l.id.startsWith('val-') ? 0.6 : 1}
              strokeDasharray={l.dash || undefined}
            />
            {l.head && <circle cx={l.head.x} cy={l.head.y} r={3} fill={l.color} />}
            {/* The ✕ says "diverged": not before the students have predicted. */}
            {l.divergedMark && !frame?.concealed && (
              <text
                x={l.divergedMark.x}
                y={l.divergedMark.y}
                dy="-0.4em"
                textAnchor="middle"
                fill={l.color}
              >
                ✕
              </text>
            )}
          </g>
        ))}
      </g>
      {layout.marks.map((m) => (
        <g key={m.id} data-best={m.id} pointerEvents="none">
          <title>{t('lossView.best')}</title>
          <line x1={m.x} x2={m.x} y1={m.y - 10} y2={m.y + 10} stroke={m.color} strokeWidth={2} />
          <circle cx={m.x} cy={m.y} r={4.5} fill="#fff" stroke={m.color} strokeWidth={2} />
        </g>
      ))}
      {layout.hover && (
        <g className="hover" pointerEvents="none">
          <line
            x1={layout.hover.x}
            x2={layout.hover.x}
            y1={plot.y}
            y2={plot.y + plot.height}
            stroke="#333"
            strokeDasharray="3 3"
          />
          {layout.hover.marks.map((m) => (
            <circle
              key={m.id}
              cx={m.x}
              cy={m.y}
              r={5}
              fill="none"
              stroke={m.color}
              strokeWidth={2}
            />
          ))}
        </g>
      )}
    </svg>
  );
}
