import { beforeAll, describe, expect, it } from 'vitest';
import { gradientNoise } from '../../src/core/noise';
import {
  DEFAULT_OPTIMIZER,
  OPTIMIZERS,
  referenceState,
  referenceUpdate,
  type OptimizerKind,
  type OptimizerSpec,
} from '../../src/core/optimizers';
import { referenceTrajectory } from '../../src/core/reference';
import { DEFAULT_SCHEDULE, scheduleFactors, type ScheduleSpec } from '../../src/core/schedules';
import type { Scene } from '../../src/core/scenes';
import { quadraticScene } from '../../src/core/scenes/quadratic';
import { VALLEY_QUARTIC, valleyScene } from '../../src/core/scenes/valley';
import { cutAtNonFinite, type Trajectory } from '../../src/core/trajectory';
import { verdictOf } from '../../src/core/verdict';
import { sceneOps } from '../../src/train/sceneLoss';
import { trainBatched, type BatchedRequest } from '../../src/train/trainer';
import { bytesOf, F32_U } from '../helpers/numeric';
import { NODE_BACKENDS, tf, useBackend, type NodeBackend } from '../helpers/tfjs';

/**
 * The batched float32 optimizers (src/train/optimizers.ts via trainBatched) against the float64
 * oracle (referenceTrajectory → referenceUpdate), for every optimizer × schedule on the quadratic bowl
 * (κ = 10) and on the valley, K = 3 learning rates per batch, T = 100 steps.
 *
 * Tolerance, derived. Every float32 op is correctly rounded (or, for tanh/sinh/exp, within a couple
 * of ulps), relative error ≤ u = 2^-24. Per step and coordinate the float32 pipeline rounds: the
 * gradient (≤ 3 for the bowl's matMul and its float32 H, ≈ 5 for the valley's tanh + w³), η·factor_t
 * (3: η, the factor and their product), the optimizer's state update and step (≤ 12 for adam(w):
 * m, v, the bias corrections, √, +ε, ÷, the decay) and the final subtraction. All of these are
 * relative to quantities no larger than the run's scale M_t = max_{s≤t}‖θ_s‖ (the steps η·update are
 * at most θ's size for the rates chosen here), so each step adds an error ≤ C·u·M_t with C = 16.
 * An error made at step s is then carried by the dynamics: at step t ≥ s it has grown by the
 * perturbation gain G(s → t) = ‖∂θ_t/∂θ_s·δ‖/‖δ‖ (scaled by M_s/M_t). For gradient descent on a
 * quadratic G ≤ 1 exactly when η ≤ 2/λmax; for the others it is measured below, in float64, for
 * every configuration tested: the rates are chosen so that it stays ≤ A = 4 (some rates are not:
 * rmsprop at η ≥ 0.1 on the bowl bounces around the minimum with a gain of 10^6 — float32 and
 * float64 then part ways, legitimately — so rmsprop is tested at η ≤ 0.05). Summing over the
 * t + 1 roundings so far (θ0 itself is rounded to float32):
 *
 *   ‖θ_t(float32) − θ_t(float64)‖ ≤ E_t = (t + 1)·C·u·A·M_t,   at t = 100: 101·16·4·u ≈ 3.9e-4·M_t.
 *
 * Rounding errors are not all of one sign, so the observed error is far smaller: at most 7.4e-7·M_t,
 * 1.5% of E_t, on cpu and wasm alike; the bound is what can be guaranteed without measuring float32.
 * A wrong formula (a swapped β₁/β₂, a missing bias correction, ε inside the root with ε = 0.1, a
 * decay not scaled by η) errs by 1e-2 to 1 of M within a few steps and fails it.
 *
 * Losses follow from the parameters: |L(θ̃) − L(θ)| ≤ ‖∇L(θ)‖·E + ½Λ·E² with Λ a bound on the
 * Hessian over the run (1 for the bowl; sech² + 12·0.002·w² ≤ 1 + 0.024·M² for the valley), plus
 * the float32 evaluation of L itself: ≤ 8 roundings of terms no larger than ½Λ‖θ‖², and for the
 * valley an absolute floor of 4u near its minimum (log1p/sinh on wasm, see trainer.test.ts).
 */
