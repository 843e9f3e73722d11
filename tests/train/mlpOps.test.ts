import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  mlpInit,
  mlpLayout,
  mlpLoss,
  mlpLossAndGrad,
  type MlpLayout,
} from '../../src/core/models/mlp';
import { normal, stream } from '../../src/core/rng';
import { leakGuardFor, mlpOps, type LeakGuard } from '../../src/train/mlpOps';
import type { TF, Tensor, Tensor2D } from '../../src/train/tf';
import { expectClose, F32_U, gammaOf } from '../helpers/numeric';
import { NODE_BACKENDS, tf, useBackend } from '../helpers/tfjs';

/**
 * Tolerances: a running error bound (Wilkinson/Higham, "Accuracy and Stability of Numerical
 * Algorithms", §3) computed per point alongside a float64 replay of exactly the float32 op graph
 * that src/train/mlpOps.ts and tfjs' gradient functions build. Inputs (θ, x, y, w) are float32
 * numbers, so both sides see the same values and only the float32 ops' rounding differs; the
 * float64 reference errs ~2^29 times less and is absorbed by the factor 2 of headroom the test
 * allows. Rules, u = 2^-24, γ_m = m·u/(1 − m·u), e(·) an absolute error bound, |v| + e(v) standing
 * in for the magnitude of a computed value:
 *
 * - a rounded op c = a ∘ b: e(c) ≤ (propagated input errors, to second order) + u·(|c| + e);
 * - a sum of m terms (matMul inner products, tf.sum, the bias gradient's sum over B), in any order
 *   and with or without FMA: e ≤ Σ e(terms) + γ_m·Σ(|term| + e(term));
 * - tanh: e(tanh z) ≤ e(z) (|tanh′| ≤ 1) + 8u·|tanh z|: cpu computes Math.tanh and rounds (≤ 1u,
 *   measured 0.98u), wasm calls a float32 tanhf (measured ≤ 2.7u over 200 001 points in
 *   [−12, 12]); 8u is 3× that.
 *
 * Forward, each layer is matMul(a, W) + matMul(1, b): the second is exact (one product by 1),
 * the add rounds once. Backward, as tfjs differentiates the forward graph: sum → dy = 1;
 * mul(ŵ, r²) → ŵ; square → dy·(2r); sub/reshape/split/transpose pass through (exact); matMul →
 * dW = aᵀ·dz, db = 1ᵀ·dz (a sum over B), da = dz·Wᵀ; tanh → (1 − a²)·da with a the computed
 * tanh output.
 */
interface Replay {
  loss: number;
  lossErr: number;
  grad: Float64Array;
  gradErr: Float64Array;
}

