import type { MlpLayout } from '../../core/models/mlp';
import type { OptimizerSpec } from '../../core/optimizers';
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
 * 3. the recorded loss: the MSE over all training rows (the batch's own loss in full-batch mode);
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
}

/** Per-layer offsets of W and b in a θ row, fan-in and fan-out, as flat arrays for the hot loops. */
interface Plan {
  readonly F: number;
  readonly H: number;
  readonly depth: number;
  readonly P: number;
  readonly wOff: Int32Array;
  readonly bOff: Int32Array;
  readonly rows: Int32Array;
  readonly cols: Int32Array;
  /** Scratch: hidden activations (depth × H), gradient (P), two δ rows (H). */
  readonly acts: Float64Array;
  readonly grad: Float64Array;
  readonly delta: Float64Array;
  readonly below: Float64Array;
}

const plans = new WeakMap<MlpLayout, Plan>();

function planOf(layout: MlpLayout): Plan {
  let plan = plans.get(layout);
  if (!plan) {
    const H = layout.width;
    plan = {
      F: layout.features,
      H,
      depth: layout.depth,
      P: layout.P,
      wOff: Int32Array.from(layout.layers, (l) => l.w.offset),
      bOff: Int32Array.from(layout.layers, (l) => l.b.offset),
      rows: Int32Array.from(layout.layers, (l) => l.w.rows),
      cols: Int32Array.from(layout.layers, (l) => l.w.cols),
      acts: new Float64Array(Math.max(1, layout.depth * H)),
      grad: new Float64Array(layout.P),
      delta: new Float64Array(Math.max(1, H)),
      below: new Float64Array(Math.max(1, H)),
    };
    plans.set(layout, plan);
  }
  return plan;
}

/** ŷ of row xo/F of x for θ row o; leaves the hidden activations in plan.acts. */
function predict(pl: Plan, th: Float32Array, o: number, x: Float32Array, xo: number): number {
  const { depth, H, F, acts, wOff, bOff } = pl;
  if (depth === 0) {
    const wo = o + wOff[0]!;
    let z = th[o + bOff[0]!]!;
    for (let i = 0; i < F; i++) z += x[xo + i]! * th[wo + i]!;
    return z;
  }
  // One accumulator per unit, kept in a register: z_j = b_j + Σ_i a_i·W[i][j].
  let wo = o + wOff[0]!;
  let bo = o + bOff[0]!;
  for (let j = 0; j < H; j++) {
    let z = th[bo + j]!;
    for (let i = 0; i < F; i++) z += x[xo + i]! * th[wo + i * H + j]!;
    acts[j] = fastTanh(z);
  }
  for (let l = 1; l < depth; l++) {
    const ai = (l - 1) * H;
    const ao = l * H;
    wo = o + wOff[l]!;
    bo = o + bOff[l]!;
    for (let j = 0; j < H; j++) {
      let z = th[bo + j]!;
      for (let i = 0; i < H; i++) z += acts[ai + i]! * th[wo + i * H + j]!;
      acts[ao + j] = fastTanh(z);
    }
  }
  const ai = (depth - 1) * H;
  wo = o + wOff[depth]!;
  let z = th[o + bOff[depth]!]!;
  for (let i = 0; i < H; i++) z += acts[ai + i]! * th[wo + i]!;
  return z;
}

/** Adds δ_out = d's backpropagated gradient to plan.grad for the row whose activations are in acts. */
function backprop(pl: Plan, th: Float32Array, o: number, x: Float32Array, xo: number, d: number) {
  const { depth, H, F, acts, grad, wOff, bOff } = pl;
  if (depth === 0) {
    const wo = wOff[0]!;
    grad[bOff[0]!] = grad[bOff[0]!]! + d;
    for (let i = 0; i < F; i++) grad[wo + i] = grad[wo + i]! + x[xo + i]! * d;
    return;
  }
  // The output unit (fan-out 1): its gradient, and δ for the last hidden layer.
  let delta = pl.delta;
  let below = pl.below;
  {
    const wo = wOff[depth]!;
    const ai = (depth - 1) * H;
    grad[bOff[depth]!] = grad[bOff[depth]!]! + d;
    for (let i = 0; i < H; i++) {
      const a = acts[ai + i]!;
      grad[wo + i] = grad[wo + i]! + a * d;
      delta[i] = th[o + wo + i]! * d * (1 - a * a);
    }
  }
  for (let l = depth - 1; l >= 0; l--) {
    const wo = wOff[l]!;
    const bo = bOff[l]!;
    for (let j = 0; j < H; j++) grad[bo + j] = grad[bo + j]! + delta[j]!;
    if (l === 0) {
      for (let i = 0; i < F; i++) {
        const a = x[xo + i]!;
        const wr = wo + i * H;
        for (let j = 0; j < H; j++) grad[wr + j] = grad[wr + j]! + a * delta[j]!;
      }
      break;
    }
    const ai = (l - 1) * H;
    for (let i = 0; i < H; i++) {
      const a = acts[ai + i]!;
      const wr = wo + i * H;
      let back = 0;
      for (let j = 0; j < H; j++) {
        const dj = delta[j]!;
        grad[wr + j] = grad[wr + j]! + a * dj;
        back += th[o + wr + j]! * dj;
      }
      below[i] = back * (1 - a * a);
    }
    const swap = delta;
    delta = below;
    below = swap;
  }
}

