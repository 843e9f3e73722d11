import { formatLr } from '../labels';

/** Every visible string of the figure's caption, in one place for translation. */
export const CAPTION_TEXT = {
  lrs: 'learning rates η =',
  seed: 'seed',
  backend: 'backend',
  fingerprint: 'fingerprint',
  steps: 'steps',
  left: 'Left: the loss surface and each run’s path. Right: loss versus step (log scale).',
} as const;

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

/** The caption as lines of text, widest information first. */
export function captionLines(c: FigureCaption): string[] {
  const T = CAPTION_TEXT;
  return [
    `${c.scene} — ${T.lrs} ${c.lrs.map((lr) => formatLr(lr)).join(', ')} — ${c.steps} ${T.steps}`,
    `${T.seed} ${c.seed} · ${T.backend} ${c.backend} · ${T.fingerprint} ${c.fingerprint}`,
    T.left,
  ];
}
