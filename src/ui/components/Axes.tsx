import type { Box, Tick } from '../../charts/types';

/** The axis lines' colour (as `.axis line` in styles.css). */
const AXIS = '#bbb';

/**
 * Bottom and left axes of a plot box, from ticks the chart layout computed. The colours and type
 * size are presentation attributes too (the page's CSS overrides them), so an exported SVG file,
 * which has no stylesheet, looks the same.
 */
export function Axes({
  plot,
  xTicks,
  yTicks,
  xLabel,
  yLabel,
}: {
  plot: Box;
  xTicks: readonly Tick[];
  yTicks: readonly Tick[];
  xLabel: string;
  yLabel: string;
}) {
  const bottom = plot.y + plot.height;
  return (
    <g className="axis" aria-hidden="true" fill="#444" fontSize={11}>
      <line x1={plot.x} x2={plot.x + plot.width} y1={bottom} y2={bottom} stroke={AXIS} />
      <line x1={plot.x} x2={plot.x} y1={plot.y} y2={bottom} stroke={AXIS} />
      {xTicks.map((t) => (
        <g key={`x${t.value}`} transform={`translate(${t.pos},${bottom})`}>
          <line y2={4} stroke={AXIS} />
          <text y={15} textAnchor="middle">
            {t.label}
          </text>
        </g>
      ))}
      {yTicks.map((t) => (
        <g key={`y${t.value}`} transform={`translate(${plot.x},${t.pos})`}>
          <line x2={-4} stroke={AXIS} />
          <text x={-6} dy="0.32em" textAnchor="end">
            {t.label}
          </text>
        </g>
      ))}
      <text x={plot.x + plot.width} y={bottom + 26} textAnchor="end">
        {xLabel}
      </text>
      <text x={plot.x + 4} y={plot.y + 10}>
        {yLabel}
      </text>
    </g>
  );
}
