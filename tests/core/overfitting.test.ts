import { describe, expect, it } from 'vitest';
import { OVERFIT_GL, OVERFIT_WINDOW, overfitting } from '../../src/core/overfitting';

/**
 * Overfitting as src/core/overfitting.ts reads it: Prechelt's generalization loss on means of the
 * validation loss over w = ⌈(T + 1)·5 %⌉ steps, GL = 100·(V̄(T)/V̄(b) − 1) > 10 with b the lowest
 * mean's step, b ≤ T − w, and the training loss lower at T than at b. The curves are closed forms
 * whose means, minimum and GL follow by hand; here T = 100, so w = ⌈5.05⌉ = 6.
 */
describe('overfitting', () => {
  const T = 100;
  const curve = (f: (t: number) => number) => Float64Array.from({ length: T + 1 }, (_, t) => f(t));
  /** Training loss falling as e^(−t/10): lower at every later step. */
  const falling = (t: number) => Math.exp(-t / 10);
  const flat = () => 1;

  it('uses 5 % of the run per mean and a 10 % rise', () => {
    expect(OVERFIT_WINDOW).toBe(0.05);
    expect(OVERFIT_GL).toBe(10);
  });

  it('says where the validation loss was lowest and where it ended, when it turned up', () => {
    // v(t) = 1 + (t − 20)²/400: lowest at t = 20 (1), 17 at t = 100. Its 6-step means are lowest
    // for the windows 17…22 and 18…23 (Σ offset² = 19 both), V̄ = 1 + 19/2400; V̄(100) =
    // 1 + (75² + … + 80²)/2400 = 16.02: GL ≈ 1490 > 10, and e^(−10) < e^(−2.2).
    const turning = curve((t) => 1 + (t - 20) ** 2 / 400);
    expect(overfitting(turning, falling)).toEqual({
      bestStep: 20,
      bestLoss: 1,
      endStep: 100,
      endLoss: 17,
    });
  });

  it('needs the last stretch more than 10 % above the lowest: 12.5 % is, 6.25 % is not', () => {
    // 1 up to step 80, then r: the lowest mean is 1 (from step 5 on), the last one r (steps 95…100),
    // so GL = 100·(r − 1). Binary fractions, so the ratios are exact.
    const stepUp = (r: number) => curve((t) => (t <= 80 ? 1 : r));
    expect(overfitting(stepUp(1.125), falling)?.endLoss).toBe(1.125);
    expect(overfitting(stepUp(1.0625), falling)).toBeUndefined();
  });

  it('is not fooled by a minibatch’s noise on a curve that still falls', () => {
    // v(t) = (1 + 0.15·(−1)^t)/(1 + t/50): single steps jump by ±15 %, the raw end lies 34 % above
    // the raw minimum (step 99), but every 6-step mean holds 3 even and 3 odd steps and falls with
    // 1/(1 + t/50) (the alternating part, 0.15·Σ of 3 one-step differences / 6 ≈ 2e-4, is ten
    // times smaller than one step's fall, ≈ 2e-3): the lowest mean is the last one.
    const noisy = curve((t) => (1 + 0.15 * (-1) ** t) / (1 + t / 50));
    const rawMin = Math.min(...noisy);
    expect(
      100 * (noisy[T]! / rawMin - 1),
      'a single-step reading says overfitting',
    ).toBeGreaterThan(OVERFIT_GL);
    expect(overfitting(noisy, falling)).toBeUndefined();
  });

  it('is not fooled by a jump in the last few steps', () => {
    // 1/(1 + t/50), ×1.3 for the last 3 steps: the last mean is 12.5 % above the lowest, but
    // the lowest mean ends at step 97, inside the last stretch (97 > T − w = 94).
    const blip = curve((t) => (t > 97 ? 1.3 : 1) / (1 + t / 50));
    expect(overfitting(blip, falling)).toBeUndefined();
  });

  it('is not overfitting when the training loss did not fall after the lowest stretch', () => {
    const turning = curve((t) => 1 + (t - 20) ** 2 / 400);
    expect(overfitting(turning, flat)).toBeUndefined();
    expect(overfitting(turning, (t) => 1 + t)).toBeUndefined();
  });

  it('says nothing where a loss it needs is missing or not finite, or the run is too short', () => {
    const turning = curve((t) => 1 + (t - 20) ** 2 / 400);
    expect(overfitting(turning, (t) => (t === T ? undefined : 1))).toBeUndefined();
    expect(overfitting(turning, (t) => (t === T ? Number.NaN : 1))).toBeUndefined();
    const diverged = Float64Array.from(turning);
    diverged[T] = Infinity;
    expect(overfitting(diverged, falling)).toBeUndefined();
    // Two 1-step means need at least 3 steps: 0, 1 → too short.
    expect(overfitting(Float64Array.of(1, 2), falling)).toBeUndefined();
    expect(overfitting(new Float64Array(0), falling)).toBeUndefined();
  });
});
