import { useMemo } from 'react';
import type { Scene } from '../../core/scenes';
import type { StabilityBands } from '../../core/stability';
import { SUGGESTION_KINDS, type SuggestionKind } from '../../core/rangeTest';
import { lossChartLayout } from '../../charts/lossChart';
import { lrPlot, type LrPlotLayout } from '../../charts/lrPlot';
import { PENDING_COLOR, VERDICT_COLORS } from '../../charts/palette';
import type { RangeResult, SharpnessResult, SweepResult } from '../../train/analysis';
import { LIMITS, PANELS, type LabState, type Panel } from '../../url/state';
import { formatLoss, formatLr, verdictLabel } from '../labels';
import type { Training } from '../hooks/useTraining';
import { Axes } from './Axes';
import { NumberField } from './NumberField';

const W = 560;
const H = 300;

const PANEL_NAMES: Record<Panel, string> = {
  none: 'Hide',
  sharpness: 'Sharpness',
  sweep: 'Learning-rate sweep',
  range: 'Range test',
};

interface Props {
  state: LabState;
  scene: Scene;
  bands: StabilityBands | undefined;
  training: Training;
  update: (change: Partial<LabState>) => void;
  /** Adds a learning rate as a run (or says why it cannot). */
  addRun: (lr: number) => void;
  /** Each run's colour in the figure, for the sharpness lines. */
  runColors: readonly string[];
}

/** The analysis panels under the figure: sharpness, the sweep and the range test. */
export function AnalysisPanel(props: Props) {
  const { state, scene, bands, training, update, addRun, runColors } = props;
  const analysis = training.analysis?.result;
  const fresh = analysis?.kind === state.panel ? analysis : undefined;
  return (
    <section className="analysis" aria-label="Analysis">
      <div className="tabs" role="group" aria-label="Analysis panel">
        {PANELS.map((p) => (
          <button
            key={p}
            type="button"
            aria-pressed={state.panel === p}
            data-panel={p}
            onClick={() => update({ panel: p })}
          >
            {PANEL_NAMES[p]}
          </button>
        ))}
      </div>
      {state.panel !== 'none' && (
        <div className="panel" data-testid={`panel-${state.panel}`} data-ready={!!fresh}>
          {training.analysisError && (
            <p role="alert">The analysis failed: {training.analysisError.message}</p>
          )}
          {!fresh && !training.analysisError && <p className="said">Computing…</p>}
          {fresh?.kind === 'sweep' && (
            <SweepView result={fresh} state={state} bands={bands} update={update} addRun={addRun} />
          )}
          {fresh?.kind === 'range' && <RangeView result={fresh} addRun={addRun} />}
          {fresh?.kind === 'sharpness' && (
            <SharpnessView result={fresh} scene={scene} colors={runColors} />
          )}
        </div>
      )}
    </section>
  );
}

function PlotFrame({
  layout,
  label,
  xLabel,
  yLabel,
  testId,
  children,
}: {
  layout: LrPlotLayout;
  label: string;
  xLabel: string;
  yLabel: string;
  testId: string;
  children: React.ReactNode;
}) {
  const { plot } = layout;
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} data-testid={testId}>
      <Axes
        plot={plot}
        xTicks={layout.xTicks}
        yTicks={layout.yTicks}
        xLabel={xLabel}
        yLabel={yLabel}
      />
      {layout.markers.map((m, i) => (
        <g key={m.id} className="marker" data-marker={m.id}>
          <line
            x1={m.x}
            x2={m.x}
            y1={plot.y}
            y2={plot.y + plot.height}
            stroke="#555"
            strokeDasharray="4 3"
          />
          {/* Labels near the bottom, staggered: diverged points crowd the top edge. */}
          <text x={m.x + 3} y={plot.y + plot.height - 8 - 13 * i} fontSize={11} fill="#333">
            {m.label}
          </text>
        </g>
      ))}
      {children}
    </svg>
  );
}

/**
 * Final (or best) loss against the learning rate, one point per η of one batched run, coloured by
 * verdict: the bands of converging, oscillating and diverging runs, with the theory's edges.
 */
