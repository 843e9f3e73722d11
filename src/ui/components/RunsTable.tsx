import type { CSSProperties } from 'react';
import type { RunResult } from '../../core/experiment';
import type { Scene } from '../../core/scenes';
import { bandOf, type StabilityBands } from '../../core/stability';
import { BAND_FILLS, bandSegments } from '../../charts/bands';
import { concealedColor, PENDING_COLOR, VERDICT_COLORS } from '../../charts/palette';
import type { VerdictKind } from '../../core/verdict';
import type { Access } from '../../url/classroom';
import type { Vote } from '../prediction';
import { Gate } from './Gate';
import { VoteMark, VoteSelect } from './VoteSelect';
import { sparklineD } from '../../charts/sparkline';
import { LIMITS } from '../../url/state';
import { bandLabel, formatLoss, formatLr, verdictLabel } from '../labels';
import type { RunValidation } from '../runInputs';
import { lrFromSlider, SLIDER_STEP, sliderFromLr } from '../../core/lrSlider';
import { NumberField } from './NumberField';

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
  /** The teacher's link may lock the learning rates or hide their controls (values stay shown). */
  lrAccess?: Access;
  /** Predict-then-reveal: each row's vote, and whether the verdicts are still hidden. */
  prediction?: {
    readonly concealed: boolean;
    readonly votes: readonly Vote[];
    readonly onVote: (row: number, kind: VerdictKind) => void;
  };
}

const STRINGS = {
  prediction: 'Prediction',
} as const;

/** One value, or the span of several, for a sentence. */
function formatRange(xs: readonly number[]): string {
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return lo === hi ? formatLr(lo) : `${formatLr(lo)} to ${formatLr(hi)}`;
}

/** The slider track painted with the stability bands (a CSS gradient with hard stops). */
function trackStyle(bands: StabilityBands | undefined, range: readonly [number, number]) {
  if (!bands) return undefined;
  const stops = bandSegments(bands, range).map(
    (s) => `${BAND_FILLS[s.band]} ${(s.from * 100).toFixed(2)}% ${(s.to * 100).toFixed(2)}%`,
  );
  return { '--track': `linear-gradient(to right, ${stops.join(', ')})` } as CSSProperties;
}

