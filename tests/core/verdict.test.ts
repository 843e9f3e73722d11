import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quadraticScene } from '../../src/core/scenes/quadratic';
import { cutAtNonFinite } from '../../src/core/trajectory';
import {
  GROWTH_MIN,
  OVERSHOOT_TOLERANCE,
  REACHED_FRACTION,
  verdictOf,
} from '../../src/core/verdict';
import { geometricPath, parabolaScene, traceOf } from '../helpers/traces';

// Hand-made traces, one per rule of verdictOf's JSDoc. Most are exact gradient-descent runs on the
// parabola L = w²/2 (helpers/traces.ts): w_t = w0·(1 − η)^t, so e_t = e0·(1 − η)^{2t}.
const parabola = parabolaScene();
const W0 = -4; // e0 = 8, OVERSHOOT_TOLERANCE·|w0 − w*| = 4e-3.

const gdRun = (lr: number, steps: number, w0 = W0) =>
  traceOf(parabola, lr, geometricPath(w0, 1 - lr, steps));

describe('rule 1: diverged', () => {
  it('a non-finite loss at step k is "diverged at step k"', () => {
    const losses = Float64Array.from([8, 9, 20, 50, 1e10, 1e200, 1e300, Infinity, NaN]);
    const path = Float64Array.from([-4, 4.2, -6.3, 10, -1e5, 1e100, -1e150, -Infinity, NaN]);
    const run = cutAtNonFinite(8, losses, path, 1);
    expect(verdictOf(run, parabola)).toEqual({ kind: 'diverged', divergedAt: 7 });
  });

  it('a non-finite parameter with a finite loss also counts, at its own step', () => {
    const losses = Float64Array.from([8, 2, 1, 0.5]);
    const path = Float64Array.from([-4, -2, NaN, -1]);
    expect(verdictOf(cutAtNonFinite(1, losses, path, 1), parabola)).toEqual({
      kind: 'diverged',
      divergedAt: 2,
    });
  });

  it('a run non-finite from the start diverged at step 0', () => {
    const run = cutAtNonFinite(1, Float64Array.from([NaN]), Float64Array.from([NaN]), 1);
    expect(verdictOf(run, parabola)).toEqual({ kind: 'diverged', divergedAt: 0 });
  });

  it('η = 2.1 on the parabola grows by (1.1)² per step: diverged at step 1', () => {
    // e_t = 8·1.21^t > e0 from t = 1 on, and grows by 1.21^10 ≈ 6.7 over the window.
    expect(verdictOf(gdRun(2.1, 60), parabola)).toEqual({ kind: 'diverged', divergedAt: 1 });
  });

  it('is dated at the step after which the excess stays above the start, not the first excursion', () => {
    // Dips, pokes above e0 = 4 at step 6, dips back below at step 7, then climbs for good from step 8.
    const e = [4, 3, 2, 1, 2, 3, 5, 3.9, 6, 8, 10, 12, 14, 16, 18, 20];
    const path = e.map((x, t) => (t % 2 ? 1 : -1) * Math.sqrt(2 * x));
    const run = traceOf(parabola, 1, path);
    // Growth test: T = 15, window 10: mean(e15, e14) = 19 > mean(e5, e4) = 2.5.
    expect(verdictOf(run, parabola)).toEqual({ kind: 'diverged', divergedAt: 8 });
  });

  it('a barely unstable rate (η = 2.01) still counts once the loss is above the start and growing', () => {
    // |1 − η| = 1.01: e_t = e0·1.01^{2t}; growth over 10 steps 1.01^20 ≈ 1.22 ≫ 1 + GROWTH_MIN.
    expect(verdictOf(gdRun(2.01, 60), parabola)).toEqual({ kind: 'diverged', divergedAt: 1 });
  });

  it('growth that stays below the start is not divergence', () => {
    // From −4 down to −0.1 and back up to −3 without crossing 0: still growing at the end
    // (mean(e10, e9) ≈ 3.5 > mean(e2, e1) = 1.25) but e_T = 4.5 < e0 = 8.
    const path = [-4, -2, -1, -0.5, -0.2, -0.1, -0.3, -0.8, -1.5, -2.2, -3];
    expect(verdictOf(traceOf(parabola, 1, path), parabola)).toEqual({ kind: 'too-small' });
  });
});

