import { beforeAll, describe, expect, it } from 'vitest';
import { setUp, type Experiment } from '../../src/core/experiment';
import { OPTIMIZERS, type OptimizerKind } from '../../src/core/optimizers';
import { SCHEDULES } from '../../src/core/schedules';
import { lossCount, lossStep } from '../../src/core/trajectory';
import { makeScene, type ModelScene } from '../../src/core/scenes';
import { trainRequest } from '../../src/train/experiment';
import { experimentOps } from '../../src/train/experimentOps';
import { foldOps, foldPlan } from '../../src/train/foldOps';
import { fastTanh } from '../../src/train/fused/fastTanh';
import { MLP_STEP_KERNEL } from '../../src/train/fused/mlpKernel';
import { mlpSimd, simdSupported } from '../../src/train/fused/mlpSimdModule';
import { simdMlpStep } from '../../src/train/fused/mlpStepSimd';
import { mlpLayout, mlpLossAndGrad } from '../../src/core/models/mlp';
import type { BatchedRequest } from '../../src/train/batched';
import { trainBatched, type BatchedOutput, type StepOps } from '../../src/train/trainer';
import { CARS_STABLE_RATES, lecture } from '../helpers/experiments';
import { expectClose, expectCloseRuns, F32_U } from '../helpers/numeric';
import { NODE_BACKENDS, tf, useBackend } from '../helpers/tfjs';

/**
 * The fused step kernel ('LrLabMlpStep', src/train/fused/) against the unfused trainer, which stays
 * the reference (itself held to the float64 oracle in tests/train/mlpOps.test.ts and
 * tests/train/optimizers.test.ts).
 *
 * Tolerance. Both paths evaluate the same formulas from the same float32 θ, data and state; they
 * differ only in rounding: the unfused path rounds every op to float32, the fused one works in
 * float64 within a step and rounds at the stores (θ, state, losses), and its tanh is an interpolant
 * within 8.1e-10 of tanh (src/train/fused/fastTanh.ts) where tfjs' is within 8u. The largest
 * float32 error of one step is the unfused path's sum over the m = 235 training rows (the loss, and
 * the gradient's sums over the batch), at most γ_m = m·u/(1 − m·u) ≈ 1.4e-5 relative to the sum of
 * the magnitudes of its terms (Higham, Accuracy and Stability of Numerical Algorithms, §3.1); every
 * other chain (a row's F + 1 + width products, the optimizer's few ops) is shorter. With learning
 * rates in the stable range (no run's loss rises here) the update map does not expand differences,
 * so after t steps θ and the losses differ by at most about (t + 1)·γ_m relative. Over T = 20
 * steps that is 21·1.4e-5 ≈ 3e-4; the tests allow rel 3e-4 plus an absolute 1e-6 for values near
 * 0 (parameters that start at 0, the biases). Adam divides by √v̂ + ε, which amplifies relative
 * error of g near its first steps by at most 2 (m̂/√v̂ has the error of m̂ plus half that of v̂),
 * so its bound is doubled. The kernel's default body is the WebAssembly SIMD one
 * (src/train/fused/mlpStepSimd.ts), which rounds like the unfused path (float32 sums, tanhV within
 * 4e-7), so the same bound applies to it; the scalar body is compared with it further down. Measured (cpu, batch 32, 20 steps): losses within 2e-7 relative, θ
 * within 3e-6 (sgd) and 3e-5 (adam) of |θ| + 1e-3, inside the bound.
 */
const T = 20;
const REL = 3e-4;
const ABS = 1e-6;

/** The cars network, T steps of plain gradient descent at η = 0.05 unless `over` says otherwise. */
const base = (over: Partial<Experiment>): Experiment =>
  lecture({ scene: 'cars', lrs: [0.05], steps: T, ...over });

/** K learning rates log-spaced in [lo, hi]: all of them stable for the optimizer. */
const rates = (K: number, lo: number, hi: number) =>
  Array.from({ length: K }, (_, i) => lo * (hi / lo) ** (K > 1 ? i / (K - 1) : 0.5));

