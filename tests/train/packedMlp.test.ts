import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIMIZER, OPTIMIZERS } from '../../src/core/optimizers';
import { carryLayout, packedChunk } from '../../src/train/fused/packedMlp';

/**
 * The packed carry of the WebGPU network step (src/train/fused/packedMlp.ts): the WGSL itself is
 * checked in Chromium against the cpu kernel (tests/e2e/fused.spec.ts); here the bookkeeping that
 * decides where each number lives and how long a chunk may be.
 */
describe('the packed carry', () => {
  it('gives each part its own span, in the documented order', () => {
    // P = 10, Adam (2 states), validation with early stopping, chunk 8, θ every 3rd step:
    // θ [0, 10) | m [10, 20) | v [20, 30) | best θ [30, 40), best 40, since 41 | losses [42, 50) |
    // validation [50, 58) | θ rows: ⌊7/3⌋ + 1 = 3 of 10 → [58, 88).
    const c = carryLayout(
      10,
      { ...DEFAULT_OPTIMIZER, optimizer: 'adam' },
      {
        val: true,
        track: true,
        chunk: 8,
        every: 3,
      },
    );
    expect(c).toMatchObject({
      nState: 2,
      bestTheta: 30,
      lossRec: 42,
      valRec: 50,
      thetaRec: 58,
      thetaSlots: 3,
      Q: 88,
    });
    // Plain descent without validation: θ, then the losses and θ rows only.
    const plain = carryLayout(10, DEFAULT_OPTIMIZER, {
      val: false,
      track: false,
      chunk: 8,
      every: 1,
    });
    expect(plain).toMatchObject({ nState: 0, lossRec: 10, thetaRec: 18, thetaSlots: 8, Q: 98 });
  });

  it('has room for every θ a chunk records, wherever the chunk starts', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 0, max: 5000 }),
        (chunk, every, t0) => {
          const { thetaSlots } = carryLayout(3, DEFAULT_OPTIMIZER, {
            val: false,
            track: false,
            chunk,
            every,
          });
          // Count the recorded steps (multiples of `every`) in [t0, t0 + chunk) one by one.
          let recorded = 0;
          for (let t = t0; t < t0 + chunk; t++) if (t % every === 0) recorded++;
          expect(recorded).toBeLessThanOrEqual(thetaSlots);
        },
      ),
    );
  });

  it('shortens the chunk until K carries fit the budget', () => {
    for (const optimizer of OPTIMIZERS) {
      const spec = { ...DEFAULT_OPTIMIZER, optimizer };
      for (const [P, K] of [
        [97, 4],
        [97, 256],
        [2353, 256],
      ] as const) {
        const opts = { K, val: true, track: true, every: 1, wanted: 64 };
        const chunk = packedChunk(P, spec, opts);
        const bytes = (c: number) => K * carryLayout(P, spec, { ...opts, chunk: c }).Q * 4;
        expect(chunk).toBeGreaterThanOrEqual(1);
        expect(chunk).toBeLessThanOrEqual(64);
        // Within the budget, unless even one step per chunk is over it; and the next longer
        // chunk tried (twice as long) would not fit.
        if (chunk > 1) expect(bytes(chunk)).toBeLessThanOrEqual(32 * 2 ** 20);
        if (chunk < 64) expect(bytes(chunk * 2)).toBeGreaterThan(32 * 2 ** 20);
      }
    }
    // A small network with a classroom's K keeps the requested 64 steps: plain descent with
    // validation, Q = 97 + 97 + 2 + 64 + 64 + 64·97 = 6532 floats, 4 runs ≈ 0.1 MB.
    expect(
      packedChunk(97, DEFAULT_OPTIMIZER, { K: 4, val: true, track: true, every: 1, wanted: 64 }),
    ).toBe(64);
  });
});
