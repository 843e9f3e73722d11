import { describe, expect, it } from 'vitest';
import { gradientNoise } from '../../src/core/noise';
import { normal, stream } from '../../src/core/rng';

describe('gradientNoise', () => {
  it('has one row of P numbers per step', () => {
    expect(gradientNoise(1, 60, 1, 0.5)).toHaveLength(60);
    expect(gradientNoise(1, 60, 2, 0.5)).toHaveLength(120);
    expect(gradientNoise(1, 0, 2, 0.5)).toHaveLength(0);
  });

  it('is all zeros for σ = 0', () => {
    const z = gradientNoise(42069, 200, 2, 0);
    expect(z).toHaveLength(400);
    expect(z.every((x) => x === 0)).toBe(true);
  });

  it('is σ times standard normals from the seed’s "gradient-noise" stream, in order', () => {
    // Entry i is σ·normal(rng) for the i-th draw of stream(seed, 'gradient-noise').
    const rng = stream(42069, 'gradient-noise');
    const expected = Array.from({ length: 10 }, () => 0.5 * normal(rng));
    expect(Array.from(gradientNoise(42069, 5, 2, 0.5))).toEqual(expected);
  });

  it('pins the first draws of seed 42069', () => {
    // Pasted once from this implementation (Box–Muller over the pinned Alea stream): a change of
    // the normal sampler or of the stream would change every noisy shared run.
    expect(Array.from(gradientNoise(42069, 2, 1, 1))).toEqual([
      0.9592932489474956, -0.5750278502043216,
    ]);
  });

  it('is reproducible and depends on the seed', () => {
    const a = gradientNoise(3, 100, 2, 1);
    expect(gradientNoise(3, 100, 2, 1)).toEqual(a);
    expect(gradientNoise(4, 100, 2, 1)).not.toEqual(a);
  });

  it('scales exactly with σ', () => {
    // Multiplying by a power of two is exact in floating point.
    const one = gradientNoise(9, 50, 2, 1);
    const four = gradientNoise(9, 50, 2, 4);
    expect(Array.from(four)).toEqual(Array.from(one, (x) => 4 * x));
  });

  it('gives the first steps the same noise whatever the number of steps', () => {
    // Changing the step budget must not change the beginning of a noisy run.
    const short = gradientNoise(42069, 30, 2, 0.5);
    const long = gradientNoise(42069, 200, 2, 0.5);
    expect(long.subarray(0, short.length)).toEqual(short);
  });
});
