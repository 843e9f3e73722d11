import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  minimumOverTen,
  rampLrs,
  rangeTest,
  smoothLosses,
  steepest,
  stopIndex,
  suggestionSpread,
  valley,
} from '../../src/core/rangeTest';
import type { RangeTestResult, Suggestion } from '../../src/core/rangeTest';

const log10s = (xs: readonly number[]) => xs.map((x) => Math.log10(x));

describe('rampLrs', () => {
  it('spaces log10 η evenly and hits both ends exactly', () => {
    // 1e-4 → 1 in 5 points: (1/1e-4)^(1/4) = 10, so one decade per step.
    const lrs = rampLrs(1e-4, 1, 5);
    expect(lrs).toHaveLength(5);
    expect(lrs[0]).toBe(1e-4);
    expect(lrs[4]).toBe(1);
    log10s(lrs).forEach((e, t) => expect(e).toBeCloseTo(-4 + t, 12));
  });

  it('has a constant ratio between neighbours, (max/min)^(1/(n−1))', () => {
    // 1e-3 → 10 in 41 points: 4 decades / 40 steps = 0.1 decade, ratio 10^0.1.
    const lrs = rampLrs(1e-3, 10, 41);
    for (let t = 1; t < lrs.length; t++) {
      expect((lrs[t] ?? NaN) / (lrs[t - 1] ?? NaN)).toBeCloseTo(10 ** 0.1, 12);
    }
  });

  it('handles n = 0, 1 and 2 and a flat ramp', () => {
    expect(rampLrs(1e-3, 1, 0)).toEqual([]);
    expect(rampLrs(1e-3, 1, 1)).toEqual([1e-3]);
    expect(rampLrs(1e-3, 1, 2)).toEqual([1e-3, 1]);
    expect(rampLrs(0.5, 0.5, 3)).toEqual([0.5, 0.5, 0.5]);
  });

  it('rejects a non-positive or non-finite bound and a non-integer count', () => {
    expect(() => rampLrs(0, 1, 3)).toThrow(RangeError);
    expect(() => rampLrs(1e-3, Infinity, 3)).toThrow(RangeError);
    expect(() => rampLrs(1e-3, 1, 2.5)).toThrow(RangeError);
    expect(() => rampLrs(1e-3, 1, -1)).toThrow(RangeError);
  });
});

describe('smoothLosses', () => {
  it('keeps a constant constant thanks to the bias correction', () => {
    // a_t = c(1 − β^{t+1}), so s_t = c; without the correction s_0 would be 0.02·c.
    for (const s of smoothLosses(new Array(50).fill(3.7))) expect(s).toBeCloseTo(3.7, 12);
  });

  it('matches a hand computation with β = 0.5', () => {
    // a_0 = 0.5·1 = 0.5, s_0 = 0.5 / (1 − 0.5) = 1;
    // a_1 = 0.5·0.5 + 0.5·2 = 1.25, s_1 = 1.25 / (1 − 0.25) = 5/3;
    // a_2 = 0.5·1.25 + 0.5·4 = 2.625, s_2 = 2.625 / (1 − 0.125) = 3.
    const s = smoothLosses([1, 2, 4], 0.5);
    expect(s[0]).toBeCloseTo(1, 14);
    expect(s[1]).toBeCloseTo(5 / 3, 14);
    expect(s[2]).toBeCloseTo(3, 14);
  });

  it('equals the β^(t−k)-weighted mean of the losses so far', () => {
    // Unrolling: a_t = (1 − β) Σ_k β^{t−k} L_k and 1 − β^{t+1} = (1 − β) Σ_k β^{t−k}.
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 1, maxLength: 40 }),
        fc.double({ min: 0, max: 0.99, noNaN: true }),
        (losses, beta) => {
          const s = smoothLosses(losses, beta);
          losses.forEach((_, t) => {
            let num = 0;
            let den = 0;
            for (let k = 0; k <= t; k++) {
              const w = beta ** (t - k);
              num += w * (losses[k] ?? NaN);
              den += w;
            }
            expect(s[t]).toBeCloseTo(num / den, 8);
          });
        },
      ),
    );
  });

  it('is the identity with β = 0, empty for no losses, and non-finite after a non-finite loss', () => {
    expect(smoothLosses([3, 1, 2], 0)).toEqual([3, 1, 2]);
    expect(smoothLosses([])).toEqual([]);
    const s = smoothLosses([1, 1, NaN, 1]);
    expect(Number.isFinite(s[1])).toBe(true);
    expect(s.slice(2).some(Number.isFinite)).toBe(false);
    expect(smoothLosses([1, Infinity, 1]).slice(1).some(Number.isFinite)).toBe(false);
  });

  it('rejects β outside [0, 1)', () => {
    expect(() => smoothLosses([1], 1)).toThrow(RangeError);
    expect(() => smoothLosses([1], -0.1)).toThrow(RangeError);
  });
});

