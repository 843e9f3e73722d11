import type { MlpLayout } from '../../core/models/mlp';
import type { OptimizerKind, OptimizerSpec } from '../../core/optimizers';
import { STATE_COUNT } from '../optimizers';
import { fastTanh } from './fastTanh';

/**
 * One training step of K MLPs in plain loops over typed arrays: the body of the fused kernel
 * (src/train/fused/mlpKernel.ts), with no tfjs in it, so the same code runs over the cpu backend's
 * arrays and over views of the wasm backend's heap.
 *
 * For each run k it does what one step of the unfused trainer does (src/train/trainer.ts with
 * src/train/dataOps.ts and src/train/mlpOps.ts), at θ_k:
 *
 * 1. with validation rows, the validation loss V_k (plain MSE) and the early-stopping update of
 *    `earlyStopping` (improved = V_k < best_k and the run has not stopped; best θ copied then);
 * 2. the loss and gradient of the step's batch by backpropagation, as `mlpLossAndGrad`
 *    (src/core/models/mlp.ts): weighted MSE Σ w_s r_s² / Σ w_s, δ_out = 2 w_s r_s / Σ w, each layer
 *    adding aᵀδ to W and δ to b and passing δWᵀ ⊙ (1 − a²) down; Σ w = 0 gives loss and gradient 0;
 * 3. the recorded loss: the MSE over all training rows (the batch's own loss in full-batch mode),
 *    in minibatch mode only where `recordLoss` asks for it;
 * 4. unless this is the last recorded step, g + n_t and the optimizer's update of
 *    `referenceUpdate` (src/core/optimizers.ts, formulas and sources there) with η_k·factor_t.
 *
 * Arithmetic is float64 inside a step; θ, the optimizer state and the losses are stored as float32
 * (the stores round), and the products the unfused path forms in float32 before they meet θ (η·factor)
 * are rounded with Math.fround, so the two paths agree to float32 rounding (tests/train/fusedMlp.test.ts
 * derives the tolerance).
 */
export interface MlpStepIo {
  readonly K: number;
  readonly theta: Float32Array;
  /** Learning rates, one per run. */
  readonly lr: Float32Array;
  /** The schedule's factor for this step. */
  readonly factor: number;
  /** The step number counted from 1 (Adam's bias corrections). */
  readonly step: number;
  /** Optimizer state in (0, 1 or 2 arrays of K·P) and out; out only when updating. */
  readonly state: readonly Float32Array[];
  /** Where θ_{t+1} and the new state go; null on the last recorded step (no update). */
  readonly thetaOut: Float32Array | null;
  readonly stateOut: readonly Float32Array[];
  /** The gradient's rows: all of x/y, or those idx[offset…offset+B) with weights w. */
  readonly gx: Float32Array;
  readonly gy: Float32Array;
  readonly batch: {
    readonly idx: Int32Array;
    readonly w: Float32Array;
    readonly offset: number;
    readonly B: number;
  } | null;
  /** The recorded loss's rows (the training set); null: the gradient's rows are the training set. */
  readonly rx: Float32Array | null;
  readonly ry: Float32Array | null;
  readonly vx: Float32Array | null;
  readonly vy: Float32Array | null;
  /** Gradient noise for this step: P numbers shared by all runs, or K·P (one row per run). */
  readonly noise: Float32Array | null;
  readonly noiseOffset: number;
  readonly noisePerRun: boolean;
  /** Early-stopping state in and out (with validation rows). */
  readonly track: {
    readonly patience: number;
    readonly best: Float32Array;
    readonly since: Float32Array;
    readonly theta: Float32Array;
    readonly bestOut: Float32Array;
    readonly sinceOut: Float32Array;
    readonly thetaOut: Float32Array;
  } | null;
  readonly lossOut: Float32Array;
  readonly valOut: Float32Array | null;
  /**
   * Whether to compute the recorded loss where it is a pass of its own (rx/ry: the training rows
   * in minibatch mode); false leaves NaN in lossOut. Default true. (In full-batch mode the recorded
   * loss is the batch's, computed with the gradient anyway.)
   */
  readonly recordLoss?: boolean;
  /**
   * Identities of the whole-set rows (gradient rows in full-batch mode, recorded rows, validation
   * rows), for reusing their transposed copies across steps; absent: transposed every call.
   */
  readonly keys?: { readonly g?: object; readonly r?: object; readonly v?: object };
}

