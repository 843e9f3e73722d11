import type { CSSProperties } from 'react';
import { Trans } from 'react-i18next';
import type { RunResult } from '../../core/experiment';
import type { Scene } from '../../core/scenes';
import { bandOf, type StabilityBands } from '../../core/stability';
import { BAND_FILLS, bandSegments } from '../../charts/bands';
import { runStyles } from '../../charts/runStyles';
import type { VerdictKind } from '../../core/verdict';
import type { Access } from '../../url/classroom';
import type { Vote } from '../prediction';
import { Gate } from './Gate';
import { VoteMark, VoteSelect } from './VoteSelect';
import { sparklineD } from '../../charts/sparkline';
import { LIMITS } from '../../url/state';
import { useFormat, type Format } from '../format';
import { useVerdictColors } from '../palette';
import { runOverfit, verdictWords, type RunValidation } from '../runInputs';
import { lrFromSlider, SLIDER_STEP, sliderFromLr } from '../../core/lrSlider';
import { NumberField } from './NumberField';
import { Curious } from './Curious';
import { OPTIMIZERS, type OptimizerKind } from '../../core/optimizers';
import { optimizerName } from '../labels';
import { lastLossStep, lossAtStep } from '../../core/trajectory';
import './panels.css';

interface Props {
  scene: Scene;
  lrs: readonly number[];
  /** Results for these rows, where the latest result matches the row's learning rate. */
  runs: readonly (RunResult | undefined)[];
  /** Exact thresholds of the scene for the optimizer, where they exist. */
  bands?: StabilityBands;
  /** Bands of the quadratic approximation at each minimum, for scenes that are not quadratics. */
  local: readonly StabilityBands[];
  /** Data scenes: each row's validation, best step and exam, where known. */
  validation?: readonly (RunValidation | undefined)[];
  /** Schedule factors per step, drawn beside each run as η(t). */
  factors: Float64Array;
  onChange: (lrs: number[]) => void;
  /** Removes run i (its learning rate and its own optimizer); else the list without it. */
  onRemove?: (i: number) => void;
  /**
   * Runs with their own optimizers (the link's `ropt`): each row's optimizer, and a change to it.
   * Absent: one optimizer for all, and the rows have no choice.
   */
  runOptimizers?: {
    readonly kinds: readonly OptimizerKind[];
    readonly onChange: (i: number, kind: OptimizerKind) => void;
  };
  /** The teacher's link may lock the learning rates or hide their controls (values stay shown). */
  lrAccess?: Access;
  /** Predict-then-reveal: each row's vote, and whether the verdicts are still hidden. */
  prediction?: {
    readonly concealed: boolean;
    readonly votes: readonly Vote[];
    readonly onVote: (row: number, kind: VerdictKind) => void;
  };
}

/** One value, or the span of several, for a sentence. */
function formatRange(xs: readonly number[], f: Format): string {
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return lo === hi ? f.lr(lo) : f.t('runs.range', { lo: f.lr(lo), hi: f.lr(hi) });
}

/** The slider track painted with the stability bands (a CSS gradient with hard stops). */
function trackStyle(bands: StabilityBands | undefined, range: readonly [number, number]) {
  if (!bands) return undefined;
  const stops = bandSegments(bands, range).map(
    (s) => `${BAND_FILLS[s.band]} ${(s.from * 100).toFixed(2)}% ${(s.to * 100).toFixed(2)}%`,
  );
  return { '--track': `linear-gradient(to right, ${stops.join(', ')})` } as CSSProperties;
}

/**
 * One row per run: its colour and line, a log-scale learning-rate slider with the band in a plain
 * word, and what happened to it (a short label and one sentence). The theory's numbers (η·λmax,
 * λmax, the Hessian) wait in a "for the curious" disclosure, so the table fits one screen.
 */