/** Plain MSE of θ row o over the rows of (x, y). */
function mse(pl: Plan, th: Float32Array, o: number, x: Float32Array, y: Float32Array): number {
  const n = y.length;
  if (n === 0) return 0;
  let sum = 0;
  for (let s = 0; s < n; s++) {
    const r = predict(pl, th, o, x, s * pl.F) - y[s]!;
    sum += r * r;
  }
  return sum / n;
}

/** One step for all K runs; see MlpStepIo. */
export function mlpStep(layout: MlpLayout, spec: OptimizerSpec, io: MlpStepIo): void {
  const pl = planOf(layout);
  const { P, F, grad } = pl;
  const { K, theta, batch, track } = io;
  const factor = Math.fround(io.factor);
  const c1 = 1 - spec.beta1 ** io.step;
  const c2 = 1 - spec.beta2 ** io.step;
  for (let k = 0; k < K; k++) {
    const o = k * P;
    if (io.vx && io.vy && io.valOut) {
      const v = Math.fround(mse(pl, theta, o, io.vx, io.vy));
      io.valOut[k] = v;
      if (track) {
        const since = track.since[k]!;
        const alive = !(track.patience > 0) || since < track.patience;
        const improved = alive && v < track.best[k]!;
        track.bestOut[k] = improved ? v : track.best[k]!;
        track.sinceOut[k] = improved ? 0 : alive ? since + 1 : since;
        track.thetaOut.set((improved ? theta : track.theta).subarray(o, o + P), o);
      }
    }

    // The batch's loss and gradient.
    grad.fill(0);
    let sum = 0;
    let total = 0;
    if (batch) {
      const { idx, w, offset, B } = batch;
      for (let j = 0; j < B; j++) total += w[offset + j]!;
      if (total > 0) {
        for (let j = 0; j < B; j++) {
          const ws = w[offset + j]!;
          if (ws === 0) continue;
          const xo = idx[offset + j]! * F;
          const r = predict(pl, theta, o, io.gx, xo) - io.gy[idx[offset + j]!]!;
          sum += ws * r * r;
          backprop(pl, theta, o, io.gx, xo, (2 * ws * r) / total);
        }
      }
    } else {
      const n = io.gy.length;
      total = n;
      for (let s = 0; s < n; s++) {
        const r = predict(pl, theta, o, io.gx, s * F) - io.gy[s]!;
        sum += r * r;
        backprop(pl, theta, o, io.gx, s * F, (2 * r) / n);
      }
    }
    io.lossOut[k] = io.rx && io.ry ? mse(pl, theta, o, io.rx, io.ry) : total > 0 ? sum / total : 0;

    const out = io.thetaOut;
    if (!out) continue;
    if (io.noise) {
      const no = io.noiseOffset + (io.noisePerRun ? o : 0);
      for (let p = 0; p < P; p++) grad[p] = grad[p]! + io.noise[no + p]!;
    }
    const eta = Math.fround(io.lr[k]! * factor);
    const [m0, v0] = io.state;
    const [m1, v1] = io.stateOut;
    switch (spec.optimizer) {
      case 'sgd':
        for (let p = 0; p < P; p++) out[o + p] = theta[o + p]! - eta * grad[p]!;
        break;
      case 'momentum':
      case 'nesterov': {
        const nesterov = spec.optimizer === 'nesterov';
        for (let p = 0; p < P; p++) {
          const g = grad[p]!;
          const m = Math.fround(spec.beta * m0![o + p]! + g);
          m1![o + p] = m;
          out[o + p] = theta[o + p]! - eta * (nesterov ? g + spec.beta * m : m);
        }
        break;
      }
      case 'adagrad':
      case 'rmsprop': {
        const ada = spec.optimizer === 'adagrad';
        for (let p = 0; p < P; p++) {
          const g = grad[p]!;
          const v = Math.fround(
            ada ? m0![o + p]! + g * g : spec.rho * m0![o + p]! + (1 - spec.rho) * g * g,
          );
          m1![o + p] = v;
          out[o + p] = theta[o + p]! - eta * (g / (Math.sqrt(v) + spec.eps));
        }
        break;
      }
      case 'adam':
      case 'adamw': {
        const decay = spec.optimizer === 'adamw' ? spec.weightDecay : 0;
        for (let p = 0; p < P; p++) {
          const g = grad[p]!;
          const m = Math.fround(spec.beta1 * m0![o + p]! + (1 - spec.beta1) * g);
          const v = Math.fround(spec.beta2 * v0![o + p]! + (1 - spec.beta2) * g * g);
          m1![o + p] = m;
          v1![o + p] = v;
          const th = theta[o + p]!;
          out[o + p] = th - eta * (m / c1 / (Math.sqrt(v / c2) + spec.eps) + decay * th);
        }
        break;
      }
    }
  }
}

/** How many state arrays of K·P each optimizer keeps (as src/train/optimizers.ts). */
export function stateCount(spec: OptimizerSpec): number {
  switch (spec.optimizer) {
    case 'sgd':
      return 0;
    case 'adam':
    case 'adamw':
      return 2;
    default:
      return 1;
  }
}