function SweepView({
  result,
  state,
  bands,
  update,
  addRun,
}: {
  result: SweepResult;
  state: LabState;
  bands: StabilityBands | undefined;
  update: (change: Partial<LabState>) => void;
  addRun: (lr: number) => void;
}) {
  const metric = state.sweepMetric;
  const layout = useMemo(
    () =>
      lrPlot({
        width: W,
        height: H,
        points: result.points.map((p, i) => ({
          id: String(i),
          lr: p.lr,
          loss: metric === 'best' ? p.best : p.final,
          color: VERDICT_COLORS[p.verdict.kind],
          diverged: p.verdict.kind === 'diverged',
        })),
        markers: bands
          ? [
              { id: 'no-overshoot', lr: bands.noOvershoot, label: bands.labels[0] },
              { id: 'divergence', lr: bands.divergence, label: bands.labels[1] },
            ]
          : [],
      }),
    [result, metric, bands],
  );
  const lrs = result.points.map((p) => p.lr);
  return (
    <>
      <div className="controls">
        <NumberField
          label="Learning rates"
          value={state.sweepCount}
          {...LIMITS.sweepCount}
          integer
          onCommit={(sweepCount) => update({ sweepCount })}
        />
        <NumberField
          label="From η"
          value={lrs[0] ?? 0}
          {...LIMITS.lr}
          onCommit={(sweepMin) => update({ sweepMin })}
        />
        <NumberField
          label="To η"
          value={lrs[lrs.length - 1] ?? 0}
          {...LIMITS.lr}
          onCommit={(sweepMax) => update({ sweepMax })}
        />
        <span className="field">
          <label>
            <input
              type="checkbox"
              checked={metric === 'best'}
              onChange={(e) => update({ sweepMetric: e.currentTarget.checked ? 'best' : 'final' })}
            />{' '}
            Best loss along the run (else the final one)
          </label>
        </span>
      </div>
      <PlotFrame
        layout={layout}
        label={`${metric === 'best' ? 'Best' : 'Final'} loss of ${lrs.length} learning rates`}
        xLabel="learning rate η"
        yLabel={`${metric} loss`}
        testId="sweep-chart"
      >
        {layout.points.map((pt, i) => {
          const p = result.points[i]!;
          const label = `η = ${formatLr(p.lr)}: ${verdictLabel(p.verdict)}, ${metric} loss ${formatLoss(metric === 'best' ? p.best : p.final)}. Add as a run.`;
          return (
            <g key={pt.id}>
              <circle
                className="sweep-point"
                cx={pt.x}
                cy={pt.y}
                r={5}
                fill={pt.color}
                stroke="#fff"
                data-lr={p.lr}
                data-verdict={p.verdict.kind}
                role="button"
                tabIndex={0}
                aria-label={label}
                onClick={() => addRun(p.lr)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    addRun(p.lr);
                  }
                }}
              >
                <title>{label}</title>
              </circle>
              {pt.diverged && (
                <text x={pt.x} y={pt.y - 7} textAnchor="middle" fontSize={10} fill={pt.color}>
                  ✕
                </text>
              )}
            </g>
          );
        })}
      </PlotFrame>
      <p className="said">
        One batch of {lrs.length} runs with the figure&apos;s optimizer, schedule, steps and start.
        Click a point to add its learning rate as a run.
        {bands &&
          ` Theory: no overshoot up to ${formatLr(bands.noOvershoot)}, divergence from ${formatLr(bands.divergence)}.`}
      </p>
    </>
  );
}

const SUGGESTION_NAMES: Record<SuggestionKind, string> = {
  steepest: 'steepest descent',
  valley: 'valley',
  minimumOverTen: 'minimum ÷ 10',
};

/**
 * The learning-rate range test: the loss of one run whose η grows exponentially, smoothed and cut
 * at 4× its minimum, with the suggestions; the other seeds show how far the suggestion moves.
 */