/**
 * A set of rows feature-major (xT[i·n + s] = feature i of row s), so that the hot loops below run
 * over rows: long, simple inner loops with one weight held in a register, which V8 compiles far
 * better than per-row loops over 4 features or 16 units.
 */
interface Rows {
  readonly n: number;
  readonly xT: Float64Array;
  readonly y: Float64Array;
  /** Per-row weights; null: all 1. */
  readonly w: Float64Array | null;
  /** Σ w (n without weights). */
  readonly total: number;
}

/** Rows of x (n × F row-major), all of them or those picked by idx with nonzero weight. */
function rowsOf(
  F: number,
  x: Float32Array,
  y: Float32Array,
  pick: { idx: Int32Array; w: Float32Array; offset: number; B: number } | null,
): Rows {
  if (!pick) {
    const n = y.length;
    const xT = new Float64Array(F * n);
    for (let s = 0; s < n; s++) for (let i = 0; i < F; i++) xT[i * n + s] = x[s * F + i]!;
    return { n, xT, y: Float64Array.from(y), w: null, total: n };
  }
  // Weight-0 slots (padding) contribute 0 to the loss and the gradient: left out, as the float64
  // reference skips them.
  const { idx, w, offset, B } = pick;
  let n = 0;
  let total = 0;
  for (let j = 0; j < B; j++) {
    const ws = w[offset + j]!;
    total += ws;
    if (ws !== 0) n++;
  }
  const xT = new Float64Array(F * n);
  const ys = new Float64Array(n);
  const ws = new Float64Array(n);
  let s = 0;
  for (let j = 0; j < B; j++) {
    const wj = w[offset + j]!;
    if (wj === 0) continue;
    const r = idx[offset + j]!;
    for (let i = 0; i < F; i++) xT[i * n + s] = x[r * F + i]!;
    ys[s] = y[r]!;
    ws[s] = wj;
    s++;
  }
  return { n, xT, y: ys, w: ws, total };
}

/**
 * Whole sets of rows (training, validation) are the same tensors at every step: their feature-major
 * copies are kept per key (the tensor's data id, which tfjs never reuses for other values), so a
 * step with few runs does not spend its time transposing them again.
 */
const rowCache = new WeakMap<object, Rows>();

function cachedRows(F: number, x: Float32Array, y: Float32Array, key: object | undefined): Rows {
  if (!key) return rowsOf(F, x, y, null);
  let rows = rowCache.get(key);
  if (!rows || rows.n !== y.length) {
    rows = rowsOf(F, x, y, null);
    rowCache.set(key, rows);
  }
  return rows;
}

/** Per-layer offsets of W and b in a θ row, and scratch that grows with the rows seen. */
interface Plan {
  readonly F: number;
  readonly H: number;
  readonly depth: number;
  readonly P: number;
  readonly wOff: Int32Array;
  readonly bOff: Int32Array;
  readonly grad: Float64Array;
  /** Rows the scratch holds: acts (depth·H·cap), out and dOut (cap), delta and below (H·cap). */
  cap: number;
  acts: Float64Array;
  out: Float64Array;
  dOut: Float64Array;
  delta: Float64Array;
  below: Float64Array;
}

const plans = new WeakMap<MlpLayout, Plan>();

function planOf(layout: MlpLayout): Plan {
  let plan = plans.get(layout);
  if (!plan) {
    plan = {
      F: layout.features,
      H: layout.width,
      depth: layout.depth,
      P: layout.P,
      wOff: Int32Array.from(layout.layers, (l) => l.w.offset),
      bOff: Int32Array.from(layout.layers, (l) => l.b.offset),
      grad: new Float64Array(layout.P),
      cap: 0,
      acts: new Float64Array(0),
      out: new Float64Array(0),
      dOut: new Float64Array(0),
      delta: new Float64Array(0),
      below: new Float64Array(0),
    };
    plans.set(layout, plan);
  }
  return plan;
}

function ensure(pl: Plan, n: number): void {
  if (n <= pl.cap) return;
  pl.cap = n;
  pl.acts = new Float64Array(pl.depth * pl.H * n);
  pl.out = new Float64Array(n);
  pl.dOut = new Float64Array(n);
  pl.delta = new Float64Array(pl.H * n);
  pl.below = new Float64Array(pl.H * n);
}

