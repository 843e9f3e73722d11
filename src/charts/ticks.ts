import type { ScaleLinear, ScaleLogarithmic } from 'd3';
import type { Tick } from './types';
import { floorLog10, pow10, round2 } from '../geometry/numbers';

/** About one tick per `spacing` pixels of axis, at least 2. */
export function tickCount(lengthPx: number, spacing: number): number {
  return Math.max(2, Math.round(lengthPx / spacing));
}

/** d3's nice ticks of a linear scale, with pixel positions rounded. */
export function linearTicks(scale: ScaleLinear<number, number>, count: number): Tick[] {
  const format = scale.tickFormat(count);
  return scale.ticks(count).map((value) => ({
    value,
    pos: round2(scale(value)),
    label: format(value),
  }));
}

/** "1" / "10" / "100" / "1000" read faster than exponents; beyond that, "1e-3", "1e6". */
export function pow10Label(e: number): string {
  return e >= 0 && e <= 3 ? String(pow10(e)) : `1e${e}`;
}

/** 2 × 10^e and 5 × 10^e, written as the decades are: "0.2"-like values as "2e-1" beside "1e-1". */
function stepLabel(m: number, e: number): string {
  return e >= 0 && e <= 2 ? String(m * pow10(e)) : `${m}e${e}`;
}

/**
 * Powers of ten inside the scale's domain. When there are more than `maxCount`, only every k-th
 * decade is kept, with k chosen so that 1 (10^0) always survives as an anchor. A domain of less
 * than two decades, which would show one or two numbers, gets 2 × and 5 × each power of ten too
 * (the 1-2-5 steps of log graph paper), as many as `maxCount` allows.
 */
export function logTicks(scale: ScaleLogarithmic<number, number>, maxCount: number): Tick[] {
  const [lo, hi] = scale.domain() as [number, number];
  const e0 = Math.ceil(Math.log10(lo) - 1e-9);
  const e1 = floorLog10(hi);
  const count = e1 - e0 + 1;
  const every = Math.max(1, Math.ceil(count / Math.max(1, maxCount)));
  const ticks: Tick[] = [];
  for (let e = e0; e <= e1; e++) {
    if (e % every !== 0) continue;
    const value = pow10(e);
    ticks.push({ value, pos: round2(scale(value)), label: pow10Label(e) });
  }
  if (Math.log10(hi / lo) >= 2) return ticks;
  const steps: Tick[] = [];
  for (let e = floorLog10(lo); e <= e1; e++) {
    for (const m of [2, 5]) {
      const value = m * pow10(e);
      if (value >= lo * (1 - 1e-9) && value <= hi * (1 + 1e-9))
        steps.push({ value, pos: round2(scale(value)), label: stepLabel(m, e) });
    }
  }
  if (ticks.length + steps.length > maxCount) return ticks;
  return [...ticks, ...steps].sort((a, b) => a.value - b.value);
}