/**
 * Calls `body` with the experiment's step ops and its training request (its rates, start, noise and
 * patience), and frees the ops after.
 */
async function withOps<R>(
  exp: Experiment,
  body: (ops: StepOps, req: BatchedRequest) => Promise<R>,
): Promise<R> {
  const { start, noise } = setUp(exp);
  const ops = experimentOps(tf, exp);
  try {
    return await body(ops, { ...trainRequest(exp, exp.lrs, start, noise), patience: exp.patience });
  } finally {
    ops.dispose();
  }
}

async function both(exp: Experiment): Promise<{ fused: BatchedOutput; plain: BatchedOutput }> {
  return withOps(exp, async (ops, request) => {
    // Paths every 3rd step over chunks of 8: recorded rows straddle the chunks (as PATH_BUDGET does).
    const req = { ...request, chunk: 8, pathEvery: exp.lrs.length > 1 ? 3 : 1 };
    const fused = await trainBatched(tf, ops, { ...req, fused: true });
    const plain = await trainBatched(tf, ops, req);
    return { fused: fused!, plain: plain! };
  });
}

/**
 * `ties`: where a validation curve is flat to within rounding (a schedule that has shrunk η to
 * almost 0), its lowest point may fall on another step on either side; then the step each side
 * picked must hold, on the other side's curve, a value within the tolerance of that curve's lowest.
 */
function expectSame(a: BatchedOutput, b: BatchedOutput, factor: number, ties = false) {
  const tol = { rel: REL * factor, abs: ABS * factor };
  const each = (xs: Float32Array[], ys: Float32Array[], what: string) =>
    expectCloseRuns(xs, ys, tol, what);
  each(a.losses, b.losses, 'loss');
  each(a.paths, b.paths, 'θ');
  expect(Boolean(a.validation)).toBe(Boolean(b.validation));
  if (a.validation && b.validation) {
    each(a.validation.losses, b.validation.losses, 'validation loss');
    each(a.validation.bestTheta, b.validation.bestTheta, 'best θ');
    if (!ties) {
      expect(a.validation.bestStep).toEqual(b.validation.bestStep);
      expect(a.validation.stopStep).toEqual(b.validation.stopStep);
      return;
    }
    const [va, vb] = [a.validation, b.validation];
    va.bestStep.forEach((s, k) => {
      const lowest = vb.losses[k]![vb.bestStep[k]!]!;
      expectClose(vb.losses[k]![s]!, lowest, tol, `validation at a's best step, run ${k}`);
      const other = va.losses[k]![va.bestStep[k]!]!;
      expectClose(va.losses[k]![vb.bestStep[k]!]!, other, tol, `at b's best step, run ${k}`);
    });
  }
}

describe('fastTanh', () => {
  it('stays within the Hermite bound 8.1e-10 of tanh, odd, with tanh’s special values', () => {
    let worst = 0;
    for (let i = -1_300_000; i <= 1_300_000; i++) {
      const x = i * 1e-5 + 3.7e-7; // off the table's nodes, to probe between them
      worst = Math.max(worst, Math.abs(fastTanh(x) - Math.tanh(x)));
      if (i % 1000 === 0) expect(fastTanh(-x)).toBe(-fastTanh(x));
    }
    expect(worst).toBeLessThanOrEqual(8.1e-10);
    expect(worst).toBeGreaterThan(0); // an interpolant, not Math.tanh
    expect(fastTanh(Infinity)).toBe(1);
    expect(fastTanh(-Infinity)).toBe(-1);
    expect(fastTanh(30)).toBe(1);
    expect(Number.isNaN(fastTanh(NaN))).toBe(true);
    expect(fastTanh(0)).toBe(0);
  });
});

