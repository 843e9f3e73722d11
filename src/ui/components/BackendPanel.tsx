import type { Training } from '../hooks/useTraining';
import { useFormat } from '../format';
import { reasonText } from '../notices';
import { Curious } from './Curious';
import './panels.css';

/**
 * The run's code (its fingerprint) in plain words first; which backend trained it and why, the
 * probe's numbers, the kernel, the time and the memory for the curious.
 */
export function BackendPanel(props: {
  training: Training;
  /** Shown only for exact runs of the current parameters. */
  fingerprint: string | undefined;
  /** The runs shown are rows of the slider grid (bit for bit the exact runs on this backend). */
  fromGrid: boolean;
}) {
  const { training, fingerprint, fromGrid } = props;
  const { backend, result, memory } = training;
  const f = useFormat();
  const { t } = f;
  // Every (backend, fused) pair the probe timed; without pairs (older reports), the per-backend times.
  const probe = backend?.pairs?.length
    ? backend.pairs
        .map((p) =>
          t(p.fused ? 'backend.probeFusedEntry' : 'backend.probeEntry', {
            name: p.backend,
            ms: f.num(p.ms, 3),
          }),
        )
        .join(' · ')
    : backend?.probe
      ? Object.entries(backend.probe)
          .map(([name, ms]) => t('backend.probeEntry', { name, ms: f.num(ms, 3) }))
          .join(' · ')
      : undefined;
  return (
    <section className="panel backend-panel" aria-label={t('backend.label')}>
      <p className="read">{t('backend.read')}</p>
      <p>
        {t('backend.code')}:{' '}
        <code data-testid="fingerprint" title={t('backend.fingerprintTitle')}>
          {fingerprint ?? '…'}
        </code>
      </p>
      <Curious>
        <dl>
          <dt>{t('backend.backend')}</dt>
          <dd>
            <strong data-testid="backend">{backend?.name ?? '…'}</strong>
            {backend && <span className="muted"> — {reasonText(backend.reason, t)}</span>}
            {probe && (
              <div className="muted small" data-testid="probe">
                {t('backend.probe', { probe })}
              </div>
            )}
            {backend?.emulated?.length ? (
              <div className="muted small" data-testid="probe-emulated">
                {t('backend.probeEmulated', { names: backend.emulated.join(', ') })}
              </div>
            ) : null}
            {result && (
              <div className="muted small" data-testid="fused" data-fused={String(result.fused)}>
                {result.fused ? t('backend.fused') : t('backend.unfused')}
              </div>
            )}
          </dd>
          <dt>{t('backend.fingerprint')}</dt>
          <dd className="muted small">{t('backend.fingerprintTitle')}</dd>
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
          <dt>{t('backend.memory')}</dt>
          <dd
            data-testid="memory"
            data-tensors={memory?.tensors}
            data-bytes={memory?.bytes}
            data-gpu-buffers={memory?.gpuBuffers}
            title={t('backend.memoryTitle')}
          >
            {memory
              ? t(memory.gpuBuffers === undefined ? 'backend.memoryValue' : 'backend.memoryGpu', {
                  tensors: memory.tensors,
                  kb: f.num(memory.bytes / 1024, 1),
                  buffers: memory.gpuBuffers,
                })
              : '…'}
          </dd>
        </dl>
      </Curious>
    </section>
  );
}
