import { pow10 } from './numbers';

/**
 * Contour levels spaced geometrically above the grid's minimum: min + (max − min)·10^(−4 + 4k/count)
 * for k = 0..count−1. Losses span decades (a bowl near its floor, Rosenbrock's walls), so equal
 * ratios put rings both near the valley floor and on the walls; measuring from the minimum keeps
 * them useful when the floor is not at 0 (regression noise). Non-finite values are skipped.
 */
export function geometricThresholds(values: ArrayLike<number>, count = 12): number[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? NaN;
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(hi > lo) || !Number.isFinite(hi - lo)) return [];
  const range = hi - lo;
  const out: number[] = [];
  for (let k = 0; k < count; k++) out.push(lo + range * pow10(-4) * 10 ** ((4 * k) / count));
  return out;
}
