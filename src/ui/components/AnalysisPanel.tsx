import { useMemo } from 'react';
import type { Scene } from '../../core/scenes';
import { bandOf, minimaBands, type StabilityBands } from '../../core/stability';
import { SUGGESTION_KINDS, type SuggestionKind } from '../../core/rangeTest';
import { lossChartLayout } from '../../charts/lossChart';
import { LR_MARGIN, lrPlot, type LrPlotLayout } from '../../charts/lrPlot';
import { PENDING_COLOR } from '../../charts/palette';
import type { RunStyle } from '../../charts/runStyles';
import type { RangeResult, SharpnessResult, SweepResult } from '../../protocol/results';
import { LIMITS, PANELS, type LabState } from '../../url/state';
import { useFormat } from '../format';
import { causeText } from '../notices';
import { useVerdictColors } from '../palette';
import type { Training } from '../hooks/useTraining';
import { Axes } from './Axes';
import { AxesChart, LossLines } from './AxesChart';
import { NumberField } from './NumberField';
import { Curious } from './Curious';
import './panels.css';

const W = 560;
const H = 300;

interface Props {
  state: LabState;
  scene: Scene;
  bands: StabilityBands | undefined;
  training: Training;
  update: (change: Partial<LabState>) => void;
  /** Adds a learning rate as a run (or says why it cannot). */
  addRun: (lr: number) => void;
  /** Each run's colour and dash as the figure draws it (the sweep's marks, the sharpness lines). */
  runStyles: readonly RunStyle[];
}

/** The analysis panels under the figure: sharpness, the sweep and the range test. */
export function AnalysisPanel(props: Props) {
  const { state, scene, bands, training, update, addRun, runStyles: styles } = props;
  const analysis = training.analysis?.result;
  const fresh = analysis?.kind === state.panel ? analysis : undefined;
  const { t } = useFormat();
  // The thresholds a suggestion is checked against: the exact ones, else those at the minimum with
  // the earliest overshoot (the most cautious where a scene has several minima).
  const limits = useMemo(
    () =>
      bands ??
      minimaBands(scene, state).reduce<StabilityBands | undefined>(
        (a, b) => (a && a.noOvershoot <= b.noOvershoot ? a : b),
        undefined,
      ),
    [bands, scene, state],
  );
  return (
    <section className="analysis" aria-label={t('analysis.label')}>
      <div className="tabs" role="group" aria-label={t('analysis.tabs')}>
        {PANELS.map((p) => (
          <button
            key={p}
            type="button"
            aria-pressed={state.panel === p}
            data-panel={p}
            onClick={() => update({ panel: p })}
          >
            {t(`analysis.${p}`)}
          </button>
        ))}
      </div>
      {state.panel !== 'none' && (
        <div className="panel" data-testid={`panel-${state.panel}`} data-ready={!!fresh}>
          {training.analysisError && (
            <p role="alert">
              {t('analysis.failed', {
                message: causeText(training.analysisError.error, t),
              })}
            </p>
          )}
          {!fresh && !training.analysisError && <p className="said">{t('analysis.computing')}</p>}
          <p className="read">{t(READ_KEYS[state.panel])}</p>
          {fresh?.kind === 'sweep' && (
            <SweepView
              result={fresh}
              state={state}
              bands={bands}
              update={update}
              addRun={addRun}
              styles={styles}
            />
          )}
          {fresh?.kind === 'range' && (
            <RangeView result={fresh} addRun={addRun} limits={limits} exact={!!bands} />
          )}
          {fresh?.kind === 'sharpness' && (
            <SharpnessView result={fresh} scene={scene} colors={styles.map((s) => s.color)} />
          )}
        </div>
      )}
    </section>
  );
}