/**
 * ŷ for every row into pl.out, and each hidden layer's tanh activations into pl.acts (layer l,
 * unit j, row s at (l·H + j)·n + s), for θ row o: z_j = b_j + Σ_i a_i·W[i][j], a = tanh z.
 */
function forward(pl: Plan, th: Float32Array, o: number, d: Rows): void {
  const { depth, H, F, wOff, bOff, acts, out } = pl;
  const n = d.n;
  for (let l = 0; l < depth; l++) {
    const fanIn = l === 0 ? F : H;
    const src = l === 0 ? d.xT : acts;
    const srcOff = l === 0 ? 0 : (l - 1) * H * n;
    const wo = o + wOff[l]!;
    const bo = o + bOff[l]!;
    for (let j = 0; j < H; j++) {
      const zo = (l * H + j) * n;
      const b = th[bo + j]!;
      for (let s = 0; s < n; s++) acts[zo + s] = b;
      axpy4(acts, zo, src, srcOff, n, fanIn, th, wo + j, H);
      for (let s = 0; s < n; s++) acts[zo + s] = fastTanh(acts[zo + s]!);
    }
  }
  const fanIn = depth === 0 ? F : H;
  const src = depth === 0 ? d.xT : acts;
  const srcOff = depth === 0 ? 0 : (depth - 1) * H * n;
  const wo = o + wOff[depth]!;
  const b = th[o + bOff[depth]!]!;
  for (let s = 0; s < n; s++) out[s] = b;
  axpy4(out, 0, src, srcOff, n, fanIn, th, wo, 1);
}

/**
 * dst[d + s] += Σ_i src[so + i·n + s]·th[w + i·stride] for s < n, i < count: four inputs per
 * pass over the rows, so each destination value is loaded and stored a quarter as often.
 */
function axpy4(
  dst: Float64Array,
  d: number,
  src: Float64Array,
  so: number,
  n: number,
  count: number,
  th: Float32Array,
  w: number,
  stride: number,
): void {
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const w0 = th[w + i * stride]!;
    const w1 = th[w + (i + 1) * stride]!;
    const w2 = th[w + (i + 2) * stride]!;
    const w3 = th[w + (i + 3) * stride]!;
    const s0 = so + i * n;
    const s1 = s0 + n;
    const s2 = s1 + n;
    const s3 = s2 + n;
    for (let s = 0; s < n; s++) {
      dst[d + s] =
        dst[d + s]! + src[s0 + s]! * w0 + src[s1 + s]! * w1 + src[s2 + s]! * w2 + src[s3 + s]! * w3;
    }
  }
  for (; i < count; i++) {
    const wi = th[w + i * stride]!;
    const si = so + i * n;
    for (let s = 0; s < n; s++) dst[d + s] = dst[d + s]! + src[si + s]! * wi;
  }
}

/** Plain MSE of θ row o over the rows. */
function mse(pl: Plan, th: Float32Array, o: number, d: Rows): number {
  if (d.n === 0) return 0;
  forward(pl, th, o, d);
  const { out } = pl;
  let sum = 0;
  for (let s = 0; s < d.n; s++) {
    const r = out[s]! - d.y[s]!;
    sum += r * r;
  }
  return sum / d.n;
}

/**
 * The weighted MSE of θ row o over the rows, and its gradient into pl.grad by backpropagation, as
 * a matrix over rows: δ_out,s = 2 w_s r_s / Σw; a layer's ∂W[i][j] = Σ_s a_i,s δ_j,s and
 * ∂b_j = Σ_s δ_j,s; δ below = (W δ)_i,s ⊙ (1 − a_i,s²).
 */
