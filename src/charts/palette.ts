import type { VerdictKind } from '../core/verdict';

/**
 * The study notes' colours: red just right, blue too small, green too large, yellow diverging.
 * The yellow is darkened enough to read on white; grey marks a run still training.
 */
export const VERDICT_COLORS: Record<VerdictKind, string> = {
  'too-small': '#1f5fbf',
  'just-right': '#d62728',
  'too-large': '#2a9d3a',
  diverged: '#d4a500',
};
export const PENDING_COLOR = '#8a8a8a';
/** Dash patterns per verdict, so the verdict reads without colour too. */
export const VERDICT_DASHES: Record<VerdictKind, string> = {
  'too-small': '6 3',
  'just-right': '',
  'too-large': '2 3',
  diverged: '10 3 2 3',
};

/**
 * Predict-then-reveal: each run's colour by its row while the verdicts are hidden, so the colour
 * does not tell the verdict. No red, blue, green or yellow (the notes' verdict colours), and every
 * one at least 4.5:1 on white.
 */
export const CONCEALED_COLORS = [
  '#6a3d9a',
  '#8c510a',
  '#01665e',
  '#c51b7d',
  '#404040',
  '#762a83',
  '#b35806',
  '#35978f',
] as const;
export const concealedColor = (row: number): string =>
  CONCEALED_COLORS[row % CONCEALED_COLORS.length]!;