describe('rule 2: too large', () => {
  it('a flat 2-cycle below the start is too-large stalled', () => {
    // −4, then ±1.5 for ever: the bounce between the walls; e = 1.125 ≫ 1%·8.
    const path = [-4, ...Array.from({ length: 60 }, (_, t) => (t % 2 ? -1.5 : 1.5))];
    expect(verdictOf(traceOf(parabola, 3, path), parabola)).toEqual({
      kind: 'too-large',
      detail: 'stalled',
    });
  });

  it('a flat 2-cycle above the start is too-large stalled, not diverged', () => {
    // Thrown from −1 (e0 = 0.5) onto a bounce ±3 (e = 4.5 > e0): above the start but not growing.
    const path = [-1, ...Array.from({ length: 60 }, (_, t) => (t % 2 ? -3 : 3))];
    expect(verdictOf(traceOf(parabola, 3, path), parabola)).toEqual({
      kind: 'too-large',
      detail: 'stalled',
    });
  });

  it('an asymmetric 2-cycle above the start is not growth, whatever the parity of T', () => {
    // Losses alternate 4.5 and 2 (w = +3, −2): the window compares like phases with like. For T ≥ 12
    // the earlier window (steps T − 11, T − 10) no longer reaches back to step 0.
    for (let T = 12; T <= 61; T++) {
      const path = [-1, ...Array.from({ length: T }, (_, t) => (t % 2 ? -2 : 3))];
      expect(verdictOf(traceOf(parabola, 3, path), parabola), `T = ${T}`).toEqual({
        kind: 'too-large',
        detail: 'stalled',
      });
    }
  });

  it('a 2-cycle that drifts by rounding (well under GROWTH_MIN per window) is not growth', () => {
    // |w| grows by (1 + 1e-7) per step: the excess grows by ≈ 2e-6 over 10 steps ≪ GROWTH_MIN = 1e-3.
    const drift = 1e-7;
    expect(2 * 10 * drift).toBeLessThan(GROWTH_MIN);
    const path = [-1, ...Array.from({ length: 60 }, (_, t) => (t % 2 ? -3 : 3) * (1 + drift) ** t)];
    expect(verdictOf(traceOf(parabola, 3, path), parabola).kind).toBe('too-large');
  });

  it('an overshoot that converges is too-large oscillating', () => {
    // η = 1.5: w_t = −4·(−0.5)^t flips sign every step; e_60 = 8·0.25^60 ≈ 0.
    expect(verdictOf(gdRun(1.5, 60), parabola)).toEqual({
      kind: 'too-large',
      detail: 'oscillating',
    });
  });

  it('sign flips smaller than the tolerance are rounding, not overshoot', () => {
    // Converges monotonically to 1e-3 from −4, then jitters around 0. The tolerance is
    // OVERSHOOT_TOLERANCE·|w0| = 4e-3; a jitter of ±2e-3 is below it, ±8e-3 above it.
    const tol = OVERSHOOT_TOLERANCE * Math.abs(W0);
    const approach = geometricPath(W0, 0.5, 12); // ends at −4/4096 ≈ −9.8e-4
    const jitter = (a: number) => Array.from({ length: 20 }, (_, t) => (t % 2 ? -a : a));
    const small = traceOf(parabola, 0.5, [...approach, ...jitter(tol / 2)]);
    const large = traceOf(parabola, 0.5, [...approach, ...jitter(tol * 2)]);
    expect(verdictOf(small, parabola)).toEqual({ kind: 'just-right' });
    expect(verdictOf(large, parabola)).toEqual({ kind: 'too-large', detail: 'oscillating' });
  });

  it('a flip within the tolerance is not overshoot; a smooth crossing that swings far is', () => {
    // tol = 1e-3·|w0| = 4e-3. −4 → −1 → +1e-3 → …: the far side is 1e-3 < tol, so no overshoot.
    const landing = traceOf(parabola, 0.9, [-4, -1, 1e-3, 1e-4, 1e-5]);
    expect(verdictOf(landing, parabola)).toEqual({ kind: 'just-right' });
    // −4 → −1e-3 → +0.01 → +0.012 → …: crosses within the tolerance and swings to 3·tol (below
    // SMOOTH_SWING·tol = 1.6e-2): no overshoot.
    const grazing = traceOf(parabola, 0.9, [-4, -1e-3, 0.01, 0.012, 1e-3, 1e-4]);
    expect(verdictOf(grazing, parabola)).toEqual({ kind: 'just-right' });
    // −4 → −1e-3 → +0.5 → …: the same crossing, but the swing 0.5 is far past SMOOTH_SWING·tol.
    const leaving = traceOf(parabola, 0.9, [-4, -1e-3, 0.5, 1e-2, 1e-3]);
    expect(verdictOf(leaving, parabola)).toEqual({ kind: 'too-large', detail: 'oscillating' });
  });

  it('in 2-D only a sign change along the sharp direction is overshoot', () => {
    // The bowl's eigenvectors: u (sharp, λ = 1) at 30°, v (flat, λ = 1/κ) perpendicular. Paths
    // θ_t = a_t·u + b_t·v with one coordinate flipping sign each step and the other not.
    const bowl = quadraticScene(10);
    const [ux = NaN, uy = NaN] = bowl.minima[0]!.sharpDirection;
    const path = (a: number[], b: number[]) =>
      a.flatMap((at, t) => [at * ux - (b[t] ?? NaN) * uy, at * uy + (b[t] ?? NaN) * ux]);
    const monotone = geometricPath(-2, 0.5, 60);
    const flipping = geometricPath(-2, -0.5, 60);
    expect(verdictOf(traceOf(bowl, 1, path(monotone, flipping)), bowl).kind).toBe('just-right');
    expect(verdictOf(traceOf(bowl, 1, path(flipping, monotone)), bowl)).toEqual({
      kind: 'too-large',
      detail: 'oscillating',
    });
  });
});

