import { interpolateLab } from 'd3';
import type { VerdictKind } from '../core/verdict';
import { concealedColor, PENDING_COLOR } from './palette';

/** How one run is drawn: the same in both views, the legend, the runs table and every export. */
export interface RunStyle {
  readonly color: string;
  /** An SVG stroke-dasharray; '' is a solid line. */
  readonly dash: string;
}

/**
 * Dash patterns by rank among the runs that share a verdict: the first of each verdict is solid (so
 * the lecture figure, four verdicts, reads as the notes draw it), the second dashed, and so on. Eight
 * patterns for the eight runs a link may hold, so no two runs ever share colour and dash.
 */
export const RUN_DASHES = [
  '',
  '9 4',
  '2 3',
  '10 3 2 3',
  '5 2',
  '14 3 2 3 2 3',
  '1 2',
  '6 2 2 2',
] as const;

/** Each further run of a verdict is this much darker (in Lab, towards black), up to SHADE_MAX. */
const SHADE_STEP = 0.22;
const SHADE_MAX = 0.55;

/**
 * Every run's colour and dash. A run's hue says its verdict (the notes' colours, or the chosen
 * palette); runs that share a verdict are told apart by a darker shade and their own dash, by their
 * order in the list. While the verdicts are concealed (predict, then reveal) the colour is the row's
 * own, so it tells nothing; a run still training is grey.
 */
export function runStyles(
  kinds: readonly (VerdictKind | undefined)[],
  colors: Readonly<Record<VerdictKind, string>>,
  concealed = false,
): RunStyle[] {
  const seen = new Map<VerdictKind | 'pending', number>();
  return kinds.map((kind, row) => {
    if (concealed) return { color: concealedColor(row), dash: '' };
    const key = kind ?? 'pending';
    const rank = seen.get(key) ?? 0;
    seen.set(key, rank + 1);
    const base = kind ? colors[kind] : PENDING_COLOR;
    const color =
      rank === 0 ? base : interpolateLab(base, '#000')(Math.min(SHADE_MAX, SHADE_STEP * rank));
    return { color, dash: RUN_DASHES[rank % RUN_DASHES.length]! };
  });
}