describe('stopIndex', () => {
  it('does not stop at exactly factor × the minimum, but just above it', () => {
    // min so far 0.5; 4 × 0.5 = 2 exactly in binary.
    expect(stopIndex([1, 0.5, 2])).toBe(3);
    expect(stopIndex([1, 0.5, 2.000001])).toBe(2);
    expect(stopIndex([1, 0.5, 1.5, 2.5], 3)).toBe(3);
  });

  it('compares with the running minimum, not the first or the last value', () => {
    // At index 3 the minimum so far is 1 (index 1), so 4.5 > 4 stops, though 4.5 < 4 × 4.
    expect(stopIndex([4, 1, 3, 4.5, 0.1])).toBe(3);
    // A large first value alone never stops the curve.
    expect(stopIndex([100])).toBe(1);
  });

  it('stops at the first non-finite value', () => {
    expect(stopIndex([1, 0.9, NaN, 0.5])).toBe(2);
    expect(stopIndex([Infinity, 1])).toBe(0);
    expect(stopIndex([])).toBe(0);
  });

  it('keeps every point before the stop within factor × the running minimum', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.01, max: 100, noNaN: true })), (s) => {
        const stop = stopIndex(s);
        let best = Infinity;
        for (let i = 0; i < stop; i++) {
          expect(i === 0 || (s[i] ?? NaN) <= 4 * best).toBe(true);
          best = Math.min(best, s[i] ?? NaN);
        }
        if (stop < s.length) expect(s[stop]).toBeGreaterThan(4 * best);
      }),
    );
  });
});

describe('suggestions on a piecewise-linear curve in log η', () => {
  // log10 η = −4, −3.5, …, 0 (9 points, half a decade apart).
  const lrs = rampLrs(1e-4, 1, 9);
  // Slopes per half decade: 0, −1, −2, −0.5, −0.3, −0.2, +0.5, +1.5. Steepest: segment 2 → 3.
  const s = [5, 5, 4, 2, 1.5, 1.2, 1, 1.5, 3];

  it('steepest is the start of the segment with the most negative slope', () => {
    const st = steepest(lrs, s);
    expect(st?.index).toBe(2);
    expect(Math.log10(st?.lr ?? NaN)).toBeCloseTo(-3, 12);
  });

  it('valley is one third plus one sixth into the longest decreasing run', () => {
    // Longest strictly decreasing subsequence: 5, 4, 2, 1.5, 1.2, 1 at indices 0, 2, 3, 4, 5, 6
    // (index 1 also holds 5; the earliest start wins). span = 6 → 0 + ⌊6/3⌋ + ⌊6/6⌋ = 3.
    const va = valley(lrs, s);
    expect(va?.index).toBe(3);
    expect(Math.log10(va?.lr ?? NaN)).toBeCloseTo(-2.5, 12);
  });

  it('minimumOverTen is η at the minimum (index 6, η = 0.1) over 10', () => {
    const mi = minimumOverTen(lrs, s);
    expect(mi?.index).toBe(6);
    expect(mi?.lr).toBeCloseTo(0.01, 14);
  });
});