function float32Replay(
  layout: MlpLayout,
  theta: ArrayLike<number>,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  weights?: ArrayLike<number>,
): Replay {
  const u = F32_U;
  const { layers, depth, features: F, P } = layout;
  const B = y.length;
  const th = (k: number) => theta[k]!;

  // Forward. inputs[l] is layer l's input [B × rows], with its error bound.
  const inputs: { v: Float64Array; e: Float64Array }[] = [];
  let a = { v: Float64Array.from({ length: B * F }, (_, k) => x[k]!), e: new Float64Array(B * F) };
  for (let l = 0; l <= depth; l++) {
    const { w: W, b } = layers[l]!;
    inputs.push(a);
    const v = new Float64Array(B * W.cols);
    const e = new Float64Array(B * W.cols);
    for (let s = 0; s < B; s++) {
      for (let j = 0; j < W.cols; j++) {
        let mm = 0;
        let mag = 0;
        let err = 0;
        for (let i = 0; i < W.rows; i++) {
          const wij = th(W.offset + i * W.cols + j);
          const ai = a.v[s * W.rows + i]!;
          const ei = a.e[s * W.rows + i]!;
          mm += ai * wij;
          mag += (Math.abs(ai) + ei) * Math.abs(wij);
          err += Math.abs(wij) * ei;
        }
        const emm = err + gammaOf(W.rows, u) * mag;
        const z = mm + th(b.offset + j);
        const ez = emm + u * (Math.abs(z) + emm);
        if (l < depth) {
          const t = Math.tanh(z);
          v[s * W.cols + j] = t;
          e[s * W.cols + j] = ez + 8 * u * Math.abs(t);
        } else {
          v[s * W.cols + j] = z;
          e[s * W.cols + j] = ez;
        }
      }
    }
    a = { v, e };
  }

  // The loss: ŵ = w/Σw (Σw within γ_B, then a division) or the float32 number 1/B.
  let total = 0;
  for (let s = 0; s < B; s++) total += weights ? weights[s]! : 1;
  const wHat = (s: number) => (total === 0 ? 0 : (weights ? weights[s]! : 1) / total);
  const wErr = (s: number) => wHat(s) * (weights ? gammaOf(B, u) + u : u);
  let loss = 0;
  let lossErr = 0;
  let lossMag = 0;
  let dz = new Float64Array(B);
  let dzErr = new Float64Array(B);
  for (let s = 0; s < B; s++) {
    const r = a.v[s]! - y[s]!;
    const er = a.e[s]! + u * (Math.abs(r) + a.e[s]!);
    const sq = r * r;
    const esq = 2 * Math.abs(r) * er + er * er + u * (Math.abs(r) + er) ** 2;
    const [wh, ew] = [wHat(s), wErr(s)];
    const p = wh * sq;
    const ep = wh * esq + sq * ew + ew * esq + u * (wh + ew) * (sq + esq);
    loss += p;
    lossErr += ep;
    lossMag += p + ep;
    // ∂/∂r: dy·(2r) with dy = ŵ.
    dz[s] = 2 * wh * r;
    dzErr[s] = 2 * (wh * er + Math.abs(r) * ew + ew * er) + 2 * u * (wh + ew) * (Math.abs(r) + er);
  }
  lossErr += gammaOf(B, u) * lossMag;

  // Backward.
  const grad = new Float64Array(P);
  const gradErr = new Float64Array(P);
  for (let l = depth; l >= 0; l--) {
    const { w: W, b } = layers[l]!;
    const input = inputs[l]!;
    for (let j = 0; j < W.cols; j++) {
      let g = 0;
      let err = 0;
      let mag = 0;
      for (let s = 0; s < B; s++) {
        const d = dz[s * W.cols + j]!;
        const ed = dzErr[s * W.cols + j]!;
        g += d;
        err += ed;
        mag += Math.abs(d) + ed;
      }
      grad[b.offset + j] = g;
      gradErr[b.offset + j] = err + gammaOf(B, u) * mag;
      for (let i = 0; i < W.rows; i++) {
        let gw = 0;
        let ew = 0;
        let mw = 0;
        for (let s = 0; s < B; s++) {
          const av = input.v[s * W.rows + i]!;
          const ae = input.e[s * W.rows + i]!;
          const d = dz[s * W.cols + j]!;
          const ed = dzErr[s * W.cols + j]!;
          gw += av * d;
          ew += Math.abs(av) * ed + ae * Math.abs(d) + ae * ed;
          mw += (Math.abs(av) + ae) * (Math.abs(d) + ed);
        }
        grad[W.offset + i * W.cols + j] = gw;
        gradErr[W.offset + i * W.cols + j] = ew + gammaOf(B, u) * mw;
      }
    }
    if (l === 0) break;
    // da = dz·Wᵀ, then through tanh: (1 − a²)·da.
    const below = new Float64Array(B * W.rows);
    const belowErr = new Float64Array(B * W.rows);
    for (let s = 0; s < B; s++) {
      for (let i = 0; i < W.rows; i++) {
        let da = 0;
        let eda = 0;
        let mda = 0;
        for (let j = 0; j < W.cols; j++) {
          const wij = Math.abs(th(W.offset + i * W.cols + j));
          const d = dz[s * W.cols + j]!;
          const ed = dzErr[s * W.cols + j]!;
          da += th(W.offset + i * W.cols + j) * d;
          eda += wij * ed;
          mda += wij * (Math.abs(d) + ed);
        }
        eda += gammaOf(W.cols, u) * mda;
        const av = input.v[s * W.rows + i]!;
        const ae = input.e[s * W.rows + i]!;
        const sq = av * av;
        const esq = 2 * Math.abs(av) * ae + ae * ae + u * (Math.abs(av) + ae) ** 2;
        const om = 1 - sq;
        const eom = esq + u * (Math.abs(om) + esq);
        below[s * W.rows + i] = om * da;
        belowErr[s * W.rows + i] =
          Math.abs(om) * eda +
          Math.abs(da) * eom +
          eom * eda +
          u * (Math.abs(om) + eom) * (Math.abs(da) + eda);
      }
    }
    dz = below;
    dzErr = belowErr;
  }
  return { loss, lossErr, grad, gradErr };
}