describe('tanhV, the SIMD module’s tanh', () => {
  it('is within 4e-7 relative of tanh (a few float32 roundings), odd, with tanh’s special values', () => {
    expect(simdSupported()).toBe(true); // Node ≥ 16 runs wasm SIMD
    const { exports, memory } = mlpSimd(mlpLayout(4, 16, 1));
    const N = 1 << 20;
    if (memory.buffer.byteLength < 4 * N) {
      memory.grow(Math.ceil((4 * N - memory.buffer.byteLength) / 65536));
    }
    const v = new Float32Array(memory.buffer, 0, N);
    // A dense grid over [−12, 12] (past the clamp at 9), then ± pairs and special values.
    for (let i = 0; i < N - 16; i++)
      v[i] = Math.fround(((i - (N - 16) / 2) / (N - 16)) * 24 + 1e-9);
    const special = [
      0,
      -0,
      Infinity,
      -Infinity,
      NaN,
      1e-30,
      -1e-30,
      0.5,
      -0.5,
      9,
      30,
      -30,
      1e-4,
      -1e-4,
      3,
      -3,
    ];
    v.set(special, N - 16);
    const x = Float32Array.from(v);
    exports.tanh(0, N / 4);
    let worst = 0;
    for (let i = 0; i < N - 16; i++) {
      const t = Math.tanh(x[i]!);
      const e = Math.abs(v[i]! - t) / Math.max(Math.abs(t), 1e-30);
      worst = Math.max(worst, e);
    }
    expect(worst).toBeLessThanOrEqual(4e-7);
    expect(worst).toBeGreaterThan(0); // an approximation, not exact
    const out = Array.from(v.subarray(N - 16));
    expect(Object.is(out[0], 0)).toBe(true);
    expect(Object.is(out[1], -0)).toBe(true);
    expect(out.slice(2, 4)).toEqual([1, -1]);
    expect(Number.isNaN(out[4])).toBe(true);
    expect(out[5]).toBe(Math.fround(1e-30)); // tanh x = x to float32 precision
    expect(out[6]).toBe(-out[5]!);
    expect(out[8]).toBe(-out[7]!);
    expect(out.slice(10, 12)).toEqual([1, -1]);
    expect(out[13]).toBe(-out[12]!);
    expect(out[15]).toBe(-out[14]!);
  });
});