/** Each panel's plain sentence on how to read it. */
const READ_KEYS = {
  sweep: 'analysis.readSweep',
  range: 'analysis.readRange',
  sharpness: 'analysis.readSharpness',
} as const;

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
    // The sweep's points are buttons: a group keeps them reachable (an image would hide them).
    <svg
      viewBox={`0 0 ${W} ${H}`}
      role={testId === 'sweep-chart' ? 'group' : 'img'}
      aria-label={label}
      data-testid={testId}
    >
      {/* The y label above the plot (layout.yLabel), not inside it under the marks on the top edge. */}
      <Axes plot={plot} xTicks={layout.xTicks} yTicks={layout.yTicks} xLabel={xLabel} yLabel="" />
      <text
        className="axis-label"
        x={layout.yLabel.x}
        y={layout.yLabel.y}
        fontSize={11}
        fill="#444"
        aria-hidden="true"
      >
        {yLabel}
      </text>
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
  styles,
}: {
  result: SweepResult;
  state: LabState;
  bands: StabilityBands | undefined;
  update: (change: Partial<LabState>) => void;
  addRun: (lr: number) => void;
  styles: readonly RunStyle[];
}) {
  const metric = state.sweepMetric;
  const f = useFormat();
  const { t } = f;
  const colors = useVerdictColors();
  const layout = useMemo(
    () =>
      lrPlot({
        width: W,
        height: H,
        margin: LR_MARGIN,
        // The figure's runs, where they sit among the sweep's learning rates.
        runs: state.lrs.map((lr, i) => ({
          id: `run-${i}`,
          lr,
          color: styles[i]?.color ?? PENDING_COLOR,
        })),
        points: result.points.map((p, i) => ({
          id: String(i),
          lr: p.lr,
          loss: metric === 'best' ? p.best : p.final,
          color: colors[p.verdict.kind],
          diverged: p.verdict.kind === 'diverged',
        })),
        markers: bands
          ? [
              { id: 'no-overshoot', lr: bands.noOvershoot, label: bands.labels[0] },
              { id: 'divergence', lr: bands.divergence, label: bands.labels[1] },
            ]
          : [],
      }),
    [result, metric, bands, colors, state.lrs, styles],
  );
  const lrs = result.points.map((p) => p.lr);
  return (
    <>
      <div className="controls">
        <NumberField
          label={t('analysis.sweepCount')}
          value={state.sweepCount}
          {...LIMITS.sweepCount}
          integer
          onCommit={(sweepCount) => update({ sweepCount })}
        />
        <NumberField
          label={t('analysis.from')}
          value={lrs[0] ?? 0}
          {...LIMITS.lr}
          onCommit={(sweepMin) => update({ sweepMin })}
        />
        <NumberField
          label={t('analysis.to')}
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
            {t('analysis.bestMetric')}
          </label>
        </span>
      </div>
      <PlotFrame
        layout={layout}
        label={t(metric === 'best' ? 'analysis.sweepChartBest' : 'analysis.sweepChartFinal', {
          count: lrs.length,
        })}
        xLabel={t('analysis.lrAxis')}
        yLabel={t(metric === 'best' ? 'analysis.bestLoss' : 'analysis.finalLoss')}
        testId="sweep-chart"
      >
        {layout.points.map((pt, i) => {
          const p = result.points[i]!;
          const label = t(metric === 'best' ? 'analysis.pointBest' : 'analysis.pointFinal', {
            lr: f.lr(p.lr),
            verdict: f.verdict(p.verdict),
            loss: f.loss(metric === 'best' ? p.best : p.final),
          });
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
                <text
                  x={pt.x}
                  y={pt.y - 7}
                  textAnchor="middle"
                  fontSize={10}
                  fill={pt.color}
                  data-diverged=""
                >
                  ✕
                </text>
              )}
            </g>
          );
        })}
        {/* Drawn last: a run's mark stays visible over sweep points pinned to the bottom edge. */}
        {layout.runs.map((r, i) => {
          const b = layout.plot.y + layout.plot.height;
          return (
            <path
              key={r.id}
              className="run-mark"
              data-run-mark={i}
              data-lr={state.lrs[i]}
              d={`M${r.x},${b - 9}L${r.x - 5},${b}L${r.x + 5},${b}Z`}
              fill={r.color}
              stroke="#fff"
              strokeWidth={0.8}
            >
              <title>{t('analysis.runMark', { run: i + 1, lr: f.lr(state.lrs[i]!) })}</title>
            </path>
          );
        })}
      </PlotFrame>
      <p className="said">
        {t('analysis.sweepRuns')} {t('analysis.sweepNote', { count: lrs.length })}
        {bands &&
          ` ${t('analysis.sweepTheory', { low: f.lr(bands.noOvershoot), high: f.lr(bands.divergence) })}`}
      </p>
    </>
  );
}

/** The resource key of each suggestion's name. */
const SUGGESTION_KEYS: Record<SuggestionKind, string> = {
  steepest: 'analysis.steepest',
  valley: 'analysis.valley',
  minimumOverTen: 'analysis.minimumOverTen',
};

