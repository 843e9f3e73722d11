import { useState } from 'react';
import { compareTraces, type TraceComparison } from '../../core/compareTraces';
import type { Experiment, RunResult } from '../../core/experiment';
import type { BackendName } from '../../core/backends';
import { causeText } from '../notices';
import type { Training } from '../hooks/useTraining';
import { Curious } from './Curious';
import './panels.css';
import { useFormat } from '../format';

interface Props {
  training: Training & {
    runAgain: (experiment: Experiment, backend: BackendName, fused: boolean) => void;
  };
  /** The experiment on screen and its runs, once every run is exact (else undefined). */
  experiment: Experiment;
  runs: readonly (RunResult | undefined)[] | undefined;
  fingerprint: string | undefined;
}

interface Asked {
  readonly backend: BackendName;
  readonly first: readonly ArrayLike<number>[];
  readonly fingerprint: string;
}

/**
 * The notes' lesson on fixed seeds and deterministic kernels, checked live: backend, seed and
 * fingerprint of the run on screen, and "Run it twice", which trains the same experiment again in
 * the worker on the same backend and compares the two loss traces bit for bit.
 */
export function ReproCheck({ training, experiment, runs, fingerprint }: Props) {
  const { t } = useFormat();
  const [asked, setAsked] = useState<Asked | null>(null);
  const backend = training.backend?.name;
  const ready =
    backend !== undefined &&
    fingerprint !== undefined &&
    runs !== undefined &&
    runs.every((r) => r !== undefined);
  const run = () => {
    if (!ready) return;
    setAsked({ backend, first: runs.map((r) => r!.losses), fingerprint });
    training.runAgain(experiment, backend, training.result?.fused ?? false);
  };
  const outcome = training.repeat;
  let report: { text: string; identical?: boolean; comparison?: TraceComparison } | undefined;
  if (asked && outcome?.status === 'running') report = { text: t('repro.running') };
  else if (asked && outcome?.status === 'error')
    report = { text: t('repro.failed', { error: causeText(outcome.error, t) }) };
  else if (asked && outcome?.status === 'done') {
    const c = compareTraces(asked.first, outcome.losses);
    const parts = [
      c.identical
        ? t('repro.identical', {
            values: c.values,
            runs: asked.first.length,
            fingerprint: outcome.fingerprint,
          })
        : t('repro.different', {
            run: c.run + 1,
            step: c.step,
            maxDiff: c.maxDiff.toExponential(2),
          }),
    ];
    if (!c.identical && c.lengthsDiffer) parts.push(t('repro.lengths'));
    if (outcome.backend !== asked.backend)
      parts.push(t('repro.otherBackend', { first: asked.backend, second: outcome.backend }));
    report = { text: parts.join(' '), identical: c.identical, comparison: c };
  }
  return (
    <section className="repro-check" aria-label={t('repro.region')}>
      <h2>{t('repro.title')}</h2>
      <p className="read">{t('repro.read')}</p>
      <p>
        <button type="button" onClick={run} disabled={!ready || outcome?.status === 'running'}>
          {t('repro.button')}
        </button>{' '}
        <span
          role="status"
          data-testid="repeat-report"
          data-identical={report?.identical === undefined ? undefined : String(report.identical)}
        >
          {report?.text ?? (ready ? '' : t('repro.waiting'))}
        </span>
      </p>
      <Curious>
        <dl>
          <dt>{t('repro.backend')}</dt>
          <dd data-testid="repro-backend">{backend ?? '…'}</dd>
          <dt>{t('repro.seed')}</dt>
          <dd data-testid="repro-seed">{experiment.seed}</dd>
          <dt>{t('repro.fingerprint')}</dt>
          <dd>
            <code data-testid="repro-fingerprint">{fingerprint ?? '…'}</code>
          </dd>
        </dl>
        <details>
          <summary>{t('repro.whyTitle')}</summary>
          {(['repro.why1', 'repro.why2', 'repro.why3'] as const).map((key) => (
            <p key={key} className="small">
              {t(key)}
            </p>
          ))}
        </details>
      </Curious>
    </section>
  );
}
