import type { AnalysisRequest } from '../../protocol/messages';
import type { Training } from '../hooks/useTraining';
import { useFormat } from '../format';

/** What the page is still computing, in the order a user waits for it. */
export type Pending =
  | { readonly kind: 'surface'; readonly done: number }
  | {
      readonly kind: 'training';
      readonly done: number;
      readonly of: number;
      /** Runs per learning rate (k-fold's k) and the fold in training when folds go one by one. */
      readonly k?: number;
      readonly fold?: { readonly index: number; readonly of: number; readonly step: number };
    }
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
  training: Pick<Training, 'status' | 'surfaceDone' | 'stepsDone' | 'backend' | 'partial'>,
  drawn: boolean,
  steps: number,
  analysis: { readonly asked: AnalysisRequest | undefined; readonly answered: boolean },
): Pending {
  if (training.status === 'error') return { kind: 'failed' };
  if (!drawn) {
    return training.surfaceDone !== undefined
      ? { kind: 'surface', done: training.surfaceDone }
      : {
          kind: 'training',
          done: Math.min(training.stepsDone, steps),
          of: steps,
          ...(training.partial
            ? { k: training.partial.partial.k, fold: training.partial.partial.fold }
            : {}),
        };
  }
  if (training.status === 'running') return { kind: 'finishing' };
  if (analysis.asked && !analysis.answered) return { kind: 'analysis', panel: analysis.asked.kind };
  // auto measures the other backends once the figure is out (src/worker/idleProbe.ts).
  if (training.backend?.probeLater) return { kind: 'finishing' };
  return { kind: 'done' };
}

/**
 * What the status line says while the runs train: the step reached once one is (results as they
 * come), and with k-fold the fold, so the line names what is still computing.
 */
function trainingText(
  p: Extract<Pending, { kind: 'training' }>,
  runs: number,
  t: (key: string, o?: Record<string, unknown>) => string,
): string {
  if (p.done <= 0) return t('app.training', { count: runs });
  const at = { step: p.done, steps: p.of };
  if (p.fold) {
    const { index, of, step } = p.fold;
    return t('app.trainingFold', { step, steps: p.of, fold: index + 1, folds: of });
  }
  if (p.k !== undefined && p.k > 1) return t('app.trainingFolds', { ...at, folds: p.k });
  return t('app.trainingStep', { ...at, count: runs });
}

/** The status line under the figure: always laid out, so the page does not jump. */
export function StatusLine({ pending, runs }: { pending: Pending; runs: number }) {
  const { t } = useFormat();
  const text: Record<Pending['kind'], string> = {
    surface: t('app.evaluatingSurface'),
    training: pending.kind === 'training' ? trainingText(pending, runs, t) : '',
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
