import { describe, expect, it } from 'vitest';
import { makeDataset, takeRows } from '../../../src/core/data/dataset';

// 3 samples of 2 features: sample i is (10i, 10i + 1) with target i.
const small = () =>
  makeDataset({
    name: 'small',
    features: ['a', 'b'],
    target: 't',
    x: Float64Array.from([0, 1, 10, 11, 20, 21]),
    y: Float64Array.from([0, 1, 2]),
    dropped: 4,
  });

describe('makeDataset', () => {
  it('derives n and f from the arrays', () => {
    const d = small();
    expect([d.n, d.f, d.dropped]).toEqual([3, 2, 4]);
    expect(d.features).toEqual(['a', 'b']);
  });

  it('rejects arrays that are not n×f and n', () => {
    const parts = { name: 'bad', features: ['a', 'b'], target: 't' };
    expect(() => makeDataset({ ...parts, x: new Float64Array(5), y: new Float64Array(3) })).toThrow(
      RangeError,
    );
    expect(() =>
      makeDataset({ ...parts, features: [], x: new Float64Array(0), y: new Float64Array(0) }),
    ).toThrow(RangeError);
    expect(() =>
      makeDataset({ ...parts, x: new Float64Array(6), y: new Float64Array(3), dropped: -1 }),
    ).toThrow(RangeError);
  });
});

describe('takeRows', () => {
  it('copies the chosen samples in the given order, repeats allowed', () => {
    const d = small();
    const t = takeRows(d, Int32Array.from([2, 0, 2]));
    expect([t.n, t.f, t.dropped, t.name]).toEqual([3, 2, 4, 'small']);
    expect(Array.from(t.x)).toEqual([20, 21, 0, 1, 20, 21]);
    expect(Array.from(t.y)).toEqual([2, 0, 2]);
    // A copy: writing to it leaves the source alone.
    t.x[0] = -1;
    expect(d.x[4]).toBe(20);
  });

  it('gives an empty set for no rows and throws for rows outside the data', () => {
    expect(takeRows(small(), []).n).toBe(0);
    expect(() => takeRows(small(), [3])).toThrow(RangeError);
    expect(() => takeRows(small(), [-1])).toThrow(RangeError);
    expect(() => takeRows(small(), [0.5])).toThrow(RangeError);
  });
});
