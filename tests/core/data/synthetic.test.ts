import { describe, expect, it } from 'vitest';
import { linearData, type LinearDataSpec } from '../../../src/core/data/synthetic';
import { normal, stream } from '../../../src/core/rng';
import { expectClose } from '../../helpers/numeric';

const spec: LinearDataSpec = { w: 2, b: -1, sigma: 0.5, xRange: [-3, 5] };

describe('linearData', () => {
  it('is a one-feature data set with nothing dropped', () => {
    const d = linearData(1, 50, spec);
    expect([d.n, d.f, d.dropped, d.name, d.target]).toEqual([50, 1, 0, 'linear', 'y']);
    expect(d.features).toEqual(['x']);
  });

  it('draws x, then z, sample by sample from the seed’s "data" stream', () => {
    // Sample i: x = lo + (hi − lo)·u (one uniform), z = normal(rng) (two uniforms),
    // y = w·x + b + σ·z; replayed here from the stream itself.
    const rng = stream(42069, 'data');
    const d = linearData(42069, 4, spec);
    for (let i = 0; i < 4; i++) {
      const x = -3 + 8 * rng();
      const z = normal(rng);
      expect(d.x[i]).toBe(x);
      expect(d.y[i]).toBe(2 * x - 1 + 0.5 * z);
    }
  });

  it('puts every sample on the line for σ = 0, inside the range', () => {
    const d = linearData(3, 200, { ...spec, sigma: 0 });
    for (let i = 0; i < d.n; i++) {
      expect(d.y[i]).toBe(2 * d.x[i]! - 1);
      expect(d.x[i]! >= -3 && d.x[i]! <= 5).toBe(true);
    }
  });

  it('keeps the inputs when σ, w or b change, and its first samples when n grows', () => {
    const a = linearData(9, 100, spec);
    expect(linearData(9, 100, { ...spec, sigma: 0, w: -7, b: 3 }).x).toEqual(a.x);
    const longer = linearData(9, 300, spec);
    expect(longer.x.subarray(0, 100)).toEqual(a.x);
    expect(longer.y.subarray(0, 100)).toEqual(a.y);
  });

  it('is reproducible and depends on the seed', () => {
    expect(linearData(5, 100, spec)).toEqual(linearData(5, 100, spec));
    expect(linearData(6, 100, spec).x).not.toEqual(linearData(5, 100, spec).x);
  });

  it('has uniform inputs and N(0, σ²) residuals, statistically', () => {
    // n = 20000: the mean of U[−3, 5] is 1 with standard error 8/√12/√n ≈ 0.016; the residual
    // mean 0 and standard deviation σ = 0.5 have standard errors 0.0035 and 0.0025; bounds ~5 SE.
    const n = 20000;
    const d = linearData(11, n, spec);
    let sx = 0;
    let sr = 0;
    let srr = 0;
    for (let i = 0; i < n; i++) {
      const r = d.y[i]! - (2 * d.x[i]! - 1);
      sx += d.x[i]!;
      sr += r;
      srr += r * r;
    }
    expectClose(sx / n, 1, { rel: 0, abs: 0.08 }, 'mean x');
    expectClose(sr / n, 0, { rel: 0, abs: 0.02 }, 'mean residual');
    expectClose(Math.sqrt(srr / n), 0.5, { rel: 0, abs: 0.0125 }, 'residual σ');
  });

  it('rejects impossible settings', () => {
    expect(() => linearData(1, -1, spec)).toThrow(RangeError);
    expect(() => linearData(1, 2.5, spec)).toThrow(RangeError);
    expect(() => linearData(1, 10, { ...spec, sigma: -1 })).toThrow(RangeError);
    expect(() => linearData(1, 10, { ...spec, xRange: [1, 1] })).toThrow(RangeError);
    expect(() => linearData(1, 10, { ...spec, xRange: [0, Infinity] })).toThrow(RangeError);
    expect(() => linearData(1, 10, { ...spec, w: NaN })).toThrow(RangeError);
    expect(linearData(1, 0, spec).n).toBe(0);
  });
});
