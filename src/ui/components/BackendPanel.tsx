import type { Training } from '../hooks/useTraining';
import { useFormat } from '../format';
import { translateWorkerText } from '../workerText';

/** Which backend trained the result and why, the probe's numbers, and the run's fingerprint. */
export function BackendPanel(props: {
  training: Training;
  /** Shown only for exact runs of the current parameters. */
  fingerprint: string | undefined;
  /** The runs shown are rows of the slider grid (bit for bit the exact runs on this backend). */
  fromGrid: boolean;
}) {
  const { training, fingerprint, fromGrid } = props;
  const { backend, result } = training;
  const f = useFormat();
  const { t } = f;
  const probe = backend?.probe
    ? Object.entries(backend.probe)
        .map(([name, ms]) => t('backend.probeEntry', { name, ms: f.num(ms, 3) }))
        .join(' · ')
    : undefined;
  return (
    <section className="panel" aria-label={t('backend.label')}>
      <dl>
        <dt>{t('backend.backend')}</dt>
        <dd>
          <strong data-testid="backend">{backend?.name ?? '…'}</strong>
          {backend && <span className="muted"> — {translateWorkerText(backend.reason, t)}</span>}
          {probe && <div className="muted small">{t('backend.probe', { probe })}</div>}
        </dd>
        <dt>{t('backend.fingerprint')}</dt>
        <dd>
          <code data-testid="fingerprint" title={t('backend.fingerprintTitle')}>
            {fingerprint ?? '…'}
          </code>
        </dd>
        <dt>{t('backend.time')}</dt>
        <dd>
          {result
            ? t('backend.timeValue', {
                ms: f.num(result.trainMs, 1),
                steps: result.experiment.steps,
                count: result.runs.length,
              })
            : '…'}
          {result?.surfaceMs !== undefined && (
            <div className="muted small" data-surface-ms={result.surfaceMs}>
              {t('backend.surfaceTime', {
                ms: f.num(result.surfaceMs),
                grid: result.surface.dims === 2 ? `${result.surface.n}×${result.surface.n}` : '',
              })}
            </div>
          )}
          {fromGrid && (
            <div className="muted small">
              {t('backend.fromGrid', {
                backend: training.backend?.name ?? t('backend.thisBackend'),
              })}
            </div>
          )}
        </dd>
      </dl>
    </section>
  );
}
