import { expect } from 'vitest';
import { pickExperiment, type Experiment } from '../../src/core/experiment';
import { runExperiment, type ExperimentResult } from '../../src/train/experiment';
import { decode } from '../../src/url/codec';
import { tf } from './tfjs';

/** The bits of float32 values, so that "the same" means the same bits (and −0 ≠ +0). */
export const bits = (xs: ArrayLike<number>): number[] =>
  Array.from(new Uint32Array(Float32Array.from(xs).buffer));

/** The experiment a link opens, as the page sends it to the worker; the link must be read whole. */
export const linked = (query: string): Experiment => {
  const { state, rejected } = decode(query);
  expect(rejected, query).toEqual([]);
  return pickExperiment(state);
};

/**
 * Trained as the page trains on a backend it asks to train fused (src/worker/trainService.ts),
 * on the backend the test switched to (tests/helpers/tfjs.ts `useBackend`).
 */
export const trainAsPage = async (exp: Experiment): Promise<ExperimentResult> =>
  (await runExperiment(tf, exp, { now: () => performance.now(), fused: true }))!;
