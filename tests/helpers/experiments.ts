import { PLAIN_GD, type Experiment } from '../../src/core/experiment';

/** The lecture figure's experiment: the valley from w₀ = −4 with the notes' four learning rates. */
export const LECTURE: Experiment = {
  scene: 'valley',
  kappa: 10,
  seed: 42069,
  lrs: [0.05, 0.5, 3, 8],
  steps: 60,
  noise: 0,
  ...PLAIN_GD,
};

/** The lecture experiment with some fields changed. */
export const lecture = (over: Partial<Experiment> = {}): Experiment => ({ ...LECTURE, ...over });
