import { beforeAll, describe, expect, it } from 'vitest';
import { setUp, type Experiment } from '../../src/core/experiment';
import { BOWL_LAMBDA_MAX } from '../../src/core/scenes/quadratic';
import { referenceTrajectory } from '../../src/core/reference';
import type { Scene } from '../../src/core/scenes';
import { cutAtNonFinite, type Trajectory } from '../../src/core/trajectory';
import { verdictOf, type Verdict } from '../../src/core/verdict';
import { sceneOps } from '../../src/train/sceneLoss';
import { trainBatched, type BatchedOutput, type TrainHooks } from '../../src/train/trainer';
import { bytesOf, expectClose, F32_U, vectorError } from '../helpers/numeric';
import { NODE_BACKENDS, tf, useBackend } from '../helpers/tfjs';
import { lecture } from '../helpers/experiments';

/**
 * Tolerance of the float32 batched trainer against the float64 reference, derived.
 *
 * Float32 rounds each op with relative error ≤ u = 2^-24 ≈ 6e-8; η and H are themselves rounded to
 * float32. On the quadratic each step multiplies the error along eigenvector i by m = 1 − ηλᵢ, and
 * the roundings perturb that multiplier by ≈ u·(1 + |ηλᵢ|)/|m| relative per step; over T steps the
 * relative error of θ_T is ≲ T·u·(1 + |ηλ|)/|m|, and the loss (quadratic in θ) doubles it. For the
 * worst converging rate used here, η = 1.9 (|m| = 0.9) over T = 200 steps:
 * 2·200·6e-8·2.9/0.9 ≈ 8e-5. Hence rel 1e-4 on losses and parameter vectors, for converging runs.
 * The valley over 60 steps stays far below that (its stalled 2-cycle is strongly attracting), but
 * its float32 loss has an absolute floor of a few 2^-24 near the minimum (see sceneLoss.test.ts):
 * abs 4·2^-24 there.
 *
 * Losses are compared where the reference is finite and above 1e-30 (below, float32 products run
 * into its subnormal range, 1.2e-38, where relative accuracy is lost).
 */
const REL = 1e-4;
const LOSS_FLOOR = 1e-30;

const absFor = (scene: Scene) => (scene.id === 'valley' ? 4 * F32_U : 0);

const trajectories = (scene: Scene, lrs: readonly number[], out: BatchedOutput): Trajectory[] =>
  lrs.map((lr, k) => cutAtNonFinite(lr, out.losses[k]!, out.paths[k]!, scene.dims));

/** Trains an experiment's runs in one batch and returns them with their float64 references. */
async function trainWithReference(exp: Experiment, hooks: TrainHooks = {}, chunk?: number) {
  const { scene, start, noise } = setUp(exp);
  const ops = sceneOps(tf, exp.scene, { kappa: exp.kappa });
  try {
    const out = await trainBatched(
      tf,
      ops,
      { lrs: exp.lrs, steps: exp.steps, start, noise, ...(chunk ? { chunk } : {}) },
      hooks,
    );
    if (!out) throw new Error('cancelled');
    const refs = exp.lrs.map((lr) => referenceTrajectory(scene, lr, exp.steps, start, { noise }));
    return { scene, out, runs: trajectories(scene, exp.lrs, out), refs };
  } finally {
    ops.dispose();
  }
}

function expectMatches(scene: Scene, got: Trajectory, ref: Trajectory): void {
  const P = scene.dims;
  const where = `η = ${ref.lr}`;
  expect(got.nonFiniteAt, where).toBeUndefined();
  expect(ref.nonFiniteAt, where).toBeUndefined();
  expect(got.losses.length, where).toBe(ref.losses.length);
  let compared = 0;
  for (let t = 0; t < ref.losses.length; t++) {
    const want = ref.losses[t] ?? NaN;
    if (Number.isFinite(want) && want > LOSS_FLOOR) {
      expectClose(got.losses[t] ?? NaN, want, { rel: REL, abs: absFor(scene) }, `${where}, L_${t}`);
      compared++;
    }
    const { err, norm } = vectorError(
      got.path.subarray(t * P, (t + 1) * P),
      ref.path.subarray(t * P, (t + 1) * P),
    );
    expect(err <= REL * norm, `${where}, θ_${t}: error ${err} vs |θ| ${norm}`).toBe(true);
  }
  expect(compared, `${where}: compared losses`).toBeGreaterThan(10);
}

