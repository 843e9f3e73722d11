import type { RunResult } from '../../core/experiment';
import type { Scene } from '../../core/scenes';
import { PENDING_COLOR, VERDICT_COLORS } from '../../charts/palette';
import { LIMITS } from '../../url/state';
import { formatLoss, formatLr, verdictLabel } from '../labels';
import { lrFromSlider, SLIDER_STEP, sliderFromLr } from '../../core/lrSlider';
import { NumberField } from './NumberField';

interface Props {
  scene: Scene;
  lrs: readonly number[];
  /** Results for these rows, where the latest result matches the row's learning rate. */
  runs: readonly (RunResult | undefined)[];
  onChange: (lrs: number[]) => void;
}

/** One row per run: its colour, a log-scale learning-rate slider, an exact value, and its verdict. */
export function RunsTable({ scene, lrs, runs, onChange }: Props) {
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
            <th scope="col">Verdict</th>
            <th scope="col">Final loss</th>
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {lrs.map((lr, i) => {
            const run = runs[i];
            const label = run ? verdictLabel(run.verdict) : 'training…';
            const color = run ? VERDICT_COLORS[run.verdict.kind] : PENDING_COLOR;
            return (
              <tr key={i} data-lr={lr} data-verdict={run?.verdict.kind} aria-busy={!run}>
                <th scope="row">
                  <span className="swatch" style={{ background: color }} aria-hidden="true" />
                  {i + 1}
                </th>
                <td className="lr-cell">
                  <input
                    type="range"
                    data-testid="lr-slider"
                    min={lo}
                    max={hi}
                    step={SLIDER_STEP}
                    value={Math.min(hi, Math.max(lo, sliderFromLr(lr)))}
                    aria-label={`Learning rate of run ${i + 1} (log scale)`}
                    aria-valuetext={`η = ${formatLr(lr)}, ${label}`}
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
                </td>
                <td className="verdict" style={{ color }}>
                  {label}
                </td>
                <td className="num">{formatLoss(run?.losses[run.losses.length - 1])}</td>
                <td>
                  <button
                    type="button"
                    onClick={() => onChange(lrs.filter((_, j) => j !== i))}
                    disabled={lrs.length <= LIMITS.runs.min}
                    aria-label={`Remove run ${i + 1}`}
                  >
                    ×
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <button type="button" onClick={add} disabled={lrs.length >= LIMITS.runs.max}>
        + Add a run
      </button>
      {scene.thresholds && (
        <p className="thresholds">
          Theory for this bowl: no overshoot for η ≤ 1/λmax ={' '}
          {formatLr(scene.thresholds.noOvershoot)}; divergence for η &gt; 2/λmax ={' '}
          {formatLr(scene.thresholds.divergence)}.
        </p>
      )}
    </section>
  );
}
