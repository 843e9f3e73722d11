import { beforeAll, describe, expect, it } from 'vitest';
import { makeScene, SCENE_IDS } from '../../src/core/scenes';
import { referenceTrajectory } from '../../src/core/reference';
import { runExperiment } from '../../src/train/experiment';
import { lecture } from '../helpers/experiments';
import { NODE_BACKENDS, tf, useBackend } from '../helpers/tfjs';
import { loadFixtureTable } from '../helpers/userTable';

const now = () => performance.now();
const HUGE = 1e6;
const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * The step at which float32 arithmetic first meets a non-finite number, predicted from the float64
 * reference: the first t whose loss or parameters leave float32's range. At η = 1e6 every scene's
 * numbers grow by a factor of about ηλ ≫ 1e3 per step, so the float64 value one step before that
 * is far below the limit, and float32 rounding (relative 6e-8 per op) cannot move the step.
 */
function float32OverflowStep(scene: ReturnType<typeof makeScene>, steps: number, start: number[]) {
  const ref = referenceTrajectory(scene, HUGE, steps, start);
  const P = scene.dims;
  for (let t = 0; t < ref.losses.length; t++) {
    const values = [ref.losses[t]!, ...ref.path.slice(t * P, (t + 1) * P)];
    if (values.some((v) => !(Math.abs(v) <= FLOAT32_MAX))) return t;
  }
  return ref.nonFiniteAt;
}

describe.each(NODE_BACKENDS)('numeric faults on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it.each(SCENE_IDS)(
    '%s: η = 1e6 diverges at the first non-finite step, the other runs go on unchanged',
    async (id) => {
      // A user's table: the regression fixture, found by its hash as in the page.
      const user = id === 'csv' ? loadFixtureTable() : {};
      const scene = makeScene(id, { kappa: 10, seed: 42069, ...user });
      const sane = scene.defaultLrs.slice(0, 2);
      const steps = Math.min(scene.defaultSteps, 200);
      const exp = lecture({ scene: id, steps, lrs: sane, ...user });
      const alone = (await runExperiment(tf, exp, { now }))!;
      const withHuge = (await runExperiment(tf, { ...exp, lrs: [...sane, HUGE] }, { now }))!;

      const huge = withHuge.runs[sane.length]!;
      const expected = float32OverflowStep(scene, steps, withHuge.start);
      expect(expected, 'the reference leaves float32 range').toBeDefined();
      expect(huge.verdict).toEqual({ kind: 'diverged', divergedAt: expected });
      expect(huge.losses.length).toBe(expected);
      // The run stops at the first non-finite value: nothing non-finite leaves the engine.
      for (const r of withHuge.runs) {
        expect(Array.from(r.losses).every(Number.isFinite)).toBe(true);
        expect(Array.from(r.path).every(Number.isFinite)).toBe(true);
      }
      // The other runs are the same runs, bit for bit, as without the diverging one (cpu and
      // wasm compute each row of the batch on its own).
      for (let k = 0; k < sane.length; k++) {
        expect(withHuge.runs[k]!.losses).toEqual(alone.runs[k]!.losses);
        expect(withHuge.runs[k]!.verdict).toEqual(alone.runs[k]!.verdict);
      }
    },
    120_000,
  );
});