/** A case: K parameter rows (float32 numbers) and data shared or per row, with weights or not. */
interface Case {
  layout: MlpLayout;
  K: number;
  B: number;
  theta: Float32Array;
  x: Float32Array;
  y: Float32Array;
  w?: Float32Array;
  perRun: boolean;
}

function makeCase(
  layout: MlpLayout,
  K: number,
  B: number,
  seed: number,
  opts: { perRun: boolean; weights?: 'padding' | 'mixed' },
): Case {
  const init = stream(seed, 'init');
  const theta = new Float32Array(K * layout.P);
  for (let k = 0; k < K; k++) {
    // 1.5× Glorot weights and N(0, 0.25) biases: tanh units off their linear part.
    const row = mlpInit(layout, init).map((v) => 1.5 * v);
    for (const { b } of layout.layers) {
      for (let j = 0; j < b.size; j++) row[b.offset + j] = 0.5 * normal(init);
    }
    theta.set(row, k * layout.P);
  }
  const rows = opts.perRun ? K : 1;
  const rng = stream(seed, 'data');
  const x = Float32Array.from({ length: rows * B * layout.features }, () => normal(rng));
  const y = Float32Array.from({ length: rows * B }, () => normal(rng));
  let w: Float32Array | undefined;
  if (opts.weights === 'padding') {
    // The last samples of each batch are padding: zeros in x and y, weight 0; row r has r + 1 of
    // them (so per-run batches have different sizes), at least one real sample.
    w = new Float32Array(rows * B).fill(1);
    for (let r = 0; r < rows; r++) {
      const pad = Math.min(r + 1, B - 1);
      for (let s = B - pad; s < B; s++) {
        w[r * B + s] = 0;
        y[r * B + s] = 0;
        x.fill(0, (r * B + s) * layout.features, (r * B + s + 1) * layout.features);
      }
    }
  } else if (opts.weights === 'mixed') {
    w = Float32Array.from({ length: rows * B }, (_, s) => [0, 0.5, 1, 2, 3][s % 5]!);
  }
  return { layout, K, B, theta, x, y, ...(w ? { w } : {}), perRun: opts.perRun };
}

/** Row k's data as plain arrays, for the float64 reference. */
function rowData(c: Case, k: number) {
  const r = c.perRun ? k : 0;
  const F = c.layout.features;
  return {
    theta: c.theta.subarray(k * c.layout.P, (k + 1) * c.layout.P),
    x: c.x.subarray(r * c.B * F, (r + 1) * c.B * F),
    y: c.y.subarray(r * c.B, (r + 1) * c.B),
    w: c.w?.subarray(r * c.B, (r + 1) * c.B),
  };
}

function tensors(c: Case): { theta: Tensor2D; x: Tensor; y: Tensor; w?: Tensor } {
  const F = c.layout.features;
  const lead = c.perRun ? [c.K, c.B] : [c.B];
  return {
    theta: tf.tensor2d(c.theta, [c.K, c.layout.P]),
    x: tf.tensor(c.x, [...lead, F]),
    y: tf.tensor(c.y, lead),
    ...(c.w ? { w: tf.tensor(c.w, lead) } : {}),
  };
}

async function run(c: Case, lossOnly = false, guard: LeakGuard = 'none', lib: TF = tf) {
  const ops = mlpOps(lib, c.layout, guard);
  const t = tensors(c);
  const before = tf.memory().numTensors;
  const out = lossOnly
    ? { loss: ops.loss(t.theta, t.x, t.y, t.w), grad: null }
    : ops.lossAndGrad(t.theta, t.x, t.y, t.w);
  const loss = await out.loss.data();
  const grad = out.grad ? await out.grad.data() : null;
  expect(out.loss.shape).toEqual([c.K]);
  if (out.grad) expect(out.grad.shape).toEqual([c.K, c.layout.P]);
  out.loss.dispose();
  out.grad?.dispose();
  // No leaks: only the results were new, and they are freed.
  expect(tf.memory().numTensors).toBe(before);
  for (const v of Object.values(t)) v?.dispose();
  return { loss: Float32Array.from(loss), grad: grad ? Float32Array.from(grad) : null };
}