const T = 100;
const C = 16;
const A = 4;
const PER_STEP = C * F32_U * A;
const errorBound = (t: number, scale: number) => (t + 1) * PER_STEP * scale;

type SceneName = 'quadratic' | 'valley';
interface Setting {
  readonly scene: Scene;
  readonly start: readonly number[];
  /** Hessian bound Λ over |θ| ≤ M. */
  readonly hessianBound: (M: number) => number;
  /** Absolute floor of the float32 loss. */
  readonly lossFloor: number;
}
const SETTINGS: Record<SceneName, Setting> = {
  quadratic: {
    scene: quadraticScene(10),
    start: [-4, 3],
    hessianBound: () => 1,
    lossFloor: 0,
  },
  valley: {
    scene: valleyScene(),
    start: [-4],
    hessianBound: (M) => 1 + 12 * VALLEY_QUARTIC * M * M,
    lossFloor: 4 * F32_U,
  },
};

/**
 * Learning rates per scene and optimizer: three per batch, from slow to fast, all stable (the gain
 * test below checks them). On the bowl (λ = 1 and 0.1) sgd's sharp factor 1 − η is 0.9, 0.1, −0.5;
 * momentum (β = 0.9) and nesterov stay well inside 2(1 + β) = 3.8 and 2(1 + β)/(1 + 2β) = 1.36; the
 * adaptive ones take steps of about η per coordinate, so their rates are kept where the steps are
 * small against the distance to the minimum within 100 steps — a step size that does not depend on
 * the curvature, so both scenes take the same adaptive rates.
 */
const ADAPTIVE_LRS = {
  adagrad: [0.1, 0.5, 1.5],
  rmsprop: [0.005, 0.02, 0.05],
  adam: [0.01, 0.1, 0.5],
  adamw: [0.01, 0.1, 0.5],
} as const satisfies Partial<Record<OptimizerKind, readonly number[]>>;
const LRS: Record<SceneName, Record<OptimizerKind, readonly number[]>> = {
  quadratic: {
    sgd: [0.1, 0.9, 1.5],
    momentum: [0.05, 0.3, 1],
    nesterov: [0.05, 0.3, 1],
    ...ADAPTIVE_LRS,
  },
  valley: {
    sgd: [0.05, 0.5, 1.5],
    momentum: [0.05, 0.2, 0.5],
    nesterov: [0.05, 0.2, 0.5],
    ...ADAPTIVE_LRS,
  },
};

const SCHEDULE_CASES: readonly (readonly [string, ScheduleSpec])[] = [
  ['constant', DEFAULT_SCHEDULE],
  ['step ½/20', { ...DEFAULT_SCHEDULE, schedule: 'step', gamma: 0.5, every: 20 }],
  ['exp 0.97', { ...DEFAULT_SCHEDULE, schedule: 'exp', gamma: 0.97 }],
  ['cosine', { ...DEFAULT_SCHEDULE, schedule: 'cosine' }],
  ['warm-up 10 + cosine', { ...DEFAULT_SCHEDULE, schedule: 'cosine', warmup: 10 }],
];

/**
 * The defaults, and every hyper-parameter moved far from them: ε = 0.1 makes its placement (outside
 * the root, after bias correction) visible, β₁ ≠ β₂ catches a swap, λ = 0.1 the decay's scaling.
 */
const HYPER: readonly (readonly [string, Partial<OptimizerSpec>])[] = [
  ['defaults', {}],
  [
    'β 0.5, β₁ 0.5, β₂ 0.9, ρ 0.5, ε 0.1, λ 0.1',
    {
      beta: 0.5,
      beta1: 0.5,
      beta2: 0.9,
      rho: 0.5,
      eps: 0.1,
      weightDecay: 0.1,
    },
  ],
];

const specOf = (optimizer: OptimizerKind, over: Partial<OptimizerSpec>): OptimizerSpec => ({
  ...DEFAULT_OPTIMIZER,
  ...over,
  optimizer,
});

