import type { VerdictKind } from '../core/verdict';
import type { PaletteKind } from '../url/state';

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
