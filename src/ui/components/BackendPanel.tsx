import type { Training } from '../hooks/useTraining';

/** Which backend trained the result and why, the probe's numbers, and the run's fingerprint. */
export function BackendPanel(props: {
  training: Training;
  /** Shown only for exact runs of the current parameters. */
  fingerprint: string | undefined;
  /** The runs shown are rows of the slider grid (bit for bit the exact runs on this backend). */
  fromGrid: boolean;
}) {
  const { training, fingerprint, fromGrid } = props;
  const { backend, result, memory } = training;
  // Every (backend, fused) pair the probe timed; without pairs (older reports), the per-backend times.
  const probe = backend?.pairs?.length
    ? backend.pairs
        .map((p) => `${p.backend}${p.fused ? ' fused' : ''} ${p.ms.toFixed(3)} ms/step`)
        .join(' · ')
    : backend?.probe
      ? Object.entries(backend.probe)
          .map(([name, ms]) => `${name} ${ms.toFixed(3)} ms/step`)
          .join(' · ')
      : undefined;
  return (
    <section className="panel" aria-label="Reproducibility">
      <dl>
        <dt>Backend</dt>
        <dd>
          <strong data-testid="backend">{backend?.name ?? '…'}</strong>
          {backend && <span className="muted"> — {backend.reason}</span>}
          {probe && (
            <div className="muted small" data-testid="probe">
              probe: {probe}
            </div>
          )}
          {result && (
            <div className="muted small" data-testid="fused" data-fused={String(result.fused)}>
              {result.fused
                ? 'Trained by the fused kernel: one dispatch advances every run by a whole chunk of steps.'
                : 'Trained op by op.'}
            </div>
          )}
        </dd>
        <dt>Fingerprint</dt>
        <dd>
          <code data-testid="fingerprint" title="FNV-1a hash of all loss traces (float32 bits)">
            {fingerprint ?? '…'}
          </code>
        </dd>
        <dt>Training time</dt>
        <dd>
          {result
            ? `${result.trainMs.toFixed(1)} ms for ${result.experiment.steps} steps × ${result.runs.length} runs`
            : '…'}
          {result?.surfaceMs !== undefined && (
            <div className="muted small" data-surface-ms={result.surfaceMs}>
              Loss surface through the slice: {result.surfaceMs.toFixed(0)} ms for{' '}
              {result.surface.dims === 2 ? `${result.surface.n}×${result.surface.n}` : ''} parameter
              sets.
            </div>
          )}
          {fromGrid && (
            <div className="muted small">
              These runs are rows of the slider grid: every slider position trained in one batch,
              bit for bit what a new run would give on {training.backend?.name ?? 'this backend'}.
            </div>
          )}
        </dd>
        <dt>Memory</dt>
        <dd
          data-testid="memory"
          data-tensors={memory?.tensors}
          data-bytes={memory?.bytes}
          data-gpu-buffers={memory?.gpuBuffers}
          title="Held by the training worker's backend once a training has freed its own tensors"
        >
          {memory
            ? `${memory.tensors} tensors, ${(memory.bytes / 1024).toFixed(1)} kB` +
              (memory.gpuBuffers === undefined ? '' : `, ${memory.gpuBuffers} GPU buffers in use`)
            : '…'}
        </dd>
      </dl>
    </section>
  );
}