/** Float32 run against its float64 reference; returns the failures (empty when within the bounds). */
function compare(
  setting: Setting,
  losses: Float32Array,
  path: Float32Array,
  ref: Trajectory,
  where: string,
): string[] {
  const { scene } = setting;
  const P = scene.dims;
  const out: string[] = [];
  if (ref.nonFiniteAt !== undefined) return [`${where}: the float64 reference is not finite`];
  let M = 0;
  for (let t = 0; t < ref.losses.length; t++) {
    const theta = Array.from(ref.path.subarray(t * P, (t + 1) * P));
    const norm = Math.hypot(...theta);
    M = Math.max(M, norm);
    const E = errorBound(t, M);
    let err = 0;
    for (let p = 0; p < P; p++) err += ((path[t * P + p] ?? NaN) - theta[p]!) ** 2;
    err = Math.sqrt(err);
    if (!(err <= E))
      out.push(`${where}, θ_${t}: error ${err.toExponential(3)} > ${E.toExponential(3)}`);
    const Lambda = setting.hessianBound(M);
    const G = Math.hypot(...scene.grad(theta));
    const lossTol =
      G * E + 0.5 * Lambda * E * E + 8 * F32_U * 0.5 * Lambda * norm * norm + setting.lossFloor;
    const lossErr = Math.abs((losses[t] ?? NaN) - ref.losses[t]!);
    if (!(lossErr <= lossTol)) {
      out.push(`${where}, L_${t}: error ${lossErr.toExponential(3)} > ${lossTol.toExponential(3)}`);
    }
  }
  return out;
}

/** Whether the tests below train through the fused kernel (src/train/fused) or op by op. */
let fusedPath = false;

async function train(name: SceneName, req: BatchedRequest) {
  const ops = sceneOps(tf, name, { kappa: 10 });
  try {
    const out = await trainBatched(tf, ops, { ...req, fused: fusedPath });
    if (!out) throw new Error('cancelled');
    // The path asked for is the path taken (both Node backends have the kernel).
    expect(out.fused === true).toBe(fusedPath);
    return out;
  } finally {
    ops.dispose();
  }
}

describe('the chosen learning rates are stable in float64 (perturbation gain ≤ A)', () => {
  /**
   * G(s → t) measured by finite differences on the oracle: θ_s is moved by δ = 1e-7·M_s along each
   * axis (every 5th step s), the run continued with the same optimizer state, and
   * ‖Δθ_t‖/‖δ‖·M_s/M_t recorded for every t > s. δ = 1e-7·M is large against float64 rounding
   * (1e-16·M: the gain is measured to 1e-9) and small enough to stay linear.
   */
  function maxGain(
    scene: Scene,
    spec: OptimizerSpec,
    lr: number,
    factors: Float64Array,
    start: readonly number[],
  ): number {
    const P = scene.dims;
    const theta = start.slice();
    const state = referenceState(P);
    const snaps: { theta: number[]; m: Float64Array; v: Float64Array; t: number }[] = [];
    const base: number[][] = [];
    for (let t = 0; t <= T; t++) {
      snaps.push({ theta: theta.slice(), m: state.m.slice(), v: state.v.slice(), t: state.t });
      base.push(theta.slice());
      if (t < T) referenceUpdate(spec, theta, scene.grad(theta), lr * factors[t]!, state);
    }
    let M = 0;
    const scale = base.map((th) => (M = Math.max(M, Math.hypot(...th))));
    let gain = 0;
    for (let s = 0; s < T; s += 5) {
      for (let p = 0; p < P; p++) {
        const snap = snaps[s]!;
        const delta = 1e-7 * scale[s]!;
        const th = snap.theta.slice();
        th[p] = th[p]! + delta;
        const st = { m: snap.m.slice(), v: snap.v.slice(), t: snap.t };
        for (let t = s; t < T; t++) {
          referenceUpdate(spec, th, scene.grad(th), lr * factors[t]!, st);
          const d = Math.hypot(...th.map((x, i) => x - base[t + 1]![i]!));
          gain = Math.max(gain, ((d / delta) * scale[s]!) / scale[t + 1]!);
        }
      }
    }
    return gain;
  }

  it.each(['quadratic', 'valley'] as const)('%s', (name) => {
    const { scene, start } = SETTINGS[name];
    const over: string[] = [];
    let worst = 0;
    for (const optimizer of OPTIMIZERS) {
      for (const [hyper, h] of HYPER) {
        for (const [schedule, s] of SCHEDULE_CASES) {
          for (const lr of LRS[name][optimizer]) {
            const g = maxGain(scene, specOf(optimizer, h), lr, scheduleFactors(s, T), start);
            worst = Math.max(worst, g);
            if (!(g <= A)) over.push(`${optimizer} (${hyper}), ${schedule}, η = ${lr}: gain ${g}`);
          }
        }
      }
    }
    expect(over).toEqual([]);
    expect(worst).toBeGreaterThanOrEqual(1);
  });
});