export function RunsTable(props: Props) {
  const { scene, lrs, runs, bands, local, factors, validation, onChange, prediction } = props;
  const lrAccess = props.lrAccess ?? 'open';
  // While verdicts are hidden nothing on the row may tell them: no label, no verdict colour, no
  // stability band (on the quadratic the band is the verdict), no data-verdict attribute, and no
  // final or validation loss (a loss of 1e-30 or one cut short says the verdict as well).
  const concealed = prediction?.concealed ?? false;
  const showBands = bands && !concealed;
  const learns = validation !== undefined;
  const f = useFormat();
  const { t } = f;
  const colors = useVerdictColors();
  // The same colour and dash as the run's line in both charts and the legend (src/charts/runStyles.ts).
  const styles = runStyles(
    lrs.map((_, i) => runs[i]?.verdict.kind),
    colors,
    concealed,
  );
  const spark = sparklineD(factors, 64, 20);
  const scheduled = factors.some((f) => f !== 1);
  const [lo, hi] = scene.lrRange;
  const set = (i: number, lr: number) => onChange(lrs.map((x, j) => (j === i ? lr : x)));
  const add = () => {
    const used = new Set(lrs);
    let lr = lrFromSlider((lo + hi) / 2);
    while (used.has(lr)) lr = lrFromSlider(sliderFromLr(lr) + 0.1);
    onChange([...lrs, lr]);
  };
  return (
    <section className="runs" aria-label={t('runs.label')}>
      <p className="read">{t('runs.read')}</p>
      <table className="runs-table">
        <thead>
          <tr>
            <th scope="col">{t('runs.run')}</th>
            <th scope="col">{t('runs.lr')}</th>
            {scheduled && <th scope="col">η(t)</th>}
            <th scope="col">{concealed ? t('runs.prediction') : t('runs.verdict')}</th>
            <th scope="col">{t('runs.finalLoss')}</th>
            {learns && (
              <>
                <th scope="col">{t('runs.bestVal')}</th>
                <th scope="col">{t('runs.exam')}</th>
              </>
            )}
            <th scope="col">
              <span className="visually-hidden">{t('runs.remove')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {lrs.map((lr, i) => {
            const run = runs[i];
            const v = concealed ? undefined : validation?.[i];
            // A run that overfits says so in its label, and its sentence says where.
            const over = runOverfit(run, v);
            const label = run && !concealed ? verdictWords(run, over, t) : t('verdict.pending');
            const style = styles[i]!;
            const band = showBands ? f.band(bandOf(lr, bands), bands) : undefined;
            return (
              <tr
                key={i}
                data-lr={lr}
                data-verdict={concealed ? undefined : run?.verdict.kind}
                data-detail={concealed ? undefined : run?.verdict.detail}
                data-trained={run ? '' : undefined}
                aria-busy={!run}
              >
                <th scope="row" className="run-id">
                  <span className="swatch" style={{ background: style.color }} aria-hidden="true" />
                  {i + 1}
                </th>
                <td className="lr-cell">
                  {lrAccess === 'hidden' ? (
                    <span className="num" data-testid="lr-value">
                      η = {f.lr(lr)}
                    </span>
                  ) : (
                    <Gate access={lrAccess}>
                      <input
                        type="range"
                        data-testid="lr-slider"
                        min={lo}
                        max={hi}
                        step={SLIDER_STEP}
                        value={Math.min(hi, Math.max(lo, sliderFromLr(lr)))}
                        aria-label={t('runs.slider', { run: i + 1 })}
                        className={showBands ? 'banded' : undefined}
                        style={trackStyle(showBands ? bands : undefined, scene.lrRange)}
                        aria-valuetext={
                          concealed
                            ? t('runs.valueTextLr', { lr: f.lr(lr) })
                            : band
                              ? t('runs.valueTextBand', { lr: f.lr(lr), band, verdict: label })
                              : t('runs.valueText', { lr: f.lr(lr), verdict: label })
                        }
                        onChange={(e) => set(i, lrFromSlider(Number(e.currentTarget.value)))}
                      />
                      <NumberField
                        label={t('runs.exact', { run: i + 1 })}
                        hideLabel
                        className="lr-input"
                        value={lr}
                        min={LIMITS.lr.min}
                        max={LIMITS.lr.max}
                        onCommit={(x) => set(i, x)}
                      />
                    </Gate>
                  )}
                  {props.runOptimizers && (
                    <Gate access={lrAccess}>
                      <select
                        className="run-optimizer"
                        data-testid="run-optimizer"
                        aria-label={t('runs.runOptimizer', { run: i + 1 })}
                        value={props.runOptimizers.kinds[i]}
                        onChange={(e) => {
                          const kind = OPTIMIZERS.find((o) => o === e.currentTarget.value);
                          if (kind) props.runOptimizers?.onChange(i, kind);
                        }}
                      >
                        {OPTIMIZERS.map((o) => (
                          <option key={o} value={o}>
                            {optimizerName(o, t)}
                          </option>
                        ))}
                      </select>
                    </Gate>
                  )}
                  {showBands && (
                    // The painted track's colour in a plain word; its thresholds are in the disclosure.
                    <small className="band-word" aria-hidden="true">
                      {f.bandWord(bandOf(lr, bands))}
                    </small>
                  )}
                </td>
                {scheduled && (
                  <td className="spark">
                    <svg
                      width={64}
                      height={20}
                      role="img"
                      aria-label={t('runs.spark', { run: i + 1 })}
                    >
                      <path
                        d={spark}
                        fill="none"
                        stroke={style.color}
                        strokeWidth={1.5}
                        strokeDasharray={style.dash || undefined}
                      />
                    </svg>
                  </td>
                )}
                <td className="verdict">
                  {concealed && prediction ? (
                    <VoteSelect
                      run={i + 1}
                      vote={prediction.votes[i]}
                      onVote={(k) => prediction.onVote(i, k)}
                    />
                  ) : (
                    <>
                      {/* The run's colour and dash on a mark beside the words: the words keep full contrast. */}
                      <VerdictMark color={style.color} dash={style.dash} />
                      <span className="verdict-label">{label}</span>
                      {prediction && run && (
                        <VoteMark vote={prediction.votes[i]} verdict={run.verdict.kind} />
                      )}
                      {run && (
                        <small className="verdict-say" data-overfits={over?.bestStep}>
                          {over
                            ? t('verdict.sayOverfits', {
                                best: over.bestStep,
                                bestLoss: f.loss(over.bestLoss),
                                end: over.endStep,
                                endLoss: f.loss(over.endLoss),
                              })
                            : f.sentence(run.verdict, lastLossStep(run))}
                        </small>
                      )}
                    </>
                  )}
                </td>
                {concealed ? (
                  <td className="num">—</td>
                ) : (
                  <td
                    className="num"
                    data-final-loss={run?.losses[run.losses.length - 1]}
                    data-recorded={run?.losses.length}
                    data-loss-every={run?.lossEvery ?? 1}
                  >
                    {f.loss(run?.losses[run.losses.length - 1])}
                  </td>
                )}
                {learns &&
                  (v ? (
                    <>
                      <td
                        className="num"
                        data-best-step={v.bestStep}
                        data-val-best={v.losses[v.bestStep]}
                        data-val-end={v.losses[v.losses.length - 1]}
                        data-train-best={run && lossAtStep(run, v.bestStep)}
                        data-train-end={run?.losses[run.losses.length - 1]}
                      >
                        {t(v.stopStep < v.losses.length - 1 ? 'runs.bestStopped' : 'runs.best', {
                          loss: f.loss(v.losses[v.bestStep]),
                          step: v.bestStep,
                          stop: v.stopStep,
                        })}
                      </td>
                      <td className="num" data-test-loss={v.test}>
                        {f.loss(v.test)}
                      </td>
                    </>
                  ) : (
                    <>
                      <td className="num">—</td>
                      <td className="num">—</td>
                    </>
                  ))}
                <td>
                  <Gate access={lrAccess}>
                    <button
                      type="button"
                      onClick={() =>
                        props.onRemove ? props.onRemove(i) : onChange(lrs.filter((_, j) => j !== i))
                      }
                      disabled={lrs.length <= LIMITS.runs.min}
                      aria-label={t('runs.removeRun', { run: i + 1 })}
                    >
                      ×
                    </button>
                  </Gate>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <Gate access={lrAccess}>
        <button type="button" onClick={add} disabled={lrs.length >= LIMITS.runs.max}>
          {t('runs.add')}
        </button>
      </Gate>
      {/* Closed, its contents stay in the DOM: the thresholds are still read by tests and by the
          screen reader's find; nothing in here can be focused, so the Tab order is unchanged. */}
      <Curious testId="runs-curious">
        {showBands && (
          <table className="expert">
            <thead>
              <tr>
                <th scope="col">{t('runs.run')}</th>
                <th scope="col">η·λmax</th>
                <th scope="col">{t('runs.theory')}</th>
              </tr>
            </thead>
            <tbody>
              {lrs.map((lr, i) => (
                <tr key={i}>
                  <th scope="row">{i + 1}</th>
                  <td className="num">{f.lr(lr * bands.lambdaMax)}</td>
                  <td className="band" data-band={bandOf(lr, bands)}>
                    {f.band(bandOf(lr, bands), bands)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="thresholds" data-testid="thresholds">
          {bands ? (
            <Trans
              t={t}
              i18nKey="runs.theoryQuadratic"
              values={{
                lambda: f.lr(bands.lambdaMax),
                low: bands.labels[0],
                high: bands.labels[1],
                noOvershoot: f.lr(bands.noOvershoot),
                divergence: f.lr(bands.divergence),
              }}
              components={{
                no: <span data-testid="no-overshoot" />,
                div: <span data-testid="divergence" />,
              }}
            />
          ) : scene.minima.length === 0 ? (
            t('runs.network')
          ) : local.length === 0 ? (
            t('runs.adaptive')
          ) : (
            <Trans
              t={t}
              i18nKey="runs.local"
              count={local.length}
              values={{
                edge: local[0]!.labels[1],
                range: formatRange(
                  local.map((b) => b.divergence),
                  f,
                ),
              }}
              components={{ local: <span data-testid="local-divergence" /> }}
            />
          )}
        </p>
      </Curious>
    </section>
  );
}

/** A short line in the verdict's colour and dash, as the charts draw the run. */
function VerdictMark({ color, dash }: { color: string; dash: string }) {
  return (
    <svg className="verdict-mark" width={22} height={10} aria-hidden="true">
      <line x1={1} x2={21} y1={5} y2={5} stroke={color} strokeWidth={3} strokeDasharray={dash} />
    </svg>
  );
}
