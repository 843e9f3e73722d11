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
