import { beforeAll, describe, expect, it } from 'vitest';
import { trainLossEvery } from '../../src/core/experiment';
import { fingerprint } from '../../src/core/fingerprint';
import { lossCount, lossStep } from '../../src/core/trajectory';
import { bits, linked, trainAsPage } from '../helpers/links';
import { NODE_BACKENDS, useBackend } from '../helpers/tfjs';

/**
 * Version 2 of the lab's numbers (VERSION_RULES `lossStride`, src/core/experiment.ts): a network
 * trained with minibatches records its training-set loss every e = lossStride(T) steps only
 * (steps 0, e, 2e, …, T), since that loss is a pass of its own over every training row. Version 1
 * links record every step, as they always did, and keep their fingerprints.
 */

// T = 1300 > LOSS_COLUMNS = 600: e = ⌈1300/600⌉ = 3, and 1300 is not a multiple of 3, so the last
// recorded loss (step T) is 1 step after the previous one (1299): ⌈1300/3⌉ + 1 = 435 losses.
const T = 1300;
const E = 3;
const QUERY = `scene=cars&batch=16&steps=${T}&lr=0.01,0.1`;

/**
 * The version-1 fingerprints of QUERY, as the lab computed them before the stride existed (the
 * `folds` branch, e68ff71, on each Node backend): a link shared then must reproduce them.
 */
const V1_FINGERPRINT: Record<(typeof NODE_BACKENDS)[number], string> = {
  cpu: '5d0962abfae2',
  wasm: '5d0962abfae2',
};

describe.each(NODE_BACKENDS)('the training loss at a stride on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('only a version-2 minibatch network strides, at ⌈T/600⌉', () => {
    const v2 = linked(QUERY);
    expect(trainLossEvery(v2)).toBe(E);
    expect(trainLossEvery(linked(`v=1&${QUERY}`))).toBe(1);
    // Full batch: the gradient's pass computes the training loss anyway.
    expect(trainLossEvery({ ...v2, batchSize: 0 })).toBe(1);
    // A linear regression's loss costs next to nothing, and its verdicts read the path per step.
    expect(trainLossEvery({ ...v2, scene: 'linreg' })).toBe(1);
    // Up to 600 steps every step is a pixel column of its own.
    expect(trainLossEvery({ ...v2, steps: 600 })).toBe(1);
  });

  it('a version-2 link records ⌈T/e⌉ + 1 losses, the per-step run’s bits at steps 0, e, …, T; version 1 keeps every step and its fingerprint', async () => {
    const v2 = linked(QUERY);
    const v1 = linked(`v=1&${QUERY}`);
    const [a, b, old] = [await trainAsPage(v2), await trainAsPage(v2), await trainAsPage(v1)];
    // Version 1: every step, fingerprinted as before.
    old.runs.forEach((r) => {
      expect(r.lossEvery).toBeUndefined();
      expect(r.losses).toHaveLength(T + 1);
    });
    expect(old.fingerprint).toBe(fingerprint(old.runs.map((r) => r.losses)));
    expect(old.fingerprint).toBe(V1_FINGERPRINT[backend]);
    a.runs.forEach((r, k) => {
      const every = old.runs[k]!;
      expect(r.nonFiniteAt).toBeUndefined();
      expect(r.lossEvery).toBe(E);
      expect(r.lossSteps).toBe(T);
      expect(r.losses).toHaveLength(Math.ceil(T / E) + 1);
      expect(r.losses).toHaveLength(lossCount(T, E));
      // The stride skips the recording pass only: every update, and so every θ_t, is the same
      // operation on the same numbers at both versions, and the loss recorded at step s is the
      // same pass over the same rows at the same θ_s. So the bits are equal, not merely close.
      const atSteps = Array.from(r.losses, (_, i) => every.losses[lossStep(i, T, E)]!);
      expect(bits(r.losses), `run ${k}`).toEqual(bits(atSteps));
      expect(lossStep(r.losses.length - 1, T, E)).toBe(T);
      expect(bits(r.path), `run ${k} path`).toEqual(bits(every.path));
    });
    // Validation losses stay per step (early stopping reads them every step): the same bits.
    expect(a.data?.val.map(bits)).toEqual(old.data?.val.map(bits));
    expect(a.data?.val[0]).toHaveLength(T + 1);
    // Fingerprinted on what is computed, the same on every load, and not version 1's.
    expect(a.fingerprint).toBe(fingerprint(a.runs.map((r) => r.losses)));
    expect(b.fingerprint).toBe(a.fingerprint);
    expect(a.fingerprint).not.toBe(old.fingerprint);
  }, 240_000);
});
