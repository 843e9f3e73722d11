/**
 * The verdict colour sets a reader can choose: the study notes' (default) or Okabe–Ito's
 * colour-blind-safe set. The link names one (src/url), the charts colour by it (src/charts/palette.ts).
 */
export const PALETTES = ['notes', 'safe'] as const;
export type PaletteKind = (typeof PALETTES)[number];