/** One row per run: its colour, a log-scale learning-rate slider, an exact value, and its verdict. */
export function RunsTable(props: Props) {
  const { scene, lrs, runs, bands, local, factors, validation, onChange, prediction } = props;
  const lrAccess = props.lrAccess ?? 'open';
  // While verdicts are hidden nothing on the row may tell them: no label, no verdict colour, no
  // stability band (on the quadratic the band is the verdict), no data-verdict attribute.
  const concealed = prediction?.concealed ?? false;
  const showBands = bands && !concealed;
  const learns = validation !== undefined;
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
    <section className="runs" aria-label="Runs">
      <table>
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Learning rate η</th>
            {showBands && <th scope="col">Theory</th>}
            {scheduled && <th scope="col">η(t)</th>}
            <th scope="col">{concealed ? STRINGS.prediction : 'Verdict'}</th>
            <th scope="col">Final loss</th>
            {learns && (
              <>
                <th scope="col">Best validation (step)</th>
                <th scope="col">Exam: test loss</th>
              </>
            )}
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {lrs.map((lr, i) => {
            const run = runs[i];
            const label = run && !concealed ? verdictLabel(run.verdict) : 'training…';
            const color = concealed
              ? concealedColor(i)
              : run
                ? VERDICT_COLORS[run.verdict.kind]
                : PENDING_COLOR;
            const band = showBands ? bandLabel(bandOf(lr, bands), bands) : undefined;
            return (
              <tr
                key={i}
                data-lr={lr}
                data-verdict={concealed ? undefined : run?.verdict.kind}
                data-trained={run ? '' : undefined}
                aria-busy={!run}
              >
                <th scope="row">
                  <span className="swatch" style={{ background: color }} aria-hidden="true" />
                  {i + 1}
                </th>
                <td className="lr-cell">
                  {lrAccess === 'hidden' ? (
                    <span className="num" data-testid="lr-value">
                      η = {formatLr(lr)}
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
                        aria-label={`Learning rate of run ${i + 1} (log scale)`}
                        className={showBands ? 'banded' : undefined}
                        style={trackStyle(showBands ? bands : undefined, scene.lrRange)}
                        aria-valuetext={[`η = ${formatLr(lr)}`, band, concealed ? undefined : label]
                          .filter((part) => part !== undefined)
                          .join(', ')}
                        onChange={(e) => set(i, lrFromSlider(Number(e.currentTarget.value)))}
                      />
                      <NumberField
                        label={`Learning rate of run ${i + 1}, exact value`}
                        hideLabel
                        className="lr-input"
                        value={lr}
                        min={LIMITS.lr.min}
                        max={LIMITS.lr.max}
                        onCommit={(x) => set(i, x)}
                      />
                    </Gate>
                  )}
                </td>
                {showBands && (
                  <td className="band" data-band={bandOf(lr, bands)}>
                    ηλmax = {formatLr(lr * bands.lambdaMax)}
                    <br />
                    <small>{band}</small>
                  </td>
                )}
                {scheduled && (
                  <td>
                    <svg
                      width={64}
                      height={20}
                      role="img"
                      aria-label={`Learning rate of run ${i + 1} over the steps`}
                    >
                      <path d={spark} fill="none" stroke={color} strokeWidth={1.5} />
                    </svg>
                  </td>
                )}
                <td className="verdict" style={{ color }}>
                  {concealed && prediction ? (
                    <VoteSelect
                      run={i + 1}
                      vote={prediction.votes[i]}
                      onVote={(k) => prediction.onVote(i, k)}
                    />
                  ) : (
                    <>
                      {label}
                      {prediction && run && (
                        <VoteMark vote={prediction.votes[i]} verdict={run.verdict.kind} />
                      )}
                    </>
                  )}
                </td>
                <td
                  className="num"
                  data-final-loss={run?.losses[run.losses.length - 1]}
                  data-recorded={run?.losses.length}
                >
                  {formatLoss(run?.losses[run.losses.length - 1])}
                </td>
                {learns && (
                  <>
                    <td
                      className="num"
                      data-best-step={validation[i]?.bestStep}
                      data-val-best={validation[i]?.losses[validation[i].bestStep]}
                      data-val-end={validation[i]?.losses[validation[i].losses.length - 1]}
                      data-train-best={run?.losses[validation[i]?.bestStep ?? 0]}
                      data-train-end={run?.losses[run.losses.length - 1]}
                    >
                      {validation[i]
                        ? `${formatLoss(validation[i].losses[validation[i].bestStep])} (${validation[i].bestStep}${
                            validation[i].stopStep < validation[i].losses.length - 1
                              ? `, stopped at ${validation[i].stopStep}`
                              : ''
                          })`
                        : '—'}
                    </td>
                    <td className="num" data-test-loss={validation[i]?.test}>
                      {formatLoss(validation[i]?.test)}
                    </td>
                  </>
                )}
                <td>
                  <Gate access={lrAccess}>
                    <button
                      type="button"
                      onClick={() => onChange(lrs.filter((_, j) => j !== i))}
                      disabled={lrs.length <= LIMITS.runs.min}
                      aria-label={`Remove run ${i + 1}`}
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
          + Add a run
        </button>
      </Gate>
      <p className="thresholds" data-testid="thresholds">
        {bands ? (
          <>
            Theory for this quadratic (λmax = {formatLr(bands.lambdaMax)}): no overshoot for η ≤{' '}
            {bands.labels[0]} ={' '}
            <span data-testid="no-overshoot">{formatLr(bands.noOvershoot)}</span>; divergence for η
            ≥ {bands.labels[1]} = <span data-testid="divergence">{formatLr(bands.divergence)}</span>
            .
          </>
        ) : scene.minima.length === 0 ? (
          'A network: its curvature changes along the path and its minimum is unknown, so each run is judged by its loss curve alone (rising: too large; still falling at the end: too small).'
        ) : local.length === 0 ? (
          'This optimizer rescales each coordinate by its own gradient history: no fixed threshold on η.'
        ) : (
          <>
            No fixed threshold: the Hessian changes along the path, and the local edge is{' '}
            {local[0]!.labels[1]} of H(θ) where the run is (the sharpness panel tracks it). At the
            {local.length > 1 ? ' minima' : ' minimum'} a run is stable only for η below{' '}
            <span data-testid="local-divergence">
              {formatRange(local.map((b) => b.divergence))}
            </span>
            .
          </>
        )}
      </p>
    </section>
  );
}