function lossAndGrad(pl: Plan, th: Float32Array, o: number, d: Rows): number {
  const { depth, H, F, wOff, bOff, grad } = pl;
  const n = d.n;
  if (!(d.total > 0) || n === 0) {
    grad.fill(0);
    return 0;
  }
  forward(pl, th, o, d);
  const { acts, out, dOut } = pl;
  const { y, w, total } = d;
  let sum = 0;
  for (let s = 0; s < n; s++) {
    const r = out[s]! - y[s]!;
    const ws = w ? w[s]! : 1;
    sum += ws * r * r;
    dOut[s] = (2 * ws * r) / total;
  }
  // The output unit (fan-out 1).
  {
    const fanIn = depth === 0 ? F : H;
    const src = depth === 0 ? d.xT : acts;
    const srcOff = depth === 0 ? 0 : (depth - 1) * H * n;
    let g = 0;
    for (let s = 0; s < n; s++) g += dOut[s]!;
    grad[bOff[depth]!] = g;
    for (let i = 0; i < fanIn; i++) {
      const so = srcOff + i * n;
      let gi = 0;
      for (let s = 0; s < n; s++) gi += src[so + s]! * dOut[s]!;
      grad[wOff[depth]! + i] = gi;
    }
  }
  if (depth === 0) return sum / total;
  let delta = pl.delta;
  let below = pl.below;
  {
    const ao = (depth - 1) * H * n;
    const wo = o + wOff[depth]!;
    for (let i = 0; i < H; i++) {
      const wi = th[wo + i]!;
      for (let s = 0; s < n; s++) {
        const a = acts[ao + i * n + s]!;
        delta[i * n + s] = wi * dOut[s]! * (1 - a * a);
      }
    }
  }
  for (let l = depth - 1; l >= 0; l--) {
    const fanIn = l === 0 ? F : H;
    const src = l === 0 ? d.xT : acts;
    const srcOff = l === 0 ? 0 : (l - 1) * H * n;
    const wo = wOff[l]!;
    for (let j = 0; j < H; j++) {
      let g = 0;
      for (let s = 0; s < n; s++) g += delta[j * n + s]!;
      grad[bOff[l]! + j] = g;
    }
    for (let i = 0; i < fanIn; i++) {
      const so = srcOff + i * n;
      let j = 0;
      // Four units per pass over the rows: each activation loaded once for four sums.
      for (; j + 4 <= H; j += 4) {
        const d0 = j * n;
        const d1 = d0 + n;
        const d2 = d1 + n;
        const d3 = d2 + n;
        let g0 = 0;
        let g1 = 0;
        let g2 = 0;
        let g3 = 0;
        for (let s = 0; s < n; s++) {
          const a = src[so + s]!;
          g0 += a * delta[d0 + s]!;
          g1 += a * delta[d1 + s]!;
          g2 += a * delta[d2 + s]!;
          g3 += a * delta[d3 + s]!;
        }
        const gw = wo + i * H + j;
        grad[gw] = g0;
        grad[gw + 1] = g1;
        grad[gw + 2] = g2;
        grad[gw + 3] = g3;
      }
      for (; j < H; j++) {
        const dj = j * n;
        let g = 0;
        for (let s = 0; s < n; s++) g += src[so + s]! * delta[dj + s]!;
        grad[wo + i * H + j] = g;
      }
    }
    if (l === 0) break;
    for (let i = 0; i < H; i++) {
      const bi = i * n;
      for (let s = 0; s < n; s++) below[bi + s] = 0;
      // Σ_j W[i][j]·δ_j: row i of W is contiguous in θ (stride 1), δ_j at j·n.
      axpy4(below, bi, delta, 0, n, H, th, o + wo + i * H, 1);
      const ao = srcOff + bi;
      for (let s = 0; s < n; s++) {
        const a = acts[ao + s]!;
        below[bi + s] = below[bi + s]! * (1 - a * a);
      }
    }
    const swap = delta;
    delta = below;
    below = swap;
  }
  return sum / total;
}

/**
 * A step body for one kernel call (a chunk of steps): `step` advances all K runs by one step (see
 * MlpStepIo); `settle(host)` makes a host array the kernel handed in as θ or optimizer state hold
 * its values, before the kernel reads it (a body may keep them elsewhere between steps).
 */
export interface MlpStepBody {
  step(io: MlpStepIo): void;
  settle(host: Float32Array): void;
}

/** The scalar body: `mlpStep`, its values always in the host arrays. */
export function scalarStepBody(layout: MlpLayout, spec: OptimizerSpec): MlpStepBody {
  return { step: (io) => mlpStep(layout, spec, io), settle: () => undefined };
}