function RangeView({ result, addRun }: { result: RangeResult; addRun: (lr: number) => void }) {
  const main = result.runs[0]!;
  const layout = useMemo(
    () =>
      lrPlot({
        width: W,
        height: H,
        xDomain: [result.min, result.max],
        lines: [
          ...result.runs.slice(1).map((r, i) => ({
            id: `seed-${i + 1}`,
            color: '#c9c9c9',
            lrs: r.lrs.slice(0, r.stop),
            losses: r.smoothed.slice(0, r.stop),
          })),
          {
            id: 'raw',
            color: '#9bb7e0',
            lrs: main.lrs.slice(0, main.stop),
            losses: main.raw.slice(0, main.stop),
          },
          {
            id: 'smoothed',
            color: '#1f5fbf',
            lrs: main.lrs.slice(0, main.stop),
            losses: main.smoothed.slice(0, main.stop),
          },
        ],
        markers: SUGGESTION_KINDS.flatMap((k) => {
          const s = main.suggestions[k];
          return s ? [{ id: k, lr: s.lr, label: SUGGESTION_NAMES[k] }] : [];
        }),
      }),
    [result, main],
  );
  return (
    <>
      <PlotFrame
        layout={layout}
        label="Range test: smoothed loss while the learning rate grows"
        xLabel="learning rate η (growing each step)"
        yLabel="loss"
        testId="range-chart"
      >
        {layout.lines.map((l) => (
          <path
            key={l.id}
            data-line={l.id}
            d={l.d}
            fill="none"
            stroke={l.color}
            strokeWidth={l.id === 'smoothed' ? 2.5 : 1.2}
          />
        ))}
      </PlotFrame>
      <ul className="suggestions">
        {SUGGESTION_KINDS.map((k) => {
          const s = main.suggestions[k];
          const spread = result.spread[k];
          return (
            <li key={k} data-suggestion={k}>
              {SUGGESTION_NAMES[k]}:{' '}
              {s ? (
                <>
                  η = {formatLr(s.lr)}{' '}
                  <button type="button" onClick={() => addRun(Number(s.lr.toPrecision(3)))}>
                    Add as a run
                  </button>
                </>
              ) : (
                'no suggestion (the curve never falls)'
              )}
              {spread && (
                <span className="said">
                  {' '}
                  — over {spread.count} seeds: {formatLr(spread.min)} to {formatLr(spread.max)}{' '}
                  (median {formatLr(spread.median)})
                </span>
              )}
            </li>
          );
        })}
      </ul>
      <p className="said">
        {result.runs.length} runs of {result.runs[0]?.raw.length ?? 0} steps, η from{' '}
        {formatLr(result.min)} to {formatLr(result.max)}, seeds {result.seeds[0]}…
        {result.seeds[result.seeds.length - 1]} (grey: the other seeds). The suggestion is a rule of
        thumb read off one noisy curve, not gospel: it moves with the seed.
      </p>
    </>
  );
}

/**
 * Sharpness λmax(H(θ_t)) along each run against the optimizer's stability edge at the run's η
 * (2/η for SGD, dashed): a run whose sharpness sits above its edge cannot settle there (Cohen et al.
 * 2021, "Gradient descent on neural networks typically occurs at the edge of stability").
 */
function SharpnessView({
  result,
  scene,
  colors,
}: {
  result: SharpnessResult;
  scene: Scene;
  colors: readonly string[];
}) {
  const layout = useMemo(() => {
    const runs = result.series.flatMap((s, k) => {
      const color = colors[k] ?? PENDING_COLOR;
      const edge = result.edge?.[k];
      return [
        { id: `sharpness-${k}`, color, dash: '', losses: s, path: [] },
        ...(edge ? [{ id: `edge-${k}`, color, dash: '5 4', losses: edge, path: [] }] : []),
      ];
    });
    const steps = Math.max(1, ...result.series.map((s) => s.length - 1));
    return lossChartLayout({ width: W, height: H, steps, runs, cursor: steps });
  }, [result, colors]);
  const { plot } = layout;
  return (
    <>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label="Sharpness along each run against its stability edge"
        data-testid="sharpness-chart"
      >
        <Axes
          plot={plot}
          xTicks={layout.xTicks}
          yTicks={layout.yTicks}
          xLabel="step"
          yLabel="λmax(H)"
        />
        {layout.lines.map((l) => (
          <path
            key={l.id}
            data-line={l.id}
            d={l.d}
            fill="none"
            stroke={l.color}
            strokeWidth={l.id.startsWith('edge') ? 1.5 : 2}
            strokeDasharray={l.dash || undefined}
          />
        ))}
      </svg>
      <p className="said">
        Solid: λmax of the Hessian at each step (power iteration, 20 Hessian–vector products).
        {result.edge
          ? ' Dashed: the stability edge at the run’s learning rate (2/η for plain descent); above it a step overshoots along the sharpest direction.'
          : ' Adaptive optimizers rescale each coordinate, so no edge 2/η applies to them.'}
        {scene.quadratic &&
          ' On a quadratic the Hessian, and so the sharpness, is the same everywhere.'}
      </p>
    </>
  );
}
