import { describe, expect, it } from 'vitest';
import { compareTraces } from '../../src/core/compareTraces';

const traces = () => [Float32Array.from([4, 3.5, 3.25]), Float32Array.from([4, 2, 1, 0.5])];

describe('compareTraces (bit for bit)', () => {
  it('finds identical traces identical and counts their values', () => {
    expect(compareTraces(traces(), traces())).toEqual({ identical: true, values: 7 });
  });

  it('names the first differing run and step and the largest difference', () => {
    const b = traces();
    // One float32 ulp above 2 is 2^-22 (2 = 2^1 with a 23-bit mantissa: 2^(1−23)).
    b[1]![1] = 2 + 2 ** -22;
    // And a larger change later in the same run: |0.5 − 0.75| = 0.25.
    b[1]![3] = 0.75;
    expect(compareTraces(traces(), b)).toEqual({
      identical: false,
      run: 1,
      step: 1,
      maxDiff: 0.25,
      lengthsDiffer: false,
    });
  });

  it('tells a one-ulp difference from none', () => {
    const b = traces();
    b[0]![2] = Math.fround(3.25 - 2 ** -22);
    const c = compareTraces(traces(), b);
    expect(c.identical).toBe(false);
    if (!c.identical) expect(c.maxDiff).toBe(2 ** -22);
  });

  it('compares bits: +0 and −0 differ though they are ==', () => {
    const c = compareTraces([Float64Array.from([0])], [Float64Array.from([-0])]);
    expect(c).toEqual({ identical: false, run: 0, step: 0, maxDiff: 0, lengthsDiffer: false });
  });

  it('reports a run that stopped (diverged) at another step', () => {
    const b = traces();
    b[1] = b[1]!.slice(0, 3);
    expect(compareTraces(traces(), b)).toEqual({
      identical: false,
      run: 1,
      step: 3,
      maxDiff: 0,
      lengthsDiffer: true,
    });
  });

  it('reports a missing run', () => {
    const c = compareTraces(traces(), traces().slice(0, 1));
    expect(c.identical).toBe(false);
    if (!c.identical) expect([c.run, c.lengthsDiffer]).toEqual([1, true]);
  });
});
