import type { Rng } from '../rng';

/**
 * A small multilayer perceptron for regression, y = f(x), in float64: `depth` hidden layers of
 * `width` tanh units and a linear output unit (depth 0 is linear regression y = w·x + b on F
 * features). This file is the reference (oracle) for the batched tfjs version in
 * `src/train/mlpOps.ts`: the gradient here is hand-written backpropagation.
 *
 * Parameter vector θ (length P), layer by layer from the input, each layer l as
 *
 *   W_l  row-major [fan_in, fan_out]: W_l[i][j] (input i → unit j) at `w.offset + i·fan_out + j`
 *   b_l  [fan_out]: b_l[j] at `b.offset + j`
 *
 * with fan_in = F for the first layer and `width` after it, fan_out = `width` for hidden layers
 * and 1 for the output layer. So P = (F + 1)·width + (depth − 1)·(width + 1)·width + width + 1
 * for depth ≥ 1, and F + 1 for depth 0. A "filter" (Li et al. 2018) is one column of W_l: the
 * weights feeding one unit.
 *
 * Data: x is n×F row-major (sample s, feature f at s·F + f), y has n targets, and optional
 * per-sample weights w ≥ 0 (0 for padding in a fixed-size minibatch). The loss is the weighted
 * mean squared error L = Σ_s w_s·(ŷ_s − y_s)² / Σ_s w_s (plain MSE without weights). When
 * Σ w = 0 (a batch of padding only) the loss and gradient are 0, as tfjs' divNoNan gives.
 * Samples of weight 0 are skipped here; the tfjs version multiplies them by 0, so padding rows
 * must hold finite numbers (zeros) there.
 */

export interface MatrixBlock {
  /** Index of W[0][0] in θ. */
  readonly offset: number;
  /** Fan-in: the number of inputs. */
  readonly rows: number;
  /** Fan-out: the number of units. */
  readonly cols: number;
}

export interface VectorBlock {
  readonly offset: number;
  readonly size: number;
}

export interface MlpLayer {
  readonly w: MatrixBlock;
  readonly b: VectorBlock;
}

export interface MlpLayout {
  /** Number of input features F. */
  readonly features: number;
  /** Units per hidden layer (0 when depth is 0). */
  readonly width: number;
  /** Number of hidden tanh layers. */
  readonly depth: number;
  /** Number of parameters. */
  readonly P: number;
  /** depth + 1 layers: the hidden layers, then the linear output layer (fan-out 1). */
  readonly layers: readonly MlpLayer[];
}

/** The layout of θ for F features and `depth` hidden layers of `width` units (see above). */
export function mlpLayout(F: number, width: number, depth: number): MlpLayout {
  if (!Number.isInteger(F) || F < 1) throw new Error(`features must be an integer ≥ 1, got ${F}`);
  if (!Number.isInteger(depth) || depth < 0) {
    throw new Error(`depth must be an integer ≥ 0, got ${depth}`);
  }
  if (depth > 0 && (!Number.isInteger(width) || width < 1)) {
    throw new Error(`width must be an integer ≥ 1, got ${width}`);
  }
  const layers: MlpLayer[] = [];
  let offset = 0;
  for (let l = 0; l <= depth; l++) {
    const rows = l === 0 ? F : width;
    const cols = l === depth ? 1 : width;
    const w = { offset, rows, cols };
    offset += rows * cols;
    const b = { offset, size: cols };
    offset += cols;
    layers.push({ w, b });
  }
  return { features: F, width: depth === 0 ? 0 : width, depth, P: offset, layers };
}

/**
 * Initial parameters: Glorot/Xavier uniform weights W ~ U(−a, a) with a = √(6/(fan_in + fan_out))
 * (Glorot & Bengio 2010, eq. 16), biases 0. One uniform number from `rng` per weight, in θ's order
 * (biases draw nothing), so the same stream gives the same network. Pass the `init` stream.
 */
export function mlpInit(layout: MlpLayout, rng: Rng): Float64Array {
  const theta = new Float64Array(layout.P);
  for (const { w } of layout.layers) {
    const a = Math.sqrt(6 / (w.rows + w.cols));
    for (let i = 0; i < w.rows * w.cols; i++) theta[w.offset + i] = a * (2 * rng() - 1);
  }
  return theta;
}

/** The model's predictions ŷ for the n = x.length / F samples of x (n×F). */
export function mlpPredict(
  layout: MlpLayout,
  theta: ArrayLike<number>,
  x: ArrayLike<number>,
): Float64Array {
  const n = sampleCount(layout, theta, x);
  const out = new Float64Array(n);
  const acts = activationBuffers(layout);
  for (let s = 0; s < n; s++) out[s] = forward(layout, theta, x, s, acts);
  return out;
}