describe('valley', () => {
  it('follows a decreasing subsequence across small bumps', () => {
    // 10, 9, 8, 7, 6 at indices 0, 1, 3, 4, 6 (the bumps 9.5 and 7.2 are skipped):
    // length 5, start 0, end 6, span 6 → index 0 + 2 + 1 = 3.
    const s = [10, 9, 9.5, 8, 7, 7.2, 6, 8, 9];
    expect(valley(rampLrs(1e-3, 1, s.length), s)?.index).toBe(3);
  });

  it('prefers the descent that ends first when two are equally long', () => {
    // 3, 2, 1 (indices 0..2) and 5, 4, 3 (indices 3..5): both length 3; the first wins,
    // span 2 → index 0 + ⌊2/3⌋ + ⌊2/6⌋ = 0.
    expect(valley(rampLrs(1e-3, 1, 6), [3, 2, 1, 5, 4, 3])?.index).toBe(0);
  });

  it('skips non-finite values and handles 2000 points', () => {
    expect(valley([1, 2, 3, 4], [3, NaN, 2, 1])?.index).toBe(0 + 1 + 0);
    const n = 2000;
    const lrs = rampLrs(1e-5, 10, n);
    const s = lrs.map((_, i) => 1 + Math.abs(i - 1500));
    // Strictly decreasing over 0..1500: span 1500 → 500 + 250 = 750.
    expect(valley(lrs, s)?.index).toBe(750);
  });
});

describe('suggestions on a parabola in log η', () => {
  // log10 η from −4 to 0 in 0.1 steps (41 points); s = (log10 η + 2)² + 1, vertex at η = 1e-2
  // (index 20), falling fastest at the left end.
  const lrs = rampLrs(1e-4, 1, 41);
  const s = lrs.map((lr) => (Math.log10(lr) + 2) ** 2 + 1);

  it('finds the vertex, the steepest left end and the valley point', () => {
    const mi = minimumOverTen(lrs, s) as Suggestion;
    expect(mi.index).toBe(20);
    expect(Math.log10(mi.lr)).toBeCloseTo(-3, 12);
    // Forward differences (s_{i+1} − s_i)/0.1 = 2(x_i + 2) + 0.1: most negative at i = 0.
    expect(steepest(lrs, s)?.index).toBe(0);
    // Decreasing over indices 0..20: span 20 → 0 + ⌊20/3⌋ + ⌊20/6⌋ = 6 + 3 = 9, η = 10^−3.1.
    const va = valley(lrs, s) as Suggestion;
    expect(va.index).toBe(9);
    expect(Math.log10(va.lr)).toBeCloseTo(-3.1, 12);
  });
});

describe('suggestions on short or flat curves', () => {
  it('give nothing for 0 or 1 points and do not throw', () => {
    for (const [lrs, s] of [
      [[], []],
      [[1e-3], [1]],
    ] as [number[], number[]][]) {
      expect(steepest(lrs, s)).toBeUndefined();
      expect(valley(lrs, s)).toBeUndefined();
      expect(minimumOverTen(lrs, s)).toBeUndefined();
    }
  });

  it('read two falling points as a one-segment descent', () => {
    expect(steepest([1e-3, 1e-2], [2, 1])).toEqual({ index: 0, lr: 1e-3 });
    expect(valley([1e-3, 1e-2], [2, 1])).toEqual({ index: 0, lr: 1e-3 });
    expect(minimumOverTen([1e-3, 1e-2], [2, 1])).toEqual({ index: 1, lr: 1e-3 });
  });

  it('suggest no steepest point or valley on a curve that never falls', () => {
    const lrs = rampLrs(1e-3, 1, 4);
    expect(steepest(lrs, [1, 1, 2, 3])).toBeUndefined();
    expect(valley(lrs, [1, 1, 2, 3])).toBeUndefined();
    // The minimum is still defined (the first point), η/10 below the tested range.
    expect(minimumOverTen(lrs, [1, 1, 2, 3])).toEqual({ index: 0, lr: 1e-4 });
  });
});

