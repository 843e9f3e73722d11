import type { VerdictKind } from '../core/verdict';
import type { PaletteKind } from '../core/palettes';

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

/**
 * Okabe & Ito's colour-universal palette ("Color Universal Design", 2008; Wong, Nature Methods
 * 8:441, 2011): its eight colours stay apart under protan, deutan and tritan colour vision. Each
 * verdict keeps the notes' hue family where one exists (blue, vermillion for red, bluish green),
 * and diverging takes orange, the nearest to the notes' yellow that still shows on white.
 */
export const OKABE_ITO_COLORS: Record<VerdictKind, string> = {
  'too-small': '#0072B2',
  'just-right': '#D55E00',
  'too-large': '#009E73',
  diverged: '#E69F00',
};

/** The verdict colours of each palette the `palette` link field can choose. */
export const PALETTE_COLORS: Record<PaletteKind, Record<VerdictKind, string>> = {
  notes: VERDICT_COLORS,
  safe: OKABE_ITO_COLORS,
};

export const PENDING_COLOR = '#8a8a8a';
/** Dash patterns per verdict, so the verdict reads without colour too (in every palette). */
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