describe('rules 3 and 4: just right, too small', () => {
  it('monotone and reaching the bottom is just-right', () => {
    // η = 0.5: e_60 = 8·0.25^60 ≪ 1%·8.
    expect(verdictOf(gdRun(0.5, 60), parabola)).toEqual({ kind: 'just-right' });
  });

  it('monotone but not reaching the bottom is too-small', () => {
    // η = 0.01: e_60/e0 = 0.99^120 ≈ 0.30 > 1%.
    expect(verdictOf(gdRun(0.01, 60), parabola)).toEqual({ kind: 'too-small' });
  });

  it('"reached" means an excess of at most REACHED_FRACTION of the start excess', () => {
    // Monotone runs ending at 0.99% and 1.01% of e0 = 8 (paths w = −√(2e)).
    const ending = (fraction: number) => {
      const e = [8, 4, 1, 0.5, 0.2, fraction * 8];
      return traceOf(
        parabola,
        0.5,
        e.map((x) => -Math.sqrt(2 * x)),
      );
    };
    expect(REACHED_FRACTION).toBe(0.01);
    expect(verdictOf(ending(0.0099), parabola)).toEqual({ kind: 'just-right' });
    expect(verdictOf(ending(0.0101), parabola)).toEqual({ kind: 'too-small' });
  });

  it('measures the excess over the scene’s minimum loss, not the raw loss', () => {
    // Floor 100: the raw loss goes from 108 to ≈ 100 (never near 1% of 108), yet the excess
    // falls from 8 to 8·0.25^60: the run reached the bottom.
    const floored = parabolaScene(100);
    const run = traceOf(floored, 0.5, geometricPath(W0, 0.5, 60));
    expect(verdictOf(run, floored)).toEqual({ kind: 'just-right' });
  });

  it('a run with no step taken is not judged as moving', () => {
    expect(verdictOf(traceOf(parabola, 0.5, [W0]), parabola)).toEqual({ kind: 'too-small' });
  });
});

describe('verdicts follow the theory of gradient descent on the parabola (L″ = 1)', () => {
  // GD multiplies w by 1 − η: monotone for η < 1, flipping but shrinking for 1 < η < 2, flipping
  // and growing for η > 2 (docs/THEORY.md, Gradient descent on a quadratic, with λmax = 1). 200
  // steps make even η = 1.95 converge (0.95^400 ≈ 1e-9) and η = 2.05 grow (1.05^20 ≈ 2.7 per
  // window). Margins of 0.05 around the thresholds keep |1 − η|·|w0| = 0.2 above the overshoot
  // tolerance 4e-3.
  const steps = 200;
  it('η < 1: no overshoot', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 0.95, noNaN: true }), (lr) => {
        expect(['too-small', 'just-right']).toContain(verdictOf(gdRun(lr, steps), parabola).kind);
      }),
    );
  });
  it('1 < η < 2: too large but converging', () => {
    fc.assert(
      fc.property(fc.double({ min: 1.05, max: 1.95, noNaN: true }), (lr) => {
        expect(verdictOf(gdRun(lr, steps), parabola)).toEqual({
          kind: 'too-large',
          detail: 'oscillating',
        });
      }),
    );
  });
  it('η > 2: diverged at step 1', () => {
    fc.assert(
      fc.property(fc.double({ min: 2.05, max: 4, noNaN: true }), (lr) => {
        expect(verdictOf(gdRun(lr, steps), parabola)).toEqual({ kind: 'diverged', divergedAt: 1 });
      }),
    );
  });
});