const LAYOUTS: [string, MlpLayout][] = [
  ['depth 0 (linear), F = 3', mlpLayout(3, 0, 0)],
  ['depth 1, width 1, F = 2', mlpLayout(2, 1, 1)],
  ['depth 1, width 8, F = 4', mlpLayout(4, 8, 1)],
  ['depth 2, width 8, F = 3', mlpLayout(3, 8, 2)],
  ['depth 2, width 1, F = 1', mlpLayout(1, 1, 2)],
];

const DATA: [string, { perRun: boolean; weights?: 'padding' | 'mixed' }][] = [
  ['shared data', { perRun: false }],
  ['shared data, padded', { perRun: false, weights: 'padding' }],
  ['per-run data', { perRun: true }],
  ['per-run data, padded', { perRun: true, weights: 'padding' }],
  ['per-run data, mixed weights', { perRun: true, weights: 'mixed' }],
];

let previous = '';
beforeAll(() => {
  previous = tf.getBackend();
});
afterAll(async () => {
  if (previous) await tf.setBackend(previous);
});

/**
 * tfjs with a matMul that leaks as tfjs-backend-webgpu 4.22's does (src/train/mlpOps.ts,
 * LeakGuard): batch entry j of the result also takes the first operand's zeros times the second
 * operand's entry j + 1, so it is NaN where entry j + 1 holds a NaN or ∞ and exact otherwise
 * (multiplied by 1 + Σ 0·b_{j+1}, which is 1 or NaN). The real kernel leaks only where the inner
 * dimension is no multiple of its tile; this one always does, which is the stricter test.
 */
function webgpuLikeLeak(lib: TF): TF {
  const matMul = ((a: Tensor, b: Tensor, transposeA = false, transposeB = false) =>
    lib.tidy(() => {
      const out = lib.matMul(a, b, transposeA, transposeB);
      if (b.rank !== 3 || b.shape[0]! < 2) return out;
      const next = lib.concat([lib.slice(b, 1), lib.zerosLike(lib.slice(b, 0, 1))], 0);
      return lib.mul(out, lib.add(lib.sum(lib.mul(next, 0), [1, 2], true), 1));
    })) as TF['matMul'];
  return { ...lib, matMul };
}

/**
 * Both guards (src/train/mlpOps.ts, LeakGuard) run on both Node backends: 'finite-operands' is
 * webgpu's, which Node does not have, and it computes the same products and sums of the same terms
 * as 'none', so it must meet the same float64 bound and keep rows as independent.
 */
const GUARDS: readonly LeakGuard[] = ['none', 'finite-operands'];