/** The weighted mean squared error of θ on (x, y, weights); see the file comment. */
export function mlpLoss(
  layout: MlpLayout,
  theta: ArrayLike<number>,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  weights?: ArrayLike<number>,
): number {
  const n = checkData(layout, theta, x, y, weights);
  const acts = activationBuffers(layout);
  let sum = 0;
  let total = 0;
  for (let s = 0; s < n; s++) {
    const w = weights ? weights[s]! : 1;
    total += w;
    if (w === 0) continue;
    const r = forward(layout, theta, x, s, acts) - y[s]!;
    sum += w * r * r;
  }
  return total === 0 ? 0 : sum / total;
}

/**
 * The loss and its gradient ∂L/∂θ (length P, laid out like θ) by backpropagation: with
 * δ_out,s = 2·w_s·r_s / Σw for the residual r_s = ŷ_s − y_s, each layer adds aᵀδ to its W and δ
 * to its b, and passes δ·Wᵀ ⊙ (1 − a²) down (tanh′ = 1 − tanh²).
 */
export function mlpLossAndGrad(
  layout: MlpLayout,
  theta: ArrayLike<number>,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  weights?: ArrayLike<number>,
): { loss: number; grad: Float64Array } {
  const n = checkData(layout, theta, x, y, weights);
  const { layers, features: F } = layout;
  const grad = new Float64Array(layout.P);
  let total = 0;
  for (let s = 0; s < n; s++) total += weights ? weights[s]! : 1;
  if (total === 0) return { loss: 0, grad };

  const acts = activationBuffers(layout);
  // Two δ buffers as wide as the widest layer, swapped on the way down.
  const wide = Math.max(1, layout.width);
  let delta = new Float64Array(wide);
  let below = new Float64Array(wide);
  let sum = 0;
  for (let s = 0; s < n; s++) {
    const w = weights ? weights[s]! : 1;
    if (w === 0) continue;
    const r = forward(layout, theta, x, s, acts) - y[s]!;
    sum += w * r * r;
    delta[0] = (2 * w * r) / total;
    for (let l = layers.length - 1; l >= 0; l--) {
      const { w: W, b } = layers[l]!;
      const input = l === 0 ? null : acts[l - 1]!;
      const xOff = s * F;
      for (let j = 0; j < W.cols; j++) grad[b.offset + j]! += delta[j]!;
      for (let i = 0; i < W.rows; i++) {
        const a = input ? input[i]! : x[xOff + i]!;
        const row = W.offset + i * W.cols;
        let back = 0;
        for (let j = 0; j < W.cols; j++) {
          grad[row + j]! += a * delta[j]!;
          back += theta[row + j]! * delta[j]!;
        }
        if (input) below[i] = back * (1 - a * a);
      }
      if (input) [delta, below] = [below, delta];
    }
  }
  return { loss: sum / total, grad };
}

/** One buffer per hidden layer for its activations tanh(z). */
function activationBuffers(layout: MlpLayout): Float64Array[] {
  return Array.from({ length: layout.depth }, () => new Float64Array(layout.width));
}

/** ŷ for sample s; fills `acts` with the hidden activations. */
function forward(
  layout: MlpLayout,
  theta: ArrayLike<number>,
  x: ArrayLike<number>,
  s: number,
  acts: Float64Array[],
): number {
  const { layers, depth, features: F } = layout;
  let out = 0;
  for (let l = 0; l <= depth; l++) {
    const { w: W, b } = layers[l]!;
    const input = l === 0 ? null : acts[l - 1]!;
    const target = l === depth ? null : acts[l]!;
    for (let j = 0; j < W.cols; j++) {
      let z = theta[b.offset + j]!;
      for (let i = 0; i < W.rows; i++) {
        const a = input ? input[i]! : x[s * F + i]!;
        z += a * theta[W.offset + i * W.cols + j]!;
      }
      if (target) target[j] = Math.tanh(z);
      else out = z;
    }
  }
  return out;
}

function sampleCount(layout: MlpLayout, theta: ArrayLike<number>, x: ArrayLike<number>): number {
  if (theta.length !== layout.P) {
    throw new Error(`θ has ${theta.length} numbers; the layout has ${layout.P}`);
  }
  if (x.length % layout.features !== 0) {
    throw new Error(`x has ${x.length} numbers, not a multiple of ${layout.features} features`);
  }
  return x.length / layout.features;
}

function checkData(
  layout: MlpLayout,
  theta: ArrayLike<number>,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  weights: ArrayLike<number> | undefined,
): number {
  const n = sampleCount(layout, theta, x);
  if (y.length !== n) throw new Error(`y has ${y.length} targets for ${n} samples`);
  if (weights && weights.length !== n) {
    throw new Error(`weights has ${weights.length} numbers for ${n} samples`);
  }
  return n;
}