/** Far too large: both the float32 and the float64 run diverge (non-finite, or finite but huge). */
function expectBothDiverge(scene: Scene, got: Trajectory, ref: Trajectory): void {
  for (const run of [got, ref]) {
    const verdict = verdictOf(run, scene);
    expect(verdict.kind, `η = ${run.lr}`).toBe('diverged');
    if (run.nonFiniteAt === undefined) {
      const last = run.losses[run.losses.length - 1] ?? NaN;
      expect(last).toBeGreaterThan(1e6 * (run.losses[0] ?? NaN));
    }
  }
}

const exp = lecture;

const kinds = (scene: Scene, runs: Trajectory[]): Verdict['kind'][] =>
  runs.map((r) => verdictOf(r, scene).kind);

describe.each(NODE_BACKENDS)('trainBatched on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('valley: K runs in one batch equal K float64 reference runs', async () => {
    const { scene, runs, refs } = await trainWithReference(exp({}));
    for (let k = 0; k < 3; k++) expectMatches(scene, runs[k]!, refs[k]!);
    expectBothDiverge(scene, runs[3]!, refs[3]!);
  });

  it.each([10, 100])(
    'quadratic κ = %d: equals the float64 reference over 200 steps',
    async (kappa) => {
      const lrs = [0.1, 0.9, 1.1, 1.6, 1.9, 2.1];
      const { scene, runs, refs } = await trainWithReference(
        exp({ scene: 'quadratic', kappa, lrs, steps: 200 }),
      );
      for (let k = 0; k < 5; k++) expectMatches(scene, runs[k]!, refs[k]!);
      expectBothDiverge(scene, runs[5]!, refs[5]!);
    },
  );

  it('quadratic with gradient noise σ = 0.5: equals the reference fed the same noise', async () => {
    const lrs = [0.1, 0.9, 1.1, 1.6, 1.9];
    const { scene, runs, refs } = await trainWithReference(
      exp({ scene: 'quadratic', lrs, steps: 200, noise: 0.5 }),
    );
    for (let k = 0; k < lrs.length; k++) expectMatches(scene, runs[k]!, refs[k]!);
    // The noise really reached the runs: a noiseless η = 0.9 run ends ~1e-17, a noisy one cannot.
    expect(runs[1]!.losses[200]).toBeGreaterThan(1e-6);
  });

  it('the same seed twice gives bit-identical traces', async () => {
    const e = exp({ scene: 'quadratic', lrs: [0.1, 0.9, 1.9, 2.1], steps: 120, noise: 0.5 });
    const a = await trainWithReference(e);
    const b = await trainWithReference(e);
    for (let k = 0; k < e.lrs.length; k++) {
      expect(bytesOf(b.out.losses[k]!)).toEqual(bytesOf(a.out.losses[k]!));
      expect(bytesOf(b.out.paths[k]!)).toEqual(bytesOf(a.out.paths[k]!));
    }
    const c = await trainWithReference({ ...e, seed: 42070 });
    expect(bytesOf(c.out.losses[0]!)).not.toEqual(bytesOf(a.out.losses[0]!));
  });

  it('the read-back chunk size does not change a single bit', async () => {
    const e = exp({ scene: 'quadratic', lrs: [0.5, 1.9], steps: 50, noise: 0.5 });
    const whole = await trainWithReference(e, {}, 51);
    for (const chunk of [1, 7, 50, 64]) {
      const progress: number[] = [];
      const { out } = await trainWithReference(e, { onChunk: (n) => progress.push(n) }, chunk);
      // Progress is reported once per chunk, rising, and ends at the full step count.
      expect(progress).toHaveLength(Math.ceil(51 / chunk));
      expect(progress.at(-1)).toBe(50);
      expect(progress.every((n, i) => i === 0 || n > (progress[i - 1] ?? Infinity))).toBe(true);
      for (let k = 0; k < 2; k++) {
        expect(bytesOf(out.losses[k]!), `chunk ${chunk}`).toEqual(bytesOf(whole.out.losses[k]!));
        expect(bytesOf(out.paths[k]!), `chunk ${chunk}`).toEqual(bytesOf(whole.out.paths[k]!));
      }
    }
  });

  it.each(['valley', 'quadratic'] as const)(
    '%s: no tensor outlives 1,000 steps, nor accumulates between chunks',
    async (scene) => {
      const before = tf.memory().numTensors;
      const perChunk: number[] = [];
      const e = exp({ scene, steps: 1000, noise: 0.5, lrs: [0.05, 0.5, 1.5, 3] });
      const { out } = await trainWithReference(e, {
        onChunk: () => perChunk.push(tf.memory().numTensors),
      });
      expect(out.losses[0]).toHaveLength(1001);
      expect(tf.memory().numTensors).toBe(before);
      expect(perChunk.length).toBeGreaterThan(10);
      expect(new Set(perChunk).size).toBe(1);
    },
  );

  it('a cancelled run stops after the current chunk, resolves null and leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const { start, noise } = setUp(exp({ scene: 'quadratic', steps: 1000, noise: 0.5 }));
    const ops = sceneOps(tf, 'quadratic', { kappa: 10 });
    const done: number[] = [];
    const out = await trainBatched(
      tf,
      ops,
      { lrs: [0.1, 1], steps: 1000, start, noise, chunk: 10 },
      { onChunk: (n) => done.push(n), cancelled: () => done.length >= 2 },
    );
    ops.dispose();
    expect(out).toBeNull();
    expect(done).toEqual([9, 19]);
    expect(tf.memory().numTensors).toBe(before);
  });

  describe.each([10, 100])('quadratic κ = %d: verdicts at the theoretical thresholds', (kappa) => {
    // GD multiplies the error along eigenvector i by 1 − ηλᵢ per step; λ ∈ {1/κ, λmax = 1}.
    // - η = 0.9/λmax: every factor is in (0, 1): no component changes sign, so no overshoot; too small
    //   or just right depending on whether the flat mode (1 − 0.9/κ)^T has decayed. Float32 rounding
    //   noise (≈ u·|θ|) around a vanished sharp component may flip its sign, but stays far below
    //   the overshoot tolerance 1e-3·|θ0 − θ*|.
    // - η = 1.1/λmax, 1.9/λmax: the sharp factor is −0.1 and −0.9: its component flips sign each step
    //   (by 0.1·|s0| ≈ 0.2 and more, above the tolerance ≈ 5e-3) but shrinks: too large.
    // - η = 2.1/λmax: the sharp factor is −1.1: the excess grows as 1.21^t, above the start within a
    //   step or two and by 1.21^10 ≈ 6.7 per growth window: diverged (finite in float32 for 200
    //   steps, ≈ 1.21^200 ≈ 4e16 times the start).
    // 200 steps make the 1.9 run's sharp mode decay (0.9^200 ≈ 7e-10).
    const lambdaMax = BOWL_LAMBDA_MAX;

    it('0.9, 1.1, 1.9, 2.1 (×1/λmax): no overshoot, too large, too large, diverged', async () => {
      const lrs = [0.9, 1.1, 1.9, 2.1].map((x) => x / lambdaMax);
      const { scene, runs, refs } = await trainWithReference(
        exp({ scene: 'quadratic', kappa, lrs, steps: 200 }),
      );
      const got = kinds(scene, runs);
      expect(['too-small', 'just-right']).toContain(got[0]);
      expect(got.slice(1)).toEqual(['too-large', 'too-large', 'diverged']);
      expect(got).toEqual(kinds(scene, refs));
    });

    it('1% either side of both thresholds: 0.99, 1.01, 1.99, 2.01 (×1/λmax)', async () => {
      // 1.01: the first flip is 0.01·|s0| ≈ 0.02, still above the ≈ 5e-3 tolerance. 2.01: the excess
      // grows as 1.01^{2t}: 1.01^400 ≈ 54 times the sharp part of the start by step 200, above e0.
      const lrs = [0.99, 1.01, 1.99, 2.01].map((x) => x / lambdaMax);
      const { scene, runs } = await trainWithReference(
        exp({ scene: 'quadratic', kappa, lrs, steps: 200 }),
      );
      const got = kinds(scene, runs);
      expect(['too-small', 'just-right']).toContain(got[0]);
      expect(got.slice(1)).toEqual(['too-large', 'too-large', 'diverged']);
    });
  });

  it('valley: the default rates 0.05, 0.5, 3, 8 are too small, just right, too large, diverged', async () => {
    // docs/THEORY.md, Lecture valley: measured in float64 from w0 = −4 over 60 steps; the float32
    // runs must agree:
    // 0.05 creeps (loss still ≈ 0.29 of 3.8); 0.5 has η·L″ ≤ 0.5 on the way down, so it never
    // overshoots, and contracts by 0.5 per step near the floor; 3 falls into the 2-cycle ±1.33
    // (2w = 3·L'(w)), attracting since (1 − 3·L″(1.33))² ≈ 0.02 < 1, with loss ≈ 0.71 ≫ 1% of 3.8;
    // 8 is thrown up the quartic wall (w ≈ 8 → −34 → 2500 …) and overflows within a few steps.
    const { scene, runs } = await trainWithReference(exp({}));
    expect(runs.map((r) => verdictOf(r, scene))).toEqual([
      { kind: 'too-small' },
      { kind: 'just-right' },
      { kind: 'too-large', detail: 'stalled' },
      { kind: 'diverged', divergedAt: runs[3]!.nonFiniteAt },
    ]);
    expect(runs[3]!.nonFiniteAt).toBeLessThan(10);
  });
});