describe.each(NODE_BACKENDS)('the fused MLP step on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  const cases: {
    name: string;
    optimizer: OptimizerKind;
    K: number;
    over: Partial<Experiment>;
    lrs: [number, number];
  }[] = [
    // Minibatches of 32 over 235 training rows: every 8th step is a batch of 11 rows padded with
    // 21 weight-0 slots; shuffled anew each epoch.
    { name: 'sgd, minibatch', optimizer: 'sgd', K: 1, over: { batchSize: 32 }, lrs: [0.05, 0.05] },
    { name: 'sgd, full batch', optimizer: 'sgd', K: 5, over: {}, lrs: [0.01, 0.3] },
    {
      name: 'momentum, minibatch, early stopping',
      optimizer: 'momentum',
      K: 64,
      over: { batchSize: 32, patience: 3 },
      lrs: [1e-3, 0.03],
    },
    {
      name: 'adam, full batch, early stopping',
      optimizer: 'adam',
      K: 5,
      over: { patience: 2 },
      lrs: [1e-3, 0.02],
    },
    {
      name: 'adam, minibatch, 2 × 32 units, cosine schedule',
      optimizer: 'adam',
      K: 5,
      over: { batchSize: 32, width: 32, depth: 2, schedule: 'cosine' },
      lrs: [1e-3, 0.01],
    },
    {
      name: 'nesterov and gradient noise, minibatch without shuffle, drop last',
      optimizer: 'nesterov',
      K: 5,
      over: { batchSize: 50, shuffle: false, dropLast: true, noise: 0.05 },
      lrs: [1e-3, 0.02],
    },
    { name: 'rmsprop, full batch', optimizer: 'rmsprop', K: 5, over: {}, lrs: [1e-4, 3e-3] },
    { name: 'adagrad', optimizer: 'adagrad', K: 5, over: { batchSize: 32 }, lrs: [1e-3, 0.03] },
    { name: 'adamw', optimizer: 'adamw', K: 5, over: { batchSize: 32 }, lrs: [1e-3, 0.01] },
  ];

  it.each(cases)('$name, K = $K: the unfused numbers within the derived tolerance', async (c) => {
    const exp = base({ ...c.over, optimizer: c.optimizer, lrs: rates(c.K, ...c.lrs) });
    const before = tf.memory().numTensors;
    const { fused, plain } = await both(exp);
    expect(tf.memory().numTensors).toBe(before);
    expect(fused.losses).toHaveLength(c.K);
    expect(fused.losses[0]).toHaveLength(T + 1);
    // The runs moved (a kernel that copied θ through would fail here) and stayed finite.
    expect(fused.losses.every((l) => l.every(Number.isFinite))).toBe(true);
    expect(fused.losses[c.K - 1]![T]).toBeLessThan(fused.losses[c.K - 1]![0]!);
    expectSame(fused, plain, c.optimizer.startsWith('adam') ? 2 : 1);
    if (exp.patience > 0) {
      // The best step is where the recorded validation curve is lowest before the stop.
      const v = fused.validation!;
      v.bestStep.forEach((b, k) => {
        const curve = Array.from(v.losses[k]!.subarray(0, v.stopStep[k]! + 1));
        expect(curve[b]).toBe(Math.min(...curve));
      });
    }
  });

  /**
   * Every optimizer under every schedule, chunked: minibatches of 32 with early stopping, chunks
   * of 8 steps (so steps, recorded θ rows and recorded losses straddle chunk boundaries) and the
   * training-set loss recorded every 3rd step and at the last (lossEvery 3: steps 0, 3, …, 18, 20).
   * The same derived bound as above; rates per optimizer are in its stable range (no loss rises).
   */
  const grid = OPTIMIZERS.flatMap((optimizer) =>
    SCHEDULES.map((schedule) => ({ optimizer, schedule })),
  );
  it.each(grid)(
    '$optimizer with a $schedule schedule, chunked, losses every 3rd step: the unfused numbers',
    async ({ optimizer, schedule }) => {
      const exp = base({
        batchSize: 32,
        patience: 4,
        optimizer,
        schedule,
        lrs: rates(5, ...CARS_STABLE_RATES[optimizer]),
      });
      await withOps(exp, async (ops, request) => {
        const before = tf.memory().numTensors;
        const req = { ...request, chunk: 8, pathEvery: 3, lossEvery: 3 };
        const fused = (await trainBatched(tf, ops, { ...req, fused: true }))!;
        const plain = (await trainBatched(tf, ops, req))!;
        expect(tf.memory().numTensors).toBe(before);
        expect(fused.fused).toBe(true);
        expect(fused.lossEvery).toBe(3);
        expect(plain.lossEvery).toBe(3);
        expect(fused.losses[0]).toHaveLength(lossCount(T, 3));
        expect(fused.losses.every((l) => l.every(Number.isFinite))).toBe(true);
        expectSame(fused, plain, optimizer.startsWith('adam') ? 2 : 1, true);
        // Computing fewer losses changes nothing else: against every step's losses, the same bits
        // at the steps computed, and the same θ and validation.
        const all = (await trainBatched(tf, ops, { ...req, lossEvery: 1, fused: true }))!;
        expect(all.lossEvery).toBeUndefined();
        expect(all.losses[0]).toHaveLength(T + 1);
        fused.losses.forEach((l, k) =>
          l.forEach((v, i) => expect(v).toBe(all.losses[k]![lossStep(i, T, 3)])),
        );
        expect(fused.paths).toEqual(all.paths);
        expect(fused.validation).toEqual(all.validation);
      });
    },
  );

  /**
   * The SIMD body against the scalar JavaScript body it replaces (both fused, one switch apart).
   * The scalar body is float64 within a step and rounds at the stores; the SIMD body works in float32
   * like the unfused path, so the derivation above (γ_m per step over m = 235 rows, (t + 1)·γ_m
   * after t steps) bounds their difference the same way. Runs are padded to a multiple of 4 lanes
   * (K = 1, 5: three padding lanes), and the minibatches include weight-0 padding slots.
   */
  const simdCases: { optimizer: OptimizerKind; K: number; over: Partial<Experiment> }[] = [
    { optimizer: 'sgd', K: 1, over: { batchSize: 32 } },
    { optimizer: 'adam', K: 5, over: { patience: 2 } },
    { optimizer: 'momentum', K: 64, over: { batchSize: 32, patience: 3 } },
    { optimizer: 'sgd', K: 256, over: { batchSize: 32, patience: 3 } },
    { optimizer: 'adam', K: 5, over: { batchSize: 32, width: 32, depth: 2 } },
  ];
  it.each(simdCases)(
    'SIMD body = scalar body within the tolerance: $optimizer, K = $K',
    async (c) => {
      expect(simdMlpStep.enabled).toBe(true);
      const exp = base({ ...c.over, optimizer: c.optimizer, lrs: rates(c.K, 1e-3, 0.03) });
      try {
        await withOps(exp, async (ops, request) => {
          const before = tf.memory().numTensors;
          const req = { ...request, chunk: 8, fused: true };
          const simd = (await trainBatched(tf, ops, req))!;
          simdMlpStep.enabled = false;
          const scalar = (await trainBatched(tf, ops, req))!;
          expect(tf.memory().numTensors).toBe(before);
          expect(simd.losses[c.K - 1]![T]).toBeLessThan(simd.losses[c.K - 1]![0]!);
          expectSame(simd, scalar, c.optimizer.startsWith('adam') ? 2 : 1);
        });
      } finally {
        simdMlpStep.enabled = true;
      }
    },
  );

  it('takes one gradient step of the float64 reference (sgd: θ₁ = θ₀ − η∇L(θ₀))', async () => {
    const exp = base({ lrs: [0.1], steps: 1 });
    const { scene, start } = setUp(exp);
    const s = scene as ModelScene;
    const rows = s.split.train;
    const F = s.layout.features;
    // The reference on the float32 data the device sees.
    const x = Float64Array.from({ length: rows.length * F }, (_, k) =>
      Math.fround(s.data.x[rows[Math.floor(k / F)]! * F + (k % F)]!),
    );
    const y = Float64Array.from(rows, (i) => Math.fround(s.data.y[i]!));
    const theta0 = start.map(Math.fround);
    const { loss, grad } = mlpLossAndGrad(s.layout, theta0, x, y);
    const ops = experimentOps(tf, exp);
    try {
      const out = (await trainBatched(tf, ops, {
        lrs: [0.1],
        steps: 1,
        start: theta0,
        fused: true,
      }))!;
      // One step: the loss sums 235 rows (γ_235 ≈ 1.4e-5), θ₁'s components err by u|θ₁| + η·γ·|g|.
      expectClose(out.losses[0]![0]!, loss, { rel: 235 * F32_U }, 'loss at θ₀');
      const P = s.layout.P;
      for (let p = 0; p < P; p++) {
        const want = theta0[p]! - Math.fround(0.1) * grad[p]!;
        expectClose(
          out.paths[0]![P + p]!,
          want,
          { rel: F32_U, abs: 0.1 * 235 * F32_U * Math.abs(grad[p]!) + 1e-12 },
          `θ₁[${p}]`,
        );
      }
    } finally {
      ops.dispose();
    }
  });

  it('trains each run as it would alone, bit for bit (the slider grid relies on it)', async () => {
    const exp = base({ batchSize: 32, patience: 3, optimizer: 'adam', lrs: rates(5, 1e-3, 0.02) });
    await withOps(exp, async (ops, request) => {
      const req = { ...request, fused: true };
      const all = (await trainBatched(tf, ops, req))!;
      const one = (await trainBatched(tf, ops, { ...req, lrs: [exp.lrs[3]!] }))!;
      expect(one.losses[0]).toEqual(all.losses[3]);
      expect(one.paths[0]).toEqual(all.paths[3]);
      expect(one.validation!.losses[0]).toEqual(all.validation!.losses[3]);
      expect(one.validation!.bestTheta[0]).toEqual(all.validation!.bestTheta[3]);
    });
  });

  it('gives the same numbers again after other trainings of the same shape (kept rows)', async () => {
    // The SIMD body keeps whole row sets in its module's memory between steps; trainings with
    // other rows, other splits and full batches in between must not leave it reading stale rows.
    const a = base({ batchSize: 32, patience: 3, lrs: rates(5, 1e-3, 0.03) });
    const others = [
      base({ lrs: rates(5, 1e-3, 0.03), split: { train: 0.3, val: 0.5, test: 0.2 } }),
      base({ batchSize: 16, lrs: rates(5, 1e-3, 0.03), split: { train: 0.5, val: 0, test: 0.5 } }),
      base({ lrs: rates(8, 1e-3, 0.03) }),
      // Another seed: other rows in sets of the same sizes.
      base({ batchSize: 32, patience: 3, lrs: rates(5, 1e-3, 0.03), seed: 7 }),
    ];
    const train = (exp: Experiment) =>
      withOps(
        exp,
        async (ops, req) => (await trainBatched(tf, ops, { ...req, chunk: 8, fused: true }))!,
      );
    // The other seed first: a body that trusted rows of the same count would train `a` on them.
    await train(others[3]!);
    const first = await train(a);
    for (const other of others) {
      await train(other);
      const again = await train(a);
      expect(again.losses).toEqual(first.losses);
      expect(again.paths).toEqual(first.paths);
      expect(again.validation).toEqual(first.validation);
    }
  });

  it('gives the same bits however the steps are cut into chunks (fingerprints stay)', async () => {
    // Each step starts from the float32 values the step before stored, in a kernel call or between
    // two: chunks of 1, 7 and the default (all 21 steps in one call) give identical traces.
    const exp = base({ batchSize: 32, patience: 3, optimizer: 'adam', lrs: rates(5, 1e-3, 0.02) });
    await withOps(exp, async (ops, request) => {
      const req = { ...request, fused: true };
      const whole = (await trainBatched(tf, ops, req))!;
      for (const chunk of [1, 7]) {
        const cut = (await trainBatched(tf, ops, { ...req, chunk }))!;
        expect(cut.losses).toEqual(whole.losses);
        expect(cut.paths).toEqual(whole.paths);
        expect(cut.validation).toEqual(whole.validation);
      }
    });
  });

  it('is one kernel dispatch per chunk of steps', async () => {
    const exp = base({ batchSize: 32, patience: 4, optimizer: 'adam', lrs: rates(4, 1e-3, 1e-2) });
    await withOps(exp, async (ops, request) => {
      const req = { ...request, chunk: T + 1 };
      const fused = await tf.profile(async () => {
        await trainBatched(tf, ops, { ...req, fused: true });
      });
      const names = fused.kernels.map((k) => k.name);
      // The T + 1 steps (T updates and the last step's losses) in one chunk: one dispatch.
      expect(names.filter((n) => n === MLP_STEP_KERNEL)).toHaveLength(1);
      // Beyond it: uploading θ, η and the state.
      expect(names.length).toBeLessThanOrEqual(1 + 12);
      // Chunks of 8: ⌈21 / 8⌉ = 3 dispatches.
      const eight = await tf.profile(async () => {
        await trainBatched(tf, ops, { ...req, chunk: 8, fused: true });
      });
      expect(eight.kernels.filter((k) => k.name === MLP_STEP_KERNEL)).toHaveLength(3);
      const plain = await tf.profile(async () => {
        await trainBatched(tf, ops, req);
      });
      expect(plain.kernels.length).toBeGreaterThan(20 * T);
    });
  });

  it('falls back to the unfused path for k-fold (no fused data there), bit for bit', async () => {
    const exp = base({ lrs: [0.05], steps: 5 });
    const scene = makeScene('cars', exp) as ModelScene;
    const { start } = setUp(exp);
    const ops = foldOps(tf, scene, exp, foldPlan(scene, 3));
    try {
      const req = { lrs: [0.05, 0.05, 0.05], steps: 5, start };
      const a = await trainBatched(tf, ops, { ...req, fused: true });
      const b = await trainBatched(tf, ops, req);
      expect(a!.losses).toEqual(b!.losses);
    } finally {
      ops.dispose();
    }
  });
});
