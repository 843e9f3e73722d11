import { describe, expect, it } from 'vitest';
import { normal, stream, STREAMS, type Rng } from '../../src/core/rng';

const draw = (rng: Rng, n: number) => Array.from({ length: n }, () => rng());

describe('stream', () => {
  it('pins the first numbers of seed 42069 / "init"', () => {
    // Computed once from seedrandom 3.0.5's Alea keyed "42069/init" and pasted here. They pin the
    // Alea stream itself: a seedrandom upgrade that changes Alea, or a change of the key format
    // ("<seed>/<name>"), changes every shared link's start point and must be caught here.
    expect(draw(stream(42069, 'init'), 4)).toEqual([
      0.5253769997507334, 0.43162533338181674, 0.1969394818879664, 0.022773796692490578,
    ]);
  });

  it('gives the same sequence for the same seed and name', () => {
    expect(draw(stream(7, 'data'), 50)).toEqual(draw(stream(7, 'data'), 50));
  });

  it('seed 0 is an ordinary seed (tfjs would treat it as "unseeded")', () => {
    // Unseeded would mean a different sequence on every call.
    const a = draw(stream(0, 'init'), 20);
    expect(draw(stream(0, 'init'), 20)).toEqual(a);
    expect(draw(stream(1, 'init'), 20)).not.toEqual(a);
    expect(a.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('gives each purpose its own sequence', () => {
    const seqs = STREAMS.map((name) => draw(stream(42069, name), 10));
    for (let i = 0; i < seqs.length; i++) {
      for (let j = i + 1; j < seqs.length; j++) {
        expect(seqs[i], `${STREAMS[i]} vs ${STREAMS[j]}`).not.toEqual(seqs[j]);
      }
    }
  });

  it('drawing from one purpose never shifts another', () => {
    const noiseAlone = draw(stream(5, 'gradient-noise'), 10);
    const init = stream(5, 'init');
    const noise = stream(5, 'gradient-noise');
    draw(init, 1000);
    expect(draw(noise, 10)).toEqual(noiseAlone);
  });

  it('different seeds give different sequences', () => {
    const a = draw(stream(42069, 'init'), 10);
    expect(draw(stream(42070, 'init'), 10)).not.toEqual(a);
  });
});

describe('normal', () => {
  it('uses exactly two uniforms per draw, by Box–Muller', () => {
    // z = √(−2 ln(1 − u₁))·cos(2π u₂) with u₁, u₂ the next two uniforms of the stream.
    const rng = stream(42069, 'gradient-noise');
    const uniforms = draw(stream(42069, 'gradient-noise'), 6);
    for (let i = 0; i < 3; i++) {
      const u1 = uniforms[2 * i] ?? NaN;
      const u2 = uniforms[2 * i + 1] ?? NaN;
      const z = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
      expect(normal(rng)).toBe(z);
    }
  });

  it('stays finite at the ends of the uniform range', () => {
    // A source returning 0 gives u₁ = 1: z = ±0 (√(−0) is −0), not −∞ from ln 0.
    expect(Math.abs(normal(() => 0))).toBe(0);
    const nearOne = 1 - 2 ** -53;
    expect(Number.isFinite(normal(() => nearOne))).toBe(true);
  });

  it('has mean ≈ 0 and variance ≈ 1 over 20000 draws', () => {
    // For n = 20000 i.i.d. N(0, 1) draws the sample mean has standard deviation 1/√n ≈ 0.0071 and
    // the sample variance has standard deviation √(2/n) = 0.01 (fourth moment 3). The bounds are
    // 5 standard deviations: a correct generator fails them with probability < 1e-6, while a
    // biased one (e.g. a missing factor 2 in −2 ln u, variance 0.5) fails by 50 deviations.
    // The stream is seeded, so the outcome is fixed; the width says why the seed is not lucky.
    const n = 20000;
    const rng = stream(42069, 'gradient-noise');
    const xs = Array.from({ length: n }, () => normal(rng));
    const mean = xs.reduce((s, x) => s + x, 0) / n;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1);
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    expect(xs.every(Number.isFinite)).toBe(true);
  });
});
