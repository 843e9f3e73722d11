import { describe, expect, it } from 'vitest';
import { makeScene } from '../../src/core/scenes';
import { referenceTrajectory } from '../../src/core/reference';
import { setUp } from '../../src/core/experiment';
import { verdictOf } from '../../src/core/verdict';
import { applyPreset, decode, encode, presetOf } from '../../src/url/codec';
import { PRESET_IDS, PRESETS, THRESHOLD_LRS, VERSUS_LRS } from '../../src/url/presets';
import { LIMITS, type LabState } from '../../src/url/state';
import { englishLinkMessage } from '../../src/i18n/linkMessage';

const inRange = (x: number, r: { min: number; max: number }) =>
  Number.isFinite(x) && x >= r.min && x <= r.max;

describe('presets', () => {
  it('have distinct ids, at most nine (one digit key each)', () => {
    expect(new Set(PRESET_IDS).size).toBe(PRESETS.length);
    expect(PRESETS.length).toBeLessThanOrEqual(9);
  });

  for (const id of PRESET_IDS) {
    it(`${id}: the short link opens a valid state within LIMITS, and its full link reproduces it`, () => {
      const { state, rejected } = decode(`preset=${id}`);
      expect(rejected).toEqual([]);
      expect(inRange(state.lrs.length, LIMITS.runs)).toBe(true);
      for (const lr of state.lrs) expect(inRange(lr, LIMITS.lr), `lr ${lr}`).toBe(true);
      expect(inRange(state.steps, LIMITS.steps)).toBe(true);
      expect(inRange(state.kappa, LIMITS.kappa)).toBe(true);
      expect(inRange(state.width, LIMITS.width)).toBe(true);
      expect(inRange(state.depth, LIMITS.depth)).toBe(true);
      expect(state.folds === 0 || inRange(state.folds, { min: 2, max: LIMITS.folds.max })).toBe(
        true,
      );
      expect(state.split.train).toBeGreaterThanOrEqual(LIMITS.trainFraction.min);
      // Every value the preset sets survives the parsers unchanged: none was clipped to a default.
      const preset = PRESETS.find((p) => p.id === id)!;
      for (const [key, value] of Object.entries(preset.change)) {
        expect(state[key as keyof LabState], key).toEqual(value);
      }
      // The canonical link the page writes decodes, without a notice, to the same state.
      const full = decode(encode(state));
      expect(full.rejected).toEqual([]);
      expect(full.state).toEqual(state);
      expect(presetOf(state, PRESET_IDS)).toBe(id);
    });
  }

  it('an unknown preset is named in a notice and opens the default lecture figure', () => {
    const { state, rejected } = decode('preset=lectur%3Cb%3E');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.param).toBe('preset');
    expect(englishLinkMessage(rejected[0]!.message)).toContain('"lectur<b>"');
    expect(state).toEqual(decode('').state);
  });

  it('a field given with the preset wins over it; the room settings survive a preset click', () => {
    const { state } = decode('preset=thresholds&seed=7&present=1&hide=lr');
    expect(state.seed).toBe(7);
    expect(state.scene).toBe('quadratic');
    const clicked = applyPreset(
      { ...decode('backend=wasm&present=1&lock=optimizer&reveal=vote&seed=3').state },
      'kfold',
    );
    expect(clicked).toMatchObject({
      backend: 'wasm',
      present: true,
      lock: ['optimizer'],
      reveal: 'vote',
      seed: decode('').state.seed,
      folds: 5,
    });
  });

  it('thresholds: runs either side of 1/λmax and of 2/λmax of the bowl (λmax = 1, so 1 and 2)', () => {
    // The bowl's Hessian is R·diag(1, 1/κ)·Rᵀ (src/core/scenes/quadratic.ts), λmax = 1 for every
    // κ: 0.9·1, 1.1·1, 0.95·2, 1.05·2.
    expect(THRESHOLD_LRS).toEqual([0.9, 1.1, 1.9, 2.1]);
    // Momentum versus plain: 0.15, 0.5, 0.95, 1.25 × 2/λmax; 2.5 is past plain descent's 2 but
    // inside heavy ball's 2(1 + 0.5)/λmax = 3.
    expect(VERSUS_LRS).toEqual([0.3, 1, 1.9, 2.5]);
  });

  // The verdicts the lessons are built on, from the float64 reference (the app's own trainer is
  // tested against it): the thresholds give the three bands, and momentum rescues the run that
  // plain descent loses.
  const verdicts = (query: string) => {
    const { state } = decode(query);
    const setup = setUp(state);
    return state.lrs.map(
      (lr) =>
        verdictOf(
          referenceTrajectory(setup.scene, lr, state.steps, setup.start, { optimizer: state }),
          makeScene(state.scene, state),
        ).kind,
    );
  };
  it('thresholds reach just right, too large twice, diverged', () => {
    expect(verdicts('preset=thresholds')).toEqual([
      'just-right',
      'too-large',
      'too-large',
      'diverged',
    ]);
  });
  it('plain descent shows the four regimes; momentum brings every run to the minimum', () => {
    expect(verdicts('preset=plain')).toEqual(['too-small', 'just-right', 'too-large', 'diverged']);
    // Heavy ball overshoots for η above (1 − √β)²/λmax ≈ 0.086: every run oscillates into the
    // minimum, none diverges.
    expect(verdicts('preset=momentum')).toEqual([
      'too-large',
      'too-large',
      'too-large',
      'too-large',
    ]);
  });
  it('the lecture preset is the default page', () => {
    expect(decode('preset=lecture').state).toEqual(decode('').state);
  });
});
