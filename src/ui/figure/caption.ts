import type { TFunction } from 'i18next';
import { formatLr } from '../labels';

/** What an exported figure says about the run it shows, so a slide can be traced back to it. */
export interface FigureCaption {
  /** The scene's name as the page shows it. */
  readonly scene: string;
  readonly lrs: readonly number[];
  readonly steps: number;
  readonly seed: number;
  readonly fingerprint: string;
  readonly backend: string;
}

/**
 * The caption as lines of text, widest information first, in t's language (the page's in the
 * browser; English in the Node CLI, whose output the e2e tests compare with the page's English).
 */
export function captionLines(c: FigureCaption, t: TFunction): string[] {
  const { scene, steps, seed, backend, fingerprint } = c;
  const lrs = c.lrs.map((lr) => formatLr(lr)).join(', ');
  return [
    t('caption.first', { scene, lrs, steps }),
    t('caption.second', { seed, backend, fingerprint }),
    t('caption.left'),
  ];
}
