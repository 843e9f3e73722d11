import type { Band, StabilityBands } from '../core/stability';
import type { Verdict } from '../core/verdict';

/** The verdict in words, as the runs table and the live region say it. */
export function verdictLabel(v: Verdict): string {
  switch (v.kind) {
    case 'too-small':
      return 'too small';
    case 'just-right':
      return 'just right';
    case 'too-large':
      return v.detail === 'oscillating' ? 'too large (oscillating)' : 'too large (stalled)';
    case 'diverged':
      return `diverged at step ${v.divergedAt ?? '?'}`;
  }
}

/** A learning rate for display: three significant digits, exponent notation when tiny or huge. */
export function formatLr(lr: number): string {
  if (lr !== 0 && (Math.abs(lr) < 1e-3 || Math.abs(lr) >= 1e4)) return lr.toExponential(2);
  return String(Number(lr.toPrecision(3)));
}

/** A loss for display; never prints NaN or Infinity (the engine cuts those off before). */
export function formatLoss(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return '—';
  if (x === 0) return '0';
  return Math.abs(x) < 1e-3 || Math.abs(x) >= 1e5 ? x.toExponential(2) : x.toPrecision(4);
}

/** Where a learning rate stands against the exact thresholds, in words (slider text, table). */
export function bandLabel(band: Band, bands: StabilityBands): string {
  const [low, high] = bands.labels;
  switch (band) {
    case 'monotone':
      return `at most ${low}: no overshoot`;
    case 'oscillating':
      return `between ${low} and ${high}: overshoots, converges`;
    case 'diverging':
      return `at least ${high}: diverges`;
  }
}
