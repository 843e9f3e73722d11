import type { TFunction } from 'i18next';
import type { VerdictKind } from '../../core/verdict';
import { formatLr, optimizerName } from '../labels';
import { runOverfit, runStyle, verdictWords, type Frame } from '../runInputs';

/** One run's entry in the legend: its line's look, its learning rate, and (once known) its verdict. */
export interface LegendItem {
  readonly row: number;
  readonly color: string;
  readonly dash: string;
  readonly eta: string;
  /** The verdict in words; '' while the verdicts are concealed or the run is still training. */
  readonly verdict: string;
}

/**
 * The legend's entries for a frame, in the runs' order, styled as the charts draw them (runStyle),
 * for the page's legend and the exported figure alike. Nothing says a verdict while concealed.
 */
export function legendItems(
  frame: Frame | undefined,
  t: TFunction,
  lang: string,
  colors?: Record<VerdictKind, string>,
): LegendItem[] {
  if (!frame) return [];
  return frame.runs.flatMap((r, row) => {
    if (!r) return [];
    const { color, dash } = runStyle(frame, r, row, colors);
    return [
      {
        row,
        color,
        dash,
        eta: frame.optimizers?.[row]
          ? t('legend.etaOptimizer', {
              lr: formatLr(r.lr, lang),
              optimizer: optimizerName(frame.optimizers[row], t),
            })
          : t('legend.eta', { lr: formatLr(r.lr, lang) }),
        verdict:
          frame.concealed || !r.verdict
            ? ''
            : verdictWords(r, runOverfit(r, frame.validation?.[row]), t),
      },
    ];
  });
}

/** Whether the frame draws validation curves, so the legend says which line style is which set. */
export const hasValidation = (frame: Frame | undefined): boolean =>
  Boolean(frame?.validation?.some((v) => v));
