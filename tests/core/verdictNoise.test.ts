import { describe, expect, it } from 'vitest';
import { setUp, type Experiment } from '../../src/core/experiment';
import { referenceTrajectory } from '../../src/core/reference';
import { verdictOf } from '../../src/core/verdict';
import { lecture } from '../helpers/experiments';

/** The verdict of the float64 reference run of the experiment's one rate, with its gradient noise. */
function referenceVerdict(exp: Experiment) {
  const { scene, start, noise } = setUp(exp);
  const lr = exp.lrs[0]!;
  return verdictOf(referenceTrajectory(scene, lr, exp.steps, start, { noise }), scene, exp.noise)
    .kind;
}

/**
 * Verdicts under gradient noise, on the quadratic bowl (λmax = 1, κ = 10) with the float64 reference.
 * With g̃ = Hθ + σz the sharp component follows s_{t+1} = (1 − ηλmax)s_t − ησz_t, so its lag-1
 * correlation has the sign of 1 − ηλmax whatever σ, and the excess loss settles on a noise floor of
 * about Σᵢ λᵢη²σ²/(2(1 − (1 − ηλᵢ)²)) instead of reaching 0. Without the noise-aware rules, every run
 * below 1/λmax was labelled too-large (the jitter crosses the floor) or too-small (the floor is above
 * 1 % of the start's excess).
 */
describe('verdicts with gradient noise (σ = 0.5, 200 steps)', () => {
  const seeds = [1, 2, 3, 42069, 7, 99, 123, 2024];
  const verdicts = (lr: number) =>
    seeds.map((seed) =>
      referenceVerdict(lecture({ scene: 'quadratic', seed, lrs: [lr], steps: 200, noise: 0.5 })),
    );

  // Within about 10 % of 1/λmax the lag-1 correlation 1 − ηλmax is so small that its sample value
  // over 100 steps can take either sign; these rates are where the theory's answer is clear.
  it('below 1/λmax (η = 0.3, 0.5) the runs reach the noise floor without overshooting: just right', () => {
    expect(new Set(verdicts(0.3))).toEqual(new Set(['just-right']));
    expect(new Set(verdicts(0.5))).toEqual(new Set(['just-right']));
  });

  it('between 1/λmax and 2/λmax (η = 1.5, 1.7) the sharp component alternates: too large', () => {
    expect(new Set(verdicts(1.5))).toEqual(new Set(['too-large']));
    expect(new Set(verdicts(1.7))).toEqual(new Set(['too-large']));
  });

  it('above 2/λmax (η = 2.1) the runs still diverge', () => {
    expect(new Set(verdicts(2.1))).toEqual(new Set(['diverged']));
  });

  it('a tiny rate (η = 0.005) is still creeping down after 200 steps: too small', () => {
    // The flat direction shrinks by (1 − 0.0005)² per step: the excess keeps falling, far above 1 %.
    expect(new Set(verdicts(0.005))).toEqual(new Set(['too-small']));
  });
});

describe('short runs', () => {
  it('a run that lands on a 2-cycle within a few steps is too large, not diverged', () => {
    // L = w²/2, path −1, 3, −2, 3: above the start but flat, too short for a growth window that
    // leaves step 0 out, so rule 1 cannot fire; the crossing of the floor makes it too large.
    const scene = setUp(lecture({ seed: 1, lrs: [1], steps: 3 })).scene;
    const parabola = { ...scene, loss: ([w = 0]: readonly number[]) => (w * w) / 2 };
    const path = Float64Array.from([-1, 3, -2, 3]);
    const losses = path.map((w) => (w * w) / 2);
    expect(verdictOf({ lr: 1, losses, path }, parabola)).toEqual({
      kind: 'too-large',
      detail: 'stalled',
    });
  });
});

describe('heavy noise does not fake divergence', () => {
  // σ = 10 on the round bowl (κ = 1): the noise floor P·ησ²/2·… is far above the start's excess,
  // so single late values often exceed e_0; only sustained growth across quarters is divergence.
  const run = (lr: number, seed: number) =>
    referenceVerdict(
      lecture({ scene: 'quadratic', kappa: 1, seed, lrs: [lr], steps: 60, noise: 10 }),
    );
  it('η = 0.5 is never "diverged", η = 2.5 always is', () => {
    for (const seed of [0, 1, 2, 3, 4, 5, 6, 7, 4294967295]) {
      expect(run(0.5, seed)).not.toBe('diverged');
      expect(run(2.5, seed)).toBe('diverged');
    }
  });
});