/** One step for all K runs; see MlpStepIo. */
export function mlpStep(layout: MlpLayout, spec: OptimizerSpec, io: MlpStepIo): void {
  const pl = planOf(layout);
  const { P, F, grad } = pl;
  const { K, theta } = io;
  const keys = io.keys ?? {};
  const gRows = io.batch ? rowsOf(F, io.gx, io.gy, io.batch) : cachedRows(F, io.gx, io.gy, keys.g);
  const skipRecorded = io.recordLoss === false;
  const rRows = io.rx && io.ry && !skipRecorded ? cachedRows(F, io.rx, io.ry, keys.r) : null;
  const vRows = io.vx && io.vy && io.valOut ? cachedRows(F, io.vx, io.vy, keys.v) : null;
  ensure(pl, Math.max(gRows.n, rRows?.n ?? 0, vRows?.n ?? 0));
  const c1 = 1 - spec.beta1 ** io.step;
  const c2 = 1 - spec.beta2 ** io.step;
  for (let k = 0; k < K; k++) {
    const o = k * P;
    if (vRows && io.valOut) {
      trackRun(io, k, P, Math.fround(mse(pl, theta, o, vRows)));
    }
    const batchLoss = lossAndGrad(pl, theta, o, gRows);
    io.lossOut[k] = rRows ? mse(pl, theta, o, rRows) : io.rx && skipRecorded ? NaN : batchLoss;

    if (io.thetaOut) updateRun(spec, io, k, P, grad, c1, c2);
  }
}

/**
 * The plain MSE over the rows (x: n × F row-major, y: n) of each θ row of `theta` (K × P), as the
 * step computes its recorded loss: float64 inside, rounded to float32. A network's slice surface
 * (src/train/modelSurface.ts) evaluates its grid of parameter sets this way on every backend.
 */
export function mlpLosses(
  layout: MlpLayout,
  theta: Float32Array,
  x: Float32Array,
  y: Float32Array,
): Float32Array {
  const pl = planOf(layout);
  const rows = rowsOf(pl.F, x, y, null);
  ensure(pl, rows.n);
  const out = new Float32Array(theta.length / pl.P);
  for (let k = 0; k < out.length; k++) out[k] = mse(pl, theta, k * pl.P, rows);
  return out;
}

/**
 * With validation rows: run k's validation loss V_k into valOut and the early-stopping update
 * (improved = V_k < best_k and the run has not stopped; its θ copied to the best θ then).
 */
export function trackRun(io: MlpStepIo, k: number, P: number, v: number): void {
  io.valOut![k] = v;
  const track = io.track;
  if (!track) return;
  const o = k * P;
  const since = track.since[k]!;
  const alive = !(track.patience > 0) || since < track.patience;
  const improved = alive && v < track.best[k]!;
  track.bestOut[k] = improved ? v : track.best[k]!;
  track.sinceOut[k] = improved ? 0 : alive ? since + 1 : since;
  track.thetaOut.set((improved ? io.theta : track.theta).subarray(o, o + P), o);
}

/**
 * Run k's update into io.thetaOut and io.stateOut from its gradient `grad` (P numbers, float64):
 * g + n_t, then `referenceUpdate` (src/core/optimizers.ts) with η_k·factor_t; c1, c2 are Adam's
 * bias corrections 1 − β₁ᵗ, 1 − β₂ᵗ. `grad` gets the noise added in place.
 */
export function updateRun(
  spec: OptimizerSpec,
  io: MlpStepIo,
  k: number,
  P: number,
  grad: Float64Array,
  c1: number,
  c2: number,
): void {
  const o = k * P;
  const factor = Math.fround(io.factor);
  if (io.noise) {
    const no = io.noiseOffset + (io.noisePerRun ? o : 0);
    for (let p = 0; p < P; p++) grad[p] = grad[p]! + io.noise[no + p]!;
  }
  const eta = Math.fround(io.lr[k]! * factor);
  RUN_UPDATE[spec.optimizer](spec, io, o, P, grad, eta, c1, c2);
}

/**
 * One optimizer's update of one run's P coordinates at offset o: θ from io.theta into io.thetaOut,
 * its state from io.state into io.stateOut, with the noisy gradient `grad` and the step η already
 * scaled by the schedule; float64 inside, each stored number rounded to float32.
 */
type RunUpdate = (
  spec: OptimizerSpec,
  io: MlpStepIo,
  o: number,
  P: number,
  grad: Float64Array,
  eta: number,
  c1: number,
  c2: number,
) => void;

