import { describe, expect, it } from 'vitest';
import { OVERFIT_GL, overfitting } from '../../src/core/overfitting';

/**
 * Overfitting as Prechelt's generalization loss reads it (src/core/overfitting.ts): GL(T) =
 * 100·(E_va(T)/E_opt − 1) above OVERFIT_GL = 10 percent, with the training loss lower at T than at
 * the validation minimum. The curves are closed forms whose minimum, end and GL follow by hand.
 */
describe('overfitting', () => {
  const T = 100;
  /** Training loss falling as e^(−t/10): lower at every later step. */
  const train = (t: number) => Math.exp(-t / 10);
  /** A validation curve 1 + (t − 20)²/400 (t = 0 … T): lowest at t = 20 (1), 17 at t = 100. */
  const turning = Float64Array.from({ length: T + 1 }, (_, t) => 1 + (t - 20) ** 2 / 400);

  it('says where the validation loss was lowest and where it ended, when it turned up', () => {
    // GL(100) = 100·(17/1 − 1) = 1600 > 10, and e^(−10) < e^(−2).
    expect(overfitting(turning, 20, train(20), train(T))).toEqual({
      bestStep: 20,
      bestLoss: 1,
      endStep: 100,
      endLoss: 17,
    });
  });

  it('needs the rise to exceed the threshold: 12.5 % does, 6.25 % does not', () => {
    expect(OVERFIT_GL).toBe(10);
    // Binary fractions, so the ratios are exact: 0.3125/0.25 = 1.125, 0.265625/0.25 = 1.0625.
    const ending = (end: number) => Float64Array.of(0.5, 0.25, 0.26, end);
    expect(overfitting(ending(0.3125), 1, 2, 1)?.endLoss).toBe(0.3125);
    expect(overfitting(ending(0.265625), 1, 2, 1)).toBeUndefined();
  });

  it('is not overfitting when the training loss did not fall after the validation minimum', () => {
    // Both losses rising (a step too large, say): the same validation curve, training flat or up.
    expect(overfitting(turning, 20, train(20), train(20))).toBeUndefined();
    expect(overfitting(turning, 20, train(T), train(20))).toBeUndefined();
  });

  it('is not overfitting while the validation loss is still at its lowest at the end', () => {
    const falling = Float64Array.from({ length: T + 1 }, (_, t) => 1 / (1 + t));
    expect(overfitting(falling, T, train(T), train(T))).toBeUndefined();
  });

  it('says nothing where a loss it needs is missing or not finite', () => {
    expect(overfitting(turning, 20, undefined, train(T))).toBeUndefined();
    expect(overfitting(turning, 20, train(20), Number.NaN)).toBeUndefined();
    expect(overfitting(Float64Array.of(1, 0.5, Infinity), 1, 2, 1)).toBeUndefined();
    expect(overfitting(Float64Array.of(1, 0, 1), 1, 2, 1)).toBeUndefined();
    expect(overfitting(new Float64Array(0), 0, 1, 1)).toBeUndefined();
  });
});