describe.each(NODE_BACKENDS)('mlpOps on %s', (backend) => {
  beforeAll(async () => {
    await useBackend(backend);
  });

  describe.each(LAYOUTS)('%s', (_name, layout) => {
    it.each(
      DATA.flatMap(([d, o]) => GUARDS.map((guard) => [`${d}, guard ${guard}`, o, guard] as const)),
    )('%s: equals the float64 model within the float32 error bound', async (_d, o, guard) => {
      const c = makeCase(layout, 3, 7, layout.P + (o.perRun ? 1 : 0), o);
      const { loss, grad } = await run(c, false, guard);
      const lossOnly = await run(c, true, guard);
      for (let k = 0; k < c.K; k++) {
        const d = rowData(c, k);
        const ref = mlpLossAndGrad(layout, d.theta, d.x, d.y, d.w);
        const bound = float32Replay(layout, d.theta, d.x, d.y, d.w);
        // The replay computes the same numbers as the reference (it is the same model): a check
        // on the bound's own code, to float64 rounding.
        expectClose(bound.loss, ref.loss, { rel: 1e-12, abs: 1e-300 }, 'replay loss');
        ref.grad.forEach((g, i) =>
          expectClose(bound.grad[i]!, g, { rel: 1e-12, abs: 1e-15 }, `replay grad ${i}`),
        );
        const tol = (e: number) => ({ rel: 0, abs: 2 * e });
        expectClose(loss[k]!, ref.loss, tol(bound.lossErr), `row ${k} loss`);
        expectClose(lossOnly.loss[k]!, ref.loss, tol(bound.lossErr), `row ${k} loss()`);
        for (let i = 0; i < layout.P; i++) {
          expectClose(
            grad![k * layout.P + i]!,
            ref.grad[i]!,
            tol(bound.gradErr[i]!),
            `row ${k} grad[${i}]`,
          );
        }
        // The bound is meaningful: well under the size of what it bounds.
        expect(bound.lossErr).toBeLessThan(1e-4 * ref.loss + 1e-30);
      }
    });
  });

  it.each(GUARDS)(
    'rows are independent: row k of a batch equals a single-run call, bit for bit (guard %s)',
    async (guard) => {
      for (const perRun of [false, true]) {
        const layout = mlpLayout(4, 8, 2);
        const c = makeCase(layout, 5, 9, 77, { perRun, weights: 'padding' });
        const batch = await run(c, false, guard);
        for (let k = 0; k < c.K; k++) {
          const d = rowData(c, k);
          const single = await run(
            {
              ...c,
              K: 1,
              theta: Float32Array.from(d.theta),
              x: Float32Array.from(d.x),
              y: Float32Array.from(d.y),
              ...(d.w ? { w: Float32Array.from(d.w) } : {}),
            },
            false,
            guard,
          );
          expect(batch.loss[k], `row ${k}`).toBe(single.loss[0]);
          expect(batch.grad!.subarray(k * layout.P, (k + 1) * layout.P)).toEqual(single.grad);
        }
      }
    },
  );

  /**
   * One diverging run must not change another run by a single bit (webgpu's matMul leaked a run's
   * NaN into its neighbour: see LeakGuard). Rows 1 and 3 hold what diverging runs produce: a NaN
   * in a first-layer weight, +∞ in the output bias, and finite parameters of 1e37, whose products
   * overflow to ±∞ and give ∞ − ∞ = NaN inside the backward pass. Every other row must give the
   * numbers it gives when rows 1 and 3 are ordinary, and loss() and lossAndGrad() must agree. The
   * layout's inner dimensions (3, 5) are no multiple of any tile size. On cpu and wasm no kernel
   * reads across batch entries, so this guards the ops' structure (no op mixes rows); the kernels'
   * own leak is webgpu's, which tests/e2e/nan-isolation.spec.ts checks in Chromium.
   */
  /** Rows 0, 2 and 4 of a call whose rows 1 and 3 diverged, and of the same call without them. */
  async function isolation(guard: LeakGuard, lib: TF) {
    const layout = mlpLayout(3, 5, 2);
    const { P, layers } = layout;
    const out = [];
    for (const perRun of [false, true]) {
      const c = makeCase(layout, 5, 11, 31, { perRun, weights: 'mixed' });
      const theta = Float32Array.from(c.theta);
      theta[P + layers[0]!.w.offset + 4] = NaN;
      theta[P + layers[2]!.b.offset] = Infinity;
      theta.fill(3e38, 3 * P, 4 * P);
      const clean = await run(c, false, guard, lib);
      const cleanLoss = await run(c, true, guard, lib);
      const bad = await run({ ...c, theta }, false, guard, lib);
      const badLoss = await run({ ...c, theta }, true, guard, lib);
      // Rows 1 and 3 have no finite loss whatever the guard.
      for (const k of [1, 3]) {
        expect(Number.isFinite(bad.loss[k]!), `row ${k}`).toBe(false);
        expect(Number.isFinite(badLoss.loss[k]!), `row ${k} loss()`).toBe(false);
      }
      for (const k of [0, 2, 4]) {
        const row = (g: Float32Array | null) => Array.from(g!.subarray(k * P, (k + 1) * P));
        expect(Number.isFinite(clean.loss[k]!)).toBe(true);
        out.push({
          k,
          perRun,
          got: [bad.loss[k]!, badLoss.loss[k]!, ...row(bad.grad)],
          want: [clean.loss[k]!, cleanLoss.loss[k]!, ...row(clean.grad)],
        });
      }
    }
    return out;
  }

  /**
   * One diverging run must not change another run by a single bit. Rows 1 and 3 hold what
   * diverging runs produce: a NaN in a first-layer weight and +∞ in the output bias (row 1), and
   * finite parameters of 3e38 (row 3), whose products with |x| > 1.2 overflow to ±∞ and give
   * ∞ − ∞ = NaN in the first layer's output, so a NaN hidden activation and gradient. The other
   * rows must give, loss() and lossAndGrad() alike, what they give when rows 1 and 3 are ordinary.
   * On cpu and wasm no kernel reads across batch entries, so this holds for both guards and
   * guards the ops' own structure (no op mixes rows); with a matMul leaking like webgpu's only
   * 'finite-operands' holds, and 'none' does not (so the emulation does leak as webgpu did).
   * tests/e2e/nan-isolation.spec.ts checks webgpu itself in Chromium.
   */
  it.each(GUARDS)(
    "a NaN, an ∞ or an overflow in one run leaves the other runs' loss and gradient bit for bit (guard %s)",
    async (guard) => {
      for (const { k, perRun, got, want } of await isolation(guard, tf)) {
        expect(got, `row ${k}, per-run data ${perRun}`).toEqual(want);
      }
    },
  );

  it("with a matMul that leaks like webgpu's, only 'finite-operands' keeps the runs apart", async () => {
    const leaky = webgpuLikeLeak(tf);
    for (const { k, perRun, got, want } of await isolation('finite-operands', leaky)) {
      expect(got, `row ${k}, per-run data ${perRun}`).toEqual(want);
    }
    // Unguarded, row 0 reads row 1's NaN (its loss is NaN) and row 2 the NaN of row 3's backward
    // pass (its gradient is); row 4 has no row after it.
    for (const { k, got } of await isolation('none', leaky)) {
      expect(got.some(Number.isNaN), `row ${k}`).toBe(k !== 4);
      if (k === 0) expect(got[0], 'row 0 loss').toBeNaN();
    }
  });

  it("'finite-operands' gives the numbers of 'none' for finite rows, bit for bit", async () => {
    // The guard only multiplies by an exact 1, replaces nothing in finite tensors, and computes
    // dWᵀ = dzᵀ·a and Σ_s dz in place of aᵀ·dz and 1ᵀ·dz.
    for (const layout of [mlpLayout(4, 0, 0), mlpLayout(4, 16, 1), mlpLayout(3, 8, 2)]) {
      for (const opts of DATA.map(([, o]) => o)) {
        const c = makeCase(layout, 4, 13, 5, opts);
        const plain = await run(c, false, 'none');
        const guarded = await run(c, false, 'finite-operands');
        expect(guarded.loss).toEqual(plain.loss);
        expect(guarded.grad).toEqual(plain.grad);
        expect((await run(c, true, 'finite-operands')).loss).toEqual(plain.loss);
      }
    }
  });

  it('a row of padding only has loss and gradient 0 (divNoNan), like mlp.ts', async () => {
    const layout = mlpLayout(2, 3, 1);
    const c = makeCase(layout, 2, 4, 5, { perRun: true, weights: 'padding' });
    c.w!.fill(0, 4, 8); // row 1: no real samples
    const { loss, grad } = await run(c);
    const d = rowData(c, 1);
    expect(mlpLoss(layout, d.theta, d.x, d.y, d.w)).toBe(0);
    expect(loss[1]).toBe(0);
    expect(Array.from(grad!.subarray(layout.P)).every((g) => g === 0)).toBe(true);
    expect(loss[0]).toBeGreaterThan(0);
  });

  it('bind gives the scene interface with the data fixed, and leaks nothing', async () => {
    const layout = mlpLayout(3, 4, 1);
    const c = makeCase(layout, 2, 6, 9, { perRun: false });
    const t = tensors(c);
    const ops = mlpOps(tf, layout);
    const scene = ops.bind(t.x, t.y);
    const before = tf.memory().numTensors;
    const a = scene.lossAndGrad(t.theta);
    const b = ops.lossAndGrad(t.theta, t.x, t.y);
    const l = scene.loss(t.theta);
    expect(await a.loss.data()).toEqual(await b.loss.data());
    expect(await a.grad.data()).toEqual(await b.grad.data());
    expect(await l.data()).toEqual(await b.loss.data());
    tf.dispose([a.loss, a.grad, b.loss, b.grad, l]);
    scene.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(Object.values(t) as Tensor[]);
  });

  it('writes out exactly the backpropagation tf.valueAndGrad derives, bit for bit', async () => {
    // lossAndGrad builds the gradient ops by hand (no tape); tfjs' autodiff of the same forward
    // graph (ops.loss) must give the very same float32 numbers, shared and per-run data, with
    // padding weights, for depths 0, 1 and 2.
    for (const layout of [mlpLayout(4, 0, 0), mlpLayout(4, 16, 1), mlpLayout(3, 8, 2)]) {
      const ops = mlpOps(tf, layout, 'none');
      const F = layout.features;
      const before = tf.memory().numTensors;
      const theta = tf.randomNormal([5, layout.P], 0, 0.5, 'float32', 11) as Tensor2D;
      const w = tf.tensor1d(Array.from({ length: 9 }, (_, i) => (i % 4 === 3 ? 0 : 1)));
      const shared = [
        tf.randomNormal([9, F], 0, 1, 'float32', 12),
        tf.randomNormal([9], 0, 1, 'float32', 13),
        w,
      ];
      const perRun = [
        tf.randomNormal([5, 9, F], 0, 1, 'float32', 14),
        tf.randomNormal([5, 9], 0, 1, 'float32', 15),
        tf.tidy(() => tf.tile(tf.reshape(w, [1, 9]), [5, 1])),
      ];
      for (const [x, y, wt] of [shared, perRun]) {
        const hand = ops.lossAndGrad(theta, x!, y!, wt);
        const auto = tf.valueAndGrad((t: Tensor) => ops.loss(t as Tensor2D, x!, y!, wt))(theta);
        expect(await hand.grad.data()).toEqual(await auto.grad.data());
        expect(await hand.loss.data()).toEqual(await auto.value.data());
        tf.dispose([hand.loss, hand.grad, auto.value, auto.grad]);
      }
      tf.dispose([theta, ...shared, ...perRun]);
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('guards on webgpu only, whose matMul leaks between batch entries', () => {
    expect(leakGuardFor('webgpu')).toBe('finite-operands');
    for (const b of ['cpu', 'wasm', 'webgl']) expect(leakGuardFor(b), b).toBe('none');
    // mlpOps picks the active backend's guard: on cpu and wasm the unguarded ops.
    expect(leakGuardFor(tf.getBackend())).toBe('none');
  });

  it('rejects data of the wrong shape', () => {
    const layout = mlpLayout(3, 4, 1);
    const ops = mlpOps(tf, layout);
    const before = tf.memory().numTensors;
    const theta = tf.zeros([2, layout.P]) as Tensor2D;
    const bad: [Tensor, Tensor, Tensor | undefined, RegExp][] = [
      [tf.zeros([5, 2]), tf.zeros([5]), undefined, /x must be/],
      [tf.zeros([3, 5, 3]), tf.zeros([3, 5]), undefined, /x must be/],
      [tf.zeros([5, 3]), tf.zeros([4]), undefined, /y must be/],
      [tf.zeros([2, 5, 3]), tf.zeros([5]), undefined, /y must be/],
      [tf.zeros([5, 3]), tf.zeros([5]), tf.zeros([2, 5]), /w must be/],
    ];
    for (const [x, y, w, message] of bad) {
      expect(() => ops.lossAndGrad(theta, x, y, w)).toThrow(message);
      expect(() => ops.loss(theta, x, y, w)).toThrow(message);
    }
    const wide = tf.zeros([2, layout.P + 1]) as Tensor2D;
    expect(() => ops.loss(wide, bad[0]![0], bad[0]![1])).toThrow(/θ must be/);
    tf.dispose([theta, wide, ...bad.flatMap(([x, y, w]) => (w ? [x, y, w] : [x, y]))]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
