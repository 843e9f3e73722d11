import type { Box, Tick } from '../../charts/types';

/** Bottom and left axes of a plot box, from ticks the chart layout computed. */
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
    <g className="axis" aria-hidden="true">
      <line x1={plot.x} x2={plot.x + plot.width} y1={bottom} y2={bottom} />
      <line x1={plot.x} x2={plot.x} y1={plot.y} y2={bottom} />
      {xTicks.map((t) => (
        <g key={`x${t.value}`} transform={`translate(${t.pos},${bottom})`}>
          <line y2={4} />
          <text y={15} textAnchor="middle">
            {t.label}
          </text>
        </g>
      ))}
      {yTicks.map((t) => (
        <g key={`y${t.value}`} transform={`translate(${plot.x},${t.pos})`}>
          <line x2={-4} />
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
