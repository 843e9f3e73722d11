import { describe, expect, it } from 'vitest';
import { cutAtNonFinite } from '../../src/core/trajectory';

describe('cutAtNonFinite', () => {
  it('keeps an all-finite trajectory whole, with no nonFiniteAt', () => {
    const losses = Float32Array.from([3, 2, 1]);
    const path = Float32Array.from([-2, -1, 1, 0.5, 0.1, 0]);
    const run = cutAtNonFinite(0.1, losses, path, 2);
    expect(run).toEqual({ lr: 0.1, losses, path });
    expect(run.nonFiniteAt).toBeUndefined();
  });

  it('cuts at the first non-finite loss, whatever kind', () => {
    for (const bad of [Infinity, -Infinity, NaN]) {
      const losses = Float64Array.from([4, 8, 16, bad, 5, NaN]);
      const path = Float64Array.from([1, 2, 3, 4, 5, 6]);
      const run = cutAtNonFinite(3, losses, path, 1);
      expect(run.nonFiniteAt, String(bad)).toBe(3);
      expect(Array.from(run.losses)).toEqual([4, 8, 16]);
      expect(Array.from(run.path)).toEqual([1, 2, 3]);
    }
  });

  it('cuts at the first non-finite parameter even when the loss is still finite', () => {
    // P = 2: step 2's second parameter overflowed; its loss was written as finite.
    const losses = Float32Array.from([1, 2, 3, 4]);
    const path = Float32Array.from([0, 0, 1, 1, 2, Infinity, 3, 3]);
    const run = cutAtNonFinite(1, losses, path, 2);
    expect(run.nonFiniteAt).toBe(2);
    expect(Array.from(run.losses)).toEqual([1, 2]);
    expect(Array.from(run.path)).toEqual([0, 0, 1, 1]);
  });

  it('uses the earlier of a bad loss and a bad parameter', () => {
    const losses = Float32Array.from([1, 2, 3, NaN]);
    const path = Float32Array.from([0, 1, NaN, 3]);
    expect(cutAtNonFinite(1, losses, path, 1).nonFiniteAt).toBe(2);
  });

  it('leaves an empty trajectory when step 0 is already non-finite', () => {
    const run = cutAtNonFinite(1, Float32Array.from([NaN, 1]), Float32Array.from([0, 0]), 1);
    expect(run.nonFiniteAt).toBe(0);
    expect(run.losses).toHaveLength(0);
    expect(run.path).toHaveLength(0);
  });

  it('returns copies, so the caller’s buffers can be reused', () => {
    const losses = Float32Array.from([1, Infinity]);
    const path = Float32Array.from([1, 2]);
    const run = cutAtNonFinite(1, losses, path, 1);
    losses[0] = 99;
    path[0] = 99;
    expect(Array.from(run.losses)).toEqual([1]);
    expect(Array.from(run.path)).toEqual([1]);
  });
});