/**
 * The learning-rate range test: the loss of one run whose η grows exponentially, smoothed and cut
 * at 4× its minimum, with the suggestions; the other seeds show how far the suggestion moves.
 */
function RangeView({
  result,
  addRun,
  limits,
  exact,
}: {
  result: RangeResult;
  addRun: (lr: number) => void;
  /** `limits` are the exact thresholds of a quadratic, not those of a minimum's approximation. */
  exact: boolean;
  /** The thresholds the page states, to say when a suggestion lies beyond them. */
  limits: StabilityBands | undefined;
}) {
  const main = result.runs[0]!;
  // What the numbers show: with every seed's suggestions equal (a scene with nothing random), the
  // seeds' curves coincide and the caption says so instead of promising grey lines that move.
  const agree =
    result.runs.length > 1 &&
    SUGGESTION_KINDS.every((k) => {
      const s = result.spread[k];
      return !s || s.min === s.max;
    });
  const f = useFormat();
  const { t } = f;
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
        margin: LR_MARGIN,
        markers: SUGGESTION_KINDS.flatMap((k) => {
          const s = main.suggestions[k];
          return s ? [{ id: k, lr: s.lr, label: t(SUGGESTION_KEYS[k]) }] : [];
        }),
      }),
    [result, main, t],
  );
  return (
    <>
      <PlotFrame
        layout={layout}
        label={t('analysis.rangeChart')}
        xLabel={t('analysis.rangeAxis')}
        yLabel={t('axis.loss')}
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
              {t(SUGGESTION_KEYS[k])}:{' '}
              {s ? (
                <>
                  η = {f.lr(s.lr)}{' '}
                  <button type="button" onClick={() => addRun(Number(s.lr.toPrecision(3)))}>
                    {t('analysis.addRun')}
                  </button>
                </>
              ) : (
                t('analysis.noSuggestion')
              )}
              {s && limits && bandOf(s.lr, limits) !== 'monotone' && (
                <span className="said careful" data-careful={bandOf(s.lr, limits)}>
                  {' ('}
                  {bandOf(s.lr, limits) === 'oscillating'
                    ? t('analysis.overshoots', { low: f.lr(limits.noOvershoot) })
                    : // Past the local edge a run cannot settle at that minimum; only the exact
                      // bands of a quadratic say it diverges (the lecture valley's walls make it bounce).
                      t(exact ? 'analysis.diverges' : 'analysis.unstable', {
                        high: f.lr(limits.divergence),
                      })}
                  {')'}
                </span>
              )}
              {spread && (
                <span className="said" data-spread={spread.min === spread.max ? 'same' : 'moves'}>
                  {' '}
                  {spread.min === spread.max
                    ? t('analysis.spreadSame', { count: spread.count })
                    : t('analysis.spread', {
                        count: spread.count,
                        min: f.lr(spread.min),
                        max: f.lr(spread.max),
                        median: f.lr(spread.median),
                      })}
                </span>
              )}
            </li>
          );
        })}
      </ul>
      <p className="said" data-testid="range-caption">
        {t(agree ? 'analysis.rangeLinesSame' : 'analysis.rangeLines')}{' '}
        {t(agree ? 'analysis.rangeAgree' : 'analysis.rangeMoves')}
      </p>
      <p className="said small">
        {t('analysis.rangeNote', {
          runs: result.runs.length,
          steps: result.runs[0]?.raw.length ?? 0,
          min: f.lr(result.min),
          max: f.lr(result.max),
          first: result.seeds[0],
          last: result.seeds[result.seeds.length - 1],
        })}
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
  const { t } = useFormat();
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
  return (
    <>
      <AxesChart
        width={W}
        height={H}
        layout={layout}
        label={t('analysis.sharpChart')}
        testId="sharpness-chart"
        xLabel={t('axis.step')}
        yLabel="λmax(H)"
      >
        <LossLines
          lines={layout.lines}
          name="line"
          width={(l) => (l.id.startsWith('edge') ? 1.5 : 2)}
        />
      </AxesChart>
      <Curious>
        <p className="said">
          {t('analysis.sharpSolid')}{' '}
          {result.edge ? t('analysis.sharpEdge') : t('analysis.sharpAdaptive')}
          {scene.quadratic && ` ${t('analysis.sharpQuadratic')}`}
        </p>
      </Curious>
    </>
  );
}