describe('rangeTest', () => {
  // log10 η from −4 to 1 in 0.1 steps (51 points); raw = (log10 η + 2)² + 1.
  const lrs = rampLrs(1e-4, 10, 51);
  const parabola = lrs.map((lr) => (Math.log10(lr) + 2) ** 2 + 1);

  it('cuts at 4× the minimum and reads the suggestions before the cut (β = 0)', () => {
    // With β = 0 the smoothed loss is the raw one. The minimum is 1 at index 20; the first later
    // value above 4: (x + 2)² > 3 ⇔ x > −0.268, i.e. x = −0.2, index 38 ((−0.3 + 2)² + 1 = 3.89).
    const r = rangeTest(lrs, parabola, { beta: 0 });
    expect(r.lrs).toHaveLength(51);
    expect(r.smoothed).toEqual(parabola);
    expect(r.stop).toBe(38);
    expect(r.reason).toBe('exceeded');
    expect(r.suggestions.minimumOverTen?.index).toBe(20);
    expect(r.suggestions.valley?.index).toBe(9);
    expect(r.suggestions.steepest?.index).toBe(0);
  });

  it('ends the curve at the first non-finite loss or invalid η', () => {
    const losses = [...parabola];
    losses[30] = NaN;
    const r = rangeTest(lrs, losses, { beta: 0 });
    expect(r.lrs).toHaveLength(30);
    expect(r.raw).toEqual(parabola.slice(0, 30));
    expect(r.stop).toBe(30);
    expect(r.reason).toBe('non-finite');
    expect(r.suggestions.minimumOverTen?.index).toBe(20);

    expect(rangeTest([1e-3, 0, 1e-1], [3, 2, 1]).reason).toBe('non-finite');
    expect(rangeTest([1e-3, 0, 1e-1], [3, 2, 1]).lrs).toEqual([1e-3]);
    expect(rangeTest([1e-3, 1e-2, 1e-1], [3, -Infinity, 1]).stop).toBe(1);
  });

  it('smooths by default, which delays the cut (the average lags the rise)', () => {
    const smooth = rangeTest(lrs, parabola);
    expect(smooth.smoothed[0]).toBeCloseTo(parabola[0] ?? NaN, 12);
    expect(smooth.stop).toBeGreaterThan(38);
    expect(smooth.suggestions.minimumOverTen?.index).toBeGreaterThan(20);
  });

  it('runs to the end on a curve that never exceeds the factor, with mismatched lengths', () => {
    const r = rangeTest(lrs, [5, 4, 3, 2]);
    expect(r.lrs).toEqual(lrs.slice(0, 4));
    expect(r.stop).toBe(4);
    expect(r.reason).toBe('end');
  });

  it('handles n = 0, 1, 2 without throwing', () => {
    expect(rangeTest([], [])).toEqual({
      lrs: [],
      raw: [],
      smoothed: [],
      stop: 0,
      reason: 'end',
      suggestions: {},
    });
    expect(rangeTest([1e-3], [1]).suggestions).toEqual({});
    const two = rangeTest([1e-3, 1e-2], [2, 1], { beta: 0 });
    expect(two.suggestions).toEqual({
      steepest: { index: 0, lr: 1e-3 },
      valley: { index: 0, lr: 1e-3 },
      minimumOverTen: { index: 1, lr: 1e-3 },
    });
  });

  it('never throws and keeps suggestion indices inside the cut curve', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ min: 0, max: 1e6 }), fc.constant(NaN)), { maxLength: 60 }),
        (losses) => {
          const r = rangeTest(rampLrs(1e-5, 1, losses.length), losses);
          for (const sug of Object.values(r.suggestions)) {
            expect(sug.index).toBeGreaterThanOrEqual(0);
            expect(sug.index).toBeLessThan(r.stop);
            expect(Number.isFinite(sug.lr) && sug.lr > 0).toBe(true);
          }
        },
      ),
    );
  });
});

describe('suggestionSpread', () => {
  const result = (sug: Partial<Record<'steepest' | 'valley', number>>): RangeTestResult => ({
    lrs: [],
    raw: [],
    smoothed: [],
    stop: 0,
    reason: 'end',
    suggestions: Object.fromEntries(
      Object.entries(sug).map(([k, lr]) => [k, { index: 0, lr }]),
    ) as RangeTestResult['suggestions'],
  });

  it('gives min, median and max per kind over the runs that suggested one', () => {
    const spread = suggestionSpread([
      result({ steepest: 1e-1, valley: 1e-3 }),
      result({ steepest: 1e-3, valley: 1e-2 }),
      result({ steepest: 1e-2 }),
      result({ valley: 1e-1 }),
      result({ valley: 1 }),
    ]);
    expect(spread.steepest).toEqual({ min: 1e-3, median: 1e-2, max: 1e-1, count: 3 });
    // Even count: the geometric mean of the middle two, √(1e-2 · 1e-1) = 10^−1.5.
    expect(spread.valley?.min).toBe(1e-3);
    expect(spread.valley?.max).toBe(1);
    expect(spread.valley?.count).toBe(4);
    expect(Math.log10(spread.valley?.median ?? NaN)).toBeCloseTo(-1.5, 12);
    expect(spread.minimumOverTen).toBeUndefined();
  });

  it('is empty for no runs', () => {
    expect(suggestionSpread([])).toEqual({});
  });
});