// The same oracle, the same bound E_t, for both paths: the fused kernel computes each step op for
// op in float32 as the unfused ops do (see cpuAnalytic.ts), so the derivation above holds unchanged.
const PATHS = NODE_BACKENDS.flatMap((b) => [
  [b, 'unfused'],
  [b, 'fused'],
]) as [NodeBackend, 'unfused' | 'fused'][];

describe.each(PATHS)('batched optimizers on %s, %s', (backend, path) => {
  beforeAll(async () => {
    await useBackend(backend);
    fusedPath = path === 'fused';
  });

  describe.each(['quadratic', 'valley'] as const)('%s', (name) => {
    const setting = SETTINGS[name];

    it.each(OPTIMIZERS)(
      '%s × 5 schedules × 2 hyper-parameter sets, K = 3 rates, 100 steps: equal to float64 within E_t',
      async (optimizer) => {
        const lrs = LRS[name][optimizer];
        const failures: string[] = [];
        for (const [hyper, h] of HYPER) {
          const spec = specOf(optimizer, h);
          for (const [schedule, s] of SCHEDULE_CASES) {
            const factors = scheduleFactors(s, T);
            const out = await train(name, {
              lrs,
              steps: T,
              start: setting.start,
              optimizer: spec,
              factors,
            });
            lrs.forEach((lr, k) => {
              const ref = referenceTrajectory(setting.scene, lr, T, setting.start, {
                optimizer: spec,
                factors,
              });
              failures.push(
                ...compare(
                  setting,
                  out.losses[k]!,
                  out.paths[k]!,
                  ref,
                  `${hyper}, ${schedule}, η = ${lr}`,
                ),
              );
            });
          }
        }
        expect(failures.slice(0, 10), `${failures.length} failures`).toEqual([]);
      },
    );
  });

  describe('per-run starts and per-run noise', () => {
    // K = 3 runs of the bowl, each with its own start (K·P numbers) and its own gradient noise
    // (T rows of K·P numbers: run k's noise for step t at t·K·P + k·P), against K single runs with
    // that start and noise. The batched ops act row by row, so the rows must be bit-identical; and
    // each must follow the float64 reference fed the same start and noise (within E_t).
    const K = 3;
    const P = 2;
    const starts = [
      [-4, 3],
      [2, -1],
      [0.5, 4],
    ];
    const noises = starts.map((_, k) => gradientNoise(100 + k, T, P, 0.3));
    const interleaved = new Float64Array(T * K * P);
    for (let t = 0; t < T; t++) {
      for (let k = 0; k < K; k++) {
        for (let p = 0; p < P; p++) interleaved[t * K * P + k * P + p] = noises[k]![t * P + p]!;
      }
    }
    const factors = scheduleFactors({ ...DEFAULT_SCHEDULE, schedule: 'cosine', warmup: 10 }, T);

    it.each(OPTIMIZERS)(
      '%s: batched rows = K single runs, and = the float64 references',
      async (optimizer) => {
        const spec = specOf(optimizer, {});
        const lrs = LRS.quadratic[optimizer];
        const batched = await train('quadratic', {
          lrs,
          steps: T,
          start: starts,
          noise: interleaved,
          optimizer: spec,
          factors,
        });
        const failures: string[] = [];
        for (let k = 0; k < K; k++) {
          const single = await train('quadratic', {
            lrs: [lrs[k]!],
            steps: T,
            start: starts[k]!,
            noise: noises[k]!,
            optimizer: spec,
            factors,
          });
          expect(bytesOf(batched.losses[k]!), `run ${k} losses`).toEqual(
            bytesOf(single.losses[0]!),
          );
          expect(bytesOf(batched.paths[k]!), `run ${k} path`).toEqual(bytesOf(single.paths[0]!));
          const ref = referenceTrajectory(SETTINGS.quadratic.scene, lrs[k]!, T, starts[k]!, {
            optimizer: spec,
            factors,
            noise: noises[k]!,
          });
          failures.push(
            ...compare(SETTINGS.quadratic, batched.losses[k]!, batched.paths[k]!, ref, `run ${k}`),
          );
        }
        expect(failures.slice(0, 10), `${failures.length} failures`).toEqual([]);
        // The rows really got their own starts.
        expect(Array.from(batched.paths[1]!.subarray(0, 2))).toEqual([2, -1]);
      },
    );

    // One row per run, so a 1-D scene's K starts are not mistaken for one start of K parameters.
    it('valley (P = 1): K per-run starts give the K single runs', async () => {
      const lrs = [0.1, 0.5, 1];
      const valleyStarts = [-4, -2, 3];
      const batched = await train('valley', {
        lrs,
        steps: 20,
        start: valleyStarts.map((w) => [w]),
      });
      for (let k = 0; k < 3; k++) {
        const single = await train('valley', {
          lrs: [lrs[k]!],
          steps: 20,
          start: [valleyStarts[k]!],
        });
        expect(batched.paths[k]!.length, `run ${k} path length`).toBe(21);
        expect(bytesOf(batched.losses[k]!), `run ${k} losses`).toEqual(bytesOf(single.losses[0]!));
      }
    });
  });

  it.each(OPTIMIZERS)(
    '%s: no tensor outlives training, nor accumulates between chunks',
    async (optimizer) => {
      const before = tf.memory().numTensors;
      const perChunk: number[] = [];
      const ops = sceneOps(tf, 'quadratic', { kappa: 10 });
      const out = await trainBatched(
        tf,
        ops,
        {
          fused: fusedPath,
          lrs: LRS.quadratic[optimizer],
          steps: T,
          start: [-4, 3],
          noise: gradientNoise(7, T, 2, 0.3),
          optimizer: specOf(optimizer, {}),
          factors: scheduleFactors(
            { ...DEFAULT_SCHEDULE, schedule: 'step', every: 10, warmup: 5 },
            T,
          ),
          chunk: 16,
        },
        { onChunk: () => perChunk.push(tf.memory().numTensors) },
      );
      ops.dispose();
      expect(out?.losses[0]).toHaveLength(T + 1);
      expect(tf.memory().numTensors).toBe(before);
      expect(perChunk).toHaveLength(Math.ceil((T + 1) / 16));
      expect(new Set(perChunk).size).toBe(1);
    },
  );

  it.each([
    ['sgd', [0.5, 8, 1.5]],
    ['momentum', [0.05, 8, 0.2]],
  ] as const)(
    '%s at η = 8 on the valley overflows to non-finite without throwing; its neighbours are unharmed',
    async (optimizer, lrs) => {
      // η = 8 throws w up the quartic wall: −4 → 8.3 → −33 → 2.3e3 → −7.5e8 → … past float32's
      // 3.4e38 within a few steps (float64's 1.8e308 a few later). One batch holds it between two
      // stable runs: its NaNs must stay in its row.
      const setting = SETTINGS.valley;
      const spec = specOf(optimizer, {});
      const before = tf.memory().numTensors;
      const out = await train('valley', { lrs, steps: T, start: setting.start, optimizer: spec });
      expect(tf.memory().numTensors).toBe(before);
      const run = cutAtNonFinite(8, out.losses[1]!, out.paths[1]!, 1);
      expect(run.nonFiniteAt).toBeDefined();
      expect(run.nonFiniteAt!).toBeLessThan(20);
      expect(verdictOf(run, setting.scene)).toEqual({
        kind: 'diverged',
        divergedAt: run.nonFiniteAt,
      });
      const ref = referenceTrajectory(setting.scene, 8, T, setting.start, { optimizer: spec });
      expect(ref.nonFiniteAt).toBeDefined();
      for (const k of [0, 2]) {
        const r = referenceTrajectory(setting.scene, lrs[k]!, T, setting.start, {
          optimizer: spec,
        });
        expect(compare(setting, out.losses[k]!, out.paths[k]!, r, `η = ${lrs[k]}`)).toEqual([]);
      }
    },
  );
});
