import { describe, expect, it } from 'vitest';
import {
  cutAtNonFinite,
  lastLossStep,
  lossAtStep,
  lossIndexAt,
  stepOfLoss,
} from '../../src/core/trajectory';
import { makeScene } from '../../src/core/scenes';
import { pickExperiment } from '../../src/core/experiment';
import { decode } from '../../src/url/codec';
import { verdictOf } from '../../src/core/verdict';

/**
 * A strided loss trace (src/core/experiment.ts trainLossEvery): losses recorded at steps
 * 0, e, 2e, …, T with e = 3 and T = 10, so at 0, 3, 6, 9, 10 (⌈10/3⌉ + 1 = 5 values).
 */
const trace = { losses: [8, 6, 4, 2, 1], lossEvery: 3, lossSteps: 10 };

describe('a strided loss trace', () => {
  it('places its values at steps min(i·e, T)', () => {
    expect(trace.losses.map((_, i) => stepOfLoss(trace, i))).toEqual([0, 3, 6, 9, 10]);
    expect(lastLossStep(trace)).toBe(10);
    // A trace of every step: the index is the step.
    expect(stepOfLoss({ losses: [1, 2, 3] }, 2)).toBe(2);
  });

  it('reads the loss at or before a step', () => {
    // Steps 0..2 read step 0's value, 3..5 step 3's, 6..8 step 6's, 9 step 9's, 10 (= T) step 10's.
    const read = Array.from({ length: 11 }, (_, s) => lossAtStep(trace, s));
    expect(read).toEqual([8, 8, 8, 6, 6, 6, 4, 4, 4, 2, 1]);
    expect(lossIndexAt(trace, -1)).toBe(-1);
    expect(lossAtStep(trace, -1)).toBeUndefined();
    // Beyond what a cut trace holds: its last value.
    expect(lossAtStep({ ...trace, losses: [8, 6] }, 9)).toBe(6);
  });

  it('is cut at the first step whose recorded loss or parameters are non-finite', () => {
    const T = 10;
    const path = Float32Array.from({ length: T + 1 }, (_, t) => t);
    const losses = Float32Array.from([8, 6, NaN, 2, 1]);
    // The loss recorded at step 6 is NaN: the cut is step 6; steps 0 and 3 keep their losses
    // (⌈6/3⌉ = 2 of them) and the path its rows 0..5.
    const a = cutAtNonFinite(0.1, losses, path, 1, { every: 3, steps: T });
    expect(a.nonFiniteAt).toBe(6);
    expect(Array.from(a.losses)).toEqual([8, 6]);
    expect(Array.from(a.path)).toEqual([0, 1, 2, 3, 4, 5]);
    // A parameter non-finite at step 4 (between recorded steps 3 and 6): the cut is step 4, and
    // the losses at steps 0 and 3 (⌈4/3⌉ = 2) stay.
    const p2 = path.slice();
    p2[4] = Infinity;
    const b = cutAtNonFinite(0.1, Float32Array.from([8, 6, 4, 2, 1]), p2, 1, {
      every: 3,
      steps: T,
    });
    expect(b.nonFiniteAt).toBe(4);
    expect(Array.from(b.losses)).toEqual([8, 6]);
    expect(b.path).toHaveLength(4);
    // The last loss (step T = 10, one after 9) non-finite: ⌈10/3⌉ = 4 losses stay.
    const c = cutAtNonFinite(0.1, Float32Array.from([8, 6, 4, 2, NaN]), path, 1, {
      every: 3,
      steps: T,
    });
    expect(c.nonFiniteAt).toBe(10);
    expect(c.losses).toHaveLength(4);
    // Finite throughout: the trace whole, with its stride.
    const d = cutAtNonFinite(0.1, Float32Array.from([8, 6, 4, 2, 1]), path, 1, {
      every: 3,
      steps: T,
    });
    expect(d.nonFiniteAt).toBeUndefined();
    expect(d.lossEvery).toBe(3);
    expect(d.lossSteps).toBe(T);
  });

  it('a diverging network curve is called diverged at a step, not at an index', () => {
    // A network (no known minimum) whose recorded loss starts at 1 and grows: 1, then 2^i from
    // recorded index 1 on, every e = 50 steps over T = 500 (11 values). Rule 1 (growth above the
    // start) walks back from the end to the first index k whose predecessor is not above the
    // start, k = 1, which is step 1·50 = 50 (stepOfLoss), not 1.
    const scene = makeScene('cars', pickExperiment(decode('scene=cars').state));
    const losses = Float32Array.from({ length: 11 }, (_, i) => (i === 0 ? 1 : 2 ** i));
    const run = {
      lr: 1,
      losses,
      path: new Float32Array(501 * 2),
      lossEvery: 50,
      lossSteps: 500,
    };
    expect(verdictOf(run, scene)).toEqual({ kind: 'diverged', divergedAt: 50 });
    // The same values as a trace of every step diverge at step 1.
    expect(verdictOf({ lr: 1, losses, path: new Float32Array(11 * 2) }, scene)).toEqual({
      kind: 'diverged',
      divergedAt: 1,
    });
  });
});