/**
 * Each optimizer's update, as `referenceUpdate` (src/core/optimizers.ts) writes it. Selected once
 * per run and step (the loop over P is inside), so the table costs one call per run-step. A new
 * optimizer fails to compile until it has an entry here.
 */
const RUN_UPDATE: Record<OptimizerKind, RunUpdate> = {
  sgd: (_spec, io, o, P, grad, eta) => {
    const out = io.thetaOut!;
    const theta = io.theta;
    for (let p = 0; p < P; p++) out[o + p] = theta[o + p]! - eta * grad[p]!;
  },
  momentum: (spec, io, o, P, grad, eta) => momentumUpdate(spec, io, o, P, grad, eta, false),
  nesterov: (spec, io, o, P, grad, eta) => momentumUpdate(spec, io, o, P, grad, eta, true),
  adagrad: (spec, io, o, P, grad, eta) => squaresUpdate(spec, io, o, P, grad, eta, true),
  rmsprop: (spec, io, o, P, grad, eta) => squaresUpdate(spec, io, o, P, grad, eta, false),
  adam: (spec, io, o, P, grad, eta, c1, c2) => adamUpdate(spec, io, o, P, grad, eta, c1, c2, 0),
  adamw: (spec, io, o, P, grad, eta, c1, c2) =>
    adamUpdate(spec, io, o, P, grad, eta, c1, c2, spec.weightDecay),
};

/** Heavy ball or Nesterov: m ← βm + g, then θ − η·m or θ − η·(g + βm). */
function momentumUpdate(
  spec: OptimizerSpec,
  io: MlpStepIo,
  o: number,
  P: number,
  grad: Float64Array,
  eta: number,
  nesterov: boolean,
): void {
  const out = io.thetaOut!;
  const theta = io.theta;
  const m0 = io.state[0]!;
  const m1 = io.stateOut[0]!;
  for (let p = 0; p < P; p++) {
    const g = grad[p]!;
    const m = Math.fround(spec.beta * m0[o + p]! + g);
    m1[o + p] = m;
    out[o + p] = theta[o + p]! - eta * (nesterov ? g + spec.beta * m : m);
  }
}

/** AdaGrad (v ← v + g²) or RMSProp (v ← ρv + (1 − ρ)g²), then θ − η·g/(√v + ε). */
function squaresUpdate(
  spec: OptimizerSpec,
  io: MlpStepIo,
  o: number,
  P: number,
  grad: Float64Array,
  eta: number,
  adagrad: boolean,
): void {
  const out = io.thetaOut!;
  const theta = io.theta;
  const v0 = io.state[0]!;
  const v1 = io.stateOut[0]!;
  for (let p = 0; p < P; p++) {
    const g = grad[p]!;
    const v = Math.fround(
      adagrad ? v0[o + p]! + g * g : spec.rho * v0[o + p]! + (1 - spec.rho) * g * g,
    );
    v1[o + p] = v;
    out[o + p] = theta[o + p]! - eta * (g / (Math.sqrt(v) + spec.eps));
  }
}

/** Adam with bias corrections c1, c2, plus AdamW's decoupled decay λ (0 for Adam). */
function adamUpdate(
  spec: OptimizerSpec,
  io: MlpStepIo,
  o: number,
  P: number,
  grad: Float64Array,
  eta: number,
  c1: number,
  c2: number,
  decay: number,
): void {
  const out = io.thetaOut!;
  const theta = io.theta;
  const [m0, v0] = io.state as [Float32Array, Float32Array];
  const [m1, v1] = io.stateOut as [Float32Array, Float32Array];
  for (let p = 0; p < P; p++) {
    const g = grad[p]!;
    const m = Math.fround(spec.beta1 * m0[o + p]! + (1 - spec.beta1) * g);
    const v = Math.fround(spec.beta2 * v0[o + p]! + (1 - spec.beta2) * g * g);
    m1[o + p] = m;
    v1[o + p] = v;
    const th = theta[o + p]!;
    out[o + p] = th - eta * (m / c1 / (Math.sqrt(v / c2) + spec.eps) + decay * th);
  }
}

/** How many state arrays of K·P each optimizer keeps (STATE_COUNT, src/train/optimizers.ts). */
export function stateCount(spec: OptimizerSpec): number {
  return STATE_COUNT[spec.optimizer];
}
