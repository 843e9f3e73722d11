import type { Band, StabilityBands } from '../core/stability';

/** One stability band along a log learning-rate axis, as fractions [0, 1] of the axis. */
export interface BandSegment {
  readonly band: Band;
  readonly from: number;
  readonly to: number;
}

/** Light fills for the bands, in the hues of the verdicts they lead to (palette.ts). */
export const BAND_FILLS: Record<Band, string> = {
  monotone: '#dce8f7',
  oscillating: '#d3efd8',
  diverging: '#f8eab8',
};

/**
 * The three bands over the axis log10 η ∈ [lo, hi]: monotone up to noOvershoot, oscillating up to
 * divergence, diverging beyond; segments outside the axis are dropped, the others clipped to it.
 */
export function bandSegments(
  bands: StabilityBands,
  [lo, hi]: readonly [number, number],
): BandSegment[] {
  const at = (lr: number) => Math.min(1, Math.max(0, (Math.log10(lr) - lo) / (hi - lo)));
  const a = at(bands.noOvershoot);
  const b = at(bands.divergence);
  const all: BandSegment[] = [
    { band: 'monotone', from: 0, to: a },
    { band: 'oscillating', from: a, to: b },
    { band: 'diverging', from: b, to: 1 },
  ];
  return all.filter((s) => s.to > s.from);
}
