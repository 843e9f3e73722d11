import type { ReactNode } from 'react';
import type { LossLine } from '../../charts/lossChart';
import type { Box, Tick } from '../../charts/types';
import { Axes } from './Axes';

/**
 * A panel's chart: an svg image `width` × `height` in user units, named `label` for screen readers,
 * with the layout's axes under its marks (`children`).
 */
export function AxesChart({
  width,
  height,
  layout,
  label,
  testId,
  xLabel,
  yLabel,
  children,
}: {
  width: number;
  height: number;
  layout: { plot: Box; xTicks: readonly Tick[]; yTicks: readonly Tick[] };
  label: string;
  testId: string;
  xLabel: string;
  yLabel: string;
  children: ReactNode;
}) {
  return (
    <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} data-testid={testId}>
      <Axes
        plot={layout.plot}
        xTicks={layout.xTicks}
        yTicks={layout.yTicks}
        xLabel={xLabel}
        yLabel={yLabel}
      />
      {children}
    </svg>
  );
}

/**
 * A loss chart's lines (src/charts/lossChart.ts) as unfilled strokes in their colour and dash,
 * each named by `data-line` or, in the k-fold chart, `data-fold`.
 */
export function LossLines({
  lines,
  name,
  width,
  opacity,
}: {
  lines: readonly LossLine[];
  name: 'line' | 'fold';
  width: (line: LossLine) => number;
  opacity?: number;
}) {
  return lines.map((l) => (
    <path
      key={l.id}
      {...{ [`data-${name}`]: l.id }}
      d={l.d}
      fill="none"
      stroke={l.color}
      strokeWidth={width(l)}
      strokeDasharray={l.dash || undefined}
      opacity={opacity}
    />
  ));
}
