import { describe, expect, it } from 'vitest';
import { loadCars } from '../../../src/core/data/cars';
import { splitIndices } from '../../../src/core/data/split';
import {
  fitStandardizer,
  fitTargetScaler,
  scaleTarget,
  standardize,
  unscaleTarget,
} from '../../../src/core/data/standardize';
import { expectClose } from '../../helpers/numeric';

describe('fitStandardizer', () => {
  it('uses the population (n) denominator', () => {
    // Column [1, 3]: mean 2, Σ(x − 2)² = 2, σ = √(2/2) = 1 (the n − 1 form would give √2).
    const s = fitStandardizer(Float64Array.from([1, 3]), 1, Int32Array.from([0, 1]));
    expect(Array.from(s.mean)).toEqual([2]);
    expect(Array.from(s.std)).toEqual([1]);
  });

  it('fits per feature on the given rows only', () => {
    // 2 features, rows 0…3; fitted on rows 1 and 3: feature 0 {2, 6} → μ 4, σ 2;
    // feature 1 {10, 10} → constant → σ 1. Rows 0 and 2 (1e9) must not matter.
    const x = Float64Array.from([1e9, -1e9, 2, 10, 1e9, 1e9, 6, 10]);
    const s = fitStandardizer(x, 2, Int32Array.from([1, 3]));
    expect(Array.from(s.mean)).toEqual([4, 10]);
    expect(Array.from(s.std)).toEqual([2, 1]);
  });

  it('treats a constant column as σ = 1 even when its mean is not exact', () => {
    // 0.1 + 0.1 + 0.1 = 0.30000000000000004 in float64, /3 = 0.10000000000000002 ≠ 0.1, so the
    // deviations are about 1.4e-17 rather than 0: without the guard they would be magnified to ±1.
    const x = Float64Array.from([0.1, 0.1, 0.1]);
    const s = fitStandardizer(x, 1, Int32Array.from([0, 1, 2]));
    expect(s.std[0]).toBe(1);
    expect(Array.from(standardize(x, 1, s)).every((v) => Math.abs(v) < 1e-15)).toBe(true);
    expect(fitStandardizer(new Float64Array(3), 1, Int32Array.from([0, 1, 2])).std[0]).toBe(1);
  });

  it('rejects no rows, rows outside the data and a width that does not divide x', () => {
    const x = new Float64Array(6);
    expect(() => fitStandardizer(x, 2, new Int32Array(0))).toThrow(RangeError);
    expect(() => fitStandardizer(x, 2, Int32Array.from([3]))).toThrow(RangeError);
    expect(() => fitStandardizer(x, 4, Int32Array.from([0]))).toThrow(RangeError);
  });
});

describe('no leakage: statistics from the training split only', () => {
  it('on cars: validation and test rows made extreme outliers change nothing', async () => {
    const cars = loadCars();
    const { f } = cars;
    const split = splitIndices(cars.n, { train: 0.7, val: 0.15, test: 0.15 }, 42069);
    const held = [...split.val, ...split.test];
    // Poison every held-out value: a fit that reads any of them moves by ~1e12/392 at least.
    const poisoned = cars.x.slice();
    for (const i of held) poisoned.fill(1e12, i * f, (i + 1) * f);
    const s = fitStandardizer(poisoned, f, split.train);

    // Independently: each feature's training values, summed with a different formula,
    // σ² = E[x²] − μ² (fine here: no cancellation at these magnitudes, tolerance 1e-9).
    for (let j = 0; j < f; j++) {
      const v = Array.from(split.train, (i) => cars.x[i * f + j]!);
      const mu = v.reduce((a, b) => a + b, 0) / v.length;
      const sd = Math.sqrt(v.reduce((a, b) => a + b * b, 0) / v.length - mu * mu);
      expectClose(s.mean[j]!, mu, { rel: 1e-12 }, `${cars.features[j]} mean`);
      expectClose(s.std[j]!, sd, { rel: 1e-9 }, `${cars.features[j]} std`);
    }
    // Bit for bit the same as the fit on the clean data: the held-out rows were never read.
    const clean = fitStandardizer(cars.x, f, split.train);
    expect(s).toEqual(clean);
    // The test would catch a fit on all rows: that one is a factor ~1e8 off.
    const all = Int32Array.from({ length: cars.n }, (_, i) => i);
    expect(fitStandardizer(poisoned, f, all).mean[0]!).toBeGreaterThan(1e10);
  });

  it('the training rows come out with mean 0 and σ 1; other rows use the same μ, σ', async () => {
    const cars = loadCars();
    const { f } = cars;
    const split = splitIndices(cars.n, { train: 0.7, val: 0.15, test: 0.15 }, 1);
    const s = fitStandardizer(cars.x, f, split.train);
    const z = standardize(cars.x, f, s);
    const again = fitStandardizer(z, f, split.train);
    for (let j = 0; j < f; j++) {
      expectClose(again.mean[j]!, 0, { rel: 0, abs: 1e-13 }, `mean ${j}`);
      expectClose(again.std[j]!, 1, { rel: 1e-13 }, `std ${j}`);
    }
    const i = split.test[0]!;
    expect(z[i * f]).toBe((cars.x[i * f]! - s.mean[0]!) / s.std[0]!);
  });

  it('the target scaler too, with an exact round trip back to mpg', () => {
    // y = [2, 4, 100, 6]; fitted on rows 0, 1, 3: μ = 4, σ = √((4 + 0 + 4)/3) = √(8/3).
    const y = Float64Array.from([2, 4, 100, 6]);
    const s = fitTargetScaler(y, Int32Array.from([0, 1, 3]));
    expect(s.mean).toBe(4);
    expectClose(s.std, Math.sqrt(8 / 3), { rel: 1e-15 });
    const z = scaleTarget(y, s);
    expect(z[1]).toBe(0);
    for (let i = 0; i < 4; i++) expectClose(unscaleTarget(z[i]!, s), y[i]!, { rel: 1e-15 });
    expect(() => fitTargetScaler(y, Int32Array.from([4]))).toThrow(RangeError);
  });
});

describe('standardize', () => {
  it('maps every row with the given statistics, into a new array', () => {
    const x = Float64Array.from([1, 10, 3, 30]);
    const s = { mean: Float64Array.from([2, 20]), std: Float64Array.from([1, 10]) };
    const z = standardize(x, 2, s);
    expect(Array.from(z)).toEqual([-1, -1, 1, 1]);
    expect(Array.from(x)).toEqual([1, 10, 3, 30]);
    expect(() => standardize(x, 4, s)).toThrow(RangeError);
  });
});
