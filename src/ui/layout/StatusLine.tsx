import type { AnalysisRequest } from '../../protocol/messages';
import type { Training } from '../hooks/useTraining';
import { useFormat } from '../format';

/** What the page is still computing, in the order a user waits for it. */
export type Pending =
  | { readonly kind: 'surface'; readonly done: number }
  | { readonly kind: 'training'; readonly done: number; readonly of: number }
  | { readonly kind: 'finishing' }
  | { readonly kind: 'analysis'; readonly panel: AnalysisRequest['kind'] }
  | { readonly kind: 'done' }
  | { readonly kind: 'failed' };

/**
 * What is still being computed: nothing drawn yet (the surface, then the runs, with progress),
 * drawn but the worker still busy (a previewed run retrained, `auto` measuring the other backends),
 * an analysis panel still computing, or done.
 */
export function pendingOf(
  training: Pick<Training, 'status' | 'surfaceDone' | 'stepsDone' | 'backend'>,
  drawn: boolean,
  steps: number,
  analysis: { readonly asked: AnalysisRequest | undefined; readonly answered: boolean },
): Pending {
  if (training.status === 'error') return { kind: 'failed' };
  if (!drawn) {
    return training.surfaceDone !== undefined
      ? { kind: 'surface', done: training.surfaceDone }
      : { kind: 'training', done: Math.min(training.stepsDone, steps), of: steps };
  }
  if (training.status === 'running') return { kind: 'finishing' };
  if (analysis.asked && !analysis.answered) return { kind: 'analysis', panel: analysis.asked.kind };
  // auto measures the other backends once the figure is out (src/worker/trainService.ts).
  if (training.backend?.probeLater) return { kind: 'finishing' };
  return { kind: 'done' };
}

/** The status line under the figure: always laid out, so the page does not jump. */
export function StatusLine({ pending, runs }: { pending: Pending; runs: number }) {
  const { t } = useFormat();
  const text: Record<Pending['kind'], string> = {
    surface: t('app.evaluatingSurface'),
    training: t('app.training', { count: runs }),
    finishing: t('layout.finishing'),
    analysis:
      pending.kind === 'analysis'
        ? t('layout.analysing', { panel: t(`analysis.${pending.panel}`) })
        : '',
    done: t('layout.done', { count: runs }),
    failed: '',
  };
  return (
    <p className="status-line" role="status" data-pending={pending.kind}>
      {text[pending.kind]}
      {pending.kind === 'surface' && (
        <progress max={1} value={pending.done} aria-label={t('app.surfaceProgress')} />
      )}
      {pending.kind === 'training' && (
        <progress max={pending.of} value={pending.done} aria-label={t('app.trainingProgress')} />
      )}
    </p>
  );
}
