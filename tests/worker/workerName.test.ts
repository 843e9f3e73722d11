import { describe, expect, it } from 'vitest';
import { PLAIN_GD, type Experiment } from '../../src/core/experiment';
import type { ToWorker } from '../../src/protocol/messages';
import { requestInName, workerName } from '../../src/protocol/workerName';

/**
 * The training worker's name carries the request it is started for, so the worker entry can start
 * on it before the page's main thread hands over the message (src/protocol/workerName.ts).
 */
const experiment: Experiment = {
  ...PLAIN_GD,
  scene: 'formula',
  formula: 'x^2/2 + "y" · 3',
  domain: [-2, 2],
  kappa: 10,
  seed: 7,
  lrs: [0.001, 0.5, 1e-7],
  steps: 200,
  noise: 0,
};

describe('the worker name', () => {
  it('carries a training request, every field as posted', () => {
    const msg: ToWorker = {
      type: 'train',
      gen: 3,
      experiment,
      backend: 'auto',
      remembered: 'webgpu',
      rememberedFused: true,
    };
    expect(requestInName(workerName(msg))).toEqual(msg);
  });

  it('carries nothing else, and a name that does not read as a request gives none', () => {
    const analyse: ToWorker = {
      type: 'analyse',
      gen: 1,
      experiment,
      backend: 'cpu',
      request: { kind: 'sharpness' },
    };
    expect(workerName(analyse)).toBe('lr-lab-trainer');
    expect(workerName(undefined)).toBe('lr-lab-trainer');
    for (const name of [
      'lr-lab-trainer',
      'lr-lab-trainer {',
      'lr-lab-trainer null',
      'lr-lab-trainer {"type":"train"}',
      'lr-lab-trainer {"type":"analyse","gen":1,"experiment":{}}',
      `other ${JSON.stringify({ type: 'train', gen: 1, experiment })}`,
      '',
    ]) {
      expect(requestInName(name), name).toBeUndefined();
    }
  });
});
