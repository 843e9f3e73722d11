import { describe, expect, it } from 'vitest';
import { type Experiment, PLAIN_GD, setUp, summarise } from '../../src/core/experiment';
import { fingerprint } from '../../src/core/fingerprint';
import { gradientNoise } from '../../src/core/noise';
import { referenceTrajectory } from '../../src/core/reference';
import { stream } from '../../src/core/rng';
import { quadraticScene } from '../../src/core/scenes/quadratic';

const base: Experiment = {
  scene: 'quadratic',
  kappa: 10,
  seed: 42069,
  lrs: [0.1, 0.9, 1.6, 2.1],
  steps: 60,
  noise: 0.5,
  ...PLAIN_GD,
};

describe('setUp', () => {
  it('draws the start from the init stream and the noise from the gradient-noise stream', () => {
    const setup = setUp(base);
    expect(setup.scene.id).toBe('quadratic');
    expect(setup.start).toEqual(quadraticScene(10).start(stream(42069, 'init')));
    expect(setup.noise).toEqual(gradientNoise(42069, 60, 2, 0.5));
  });

  it('does not depend on the learning rates: every run starts alike and sees the same noise', () => {
    const a = setUp(base);
    const b = setUp({ ...base, lrs: [3] });
    expect(b.start).toEqual(a.start);
    expect(b.noise).toEqual(a.noise);
  });

  it('passes κ to the scene', () => {
    const scene = setUp({ ...base, kappa: 100 }).scene;
    expect(scene.loss([1, 1])).toBe(quadraticScene(100).loss([1, 1]));
    expect(scene.loss([1, 1])).not.toBe(quadraticScene(10).loss([1, 1]));
  });
});

describe('summarise', () => {
  it('labels each run and fingerprints their losses in order', () => {
    const { scene, start } = setUp({ ...base, noise: 0, steps: 200 });
    const runs = [0.5, 1.5, 2.5].map((lr) => referenceTrajectory(scene, lr, 200, start));
    const out = summarise(scene, runs);
    expect(out.runs.map((r) => r.verdict.kind)).toEqual(['just-right', 'too-large', 'diverged']);
    expect(out.runs.map((r) => r.lr)).toEqual([0.5, 1.5, 2.5]);
    expect(out.fingerprint).toBe(fingerprint(runs.map((r) => r.losses)));
  });
});
