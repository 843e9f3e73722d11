import type { MlpLayout } from '../core/models/mlp';
import type { SceneOps } from './sceneOps';
import type { TF, Tensor, Tensor1D, Tensor2D } from './tf';

/**
 * The MLP of `src/core/models/mlp.ts` batched over K parameter sets: θ is [K, P] (K runs, or K
 * points of a surface grid), laid out as there (per layer W row-major [in, out], then b).
 *
 * Data is either shared by all K rows — x [B, F], y [B], w [B] — or one batch per row —
 * x [K, B, F], y [K, B], w [K, B] (k-fold cross-validation trains each fold on its own data in one
 * batch). The per-sample weights w ≥ 0 mark padding (0) in fixed-size minibatches; without them
 * every sample weighs 1. Row k's loss is Σ_s w_s·(ŷ_s − y_s)²/Σ_s w_s, or 0 when Σ_s w_s = 0
 * (divNoNan), exactly as the float64 reference defines it. Padding samples must hold finite
 * numbers (0·NaN is NaN).
 *
 * Each call unpacks θ into W_l [K, in, out] and b_l [K, 1, out] (split and reshape), runs each
 * layer as batched matMuls, z = a·W + 1·b with 1 = ones [1, B, 1] (shared x enters as [1, B, F];
 * matMul broadcasts the batch dimension over K), and takes the gradient by backpropagation written
 * out (the same ops tfjs' autodiff would build, without its tape; see lossAndGradOf). The rows do
 * not interact, so row k's gradient is ∂L_k/∂θ_k, and a row's NaN or ∞ stays in that row (on
 * webgpu only by the guard of LeakGuard). The results are new tensors the caller owns; everything
 * else is freed.
 *
 * Two choices for the cpu backend, which broadcasts a binary op over a size-1 middle dimension and
 * slices columns element by element through index arithmetic: the bias enters through a matMul
 * (exact: one product by 1) plus a same-shape add, not as [K, B, out] + [K, 1, out], and θ is
 * split along the rows of θᵀ (contiguous), not along its columns. At K = 64, F = 4, width 16,
 * depth 1, B = 32 a cpu call took 12 ms with both broadcasts and strided splits, 7 ms with the
 * bias matMul, 5.5 ms with both changes; wasm ≈ 2 ms either way.
 */
export interface MlpOps {
  readonly layout: MlpLayout;
  /** loss [K] and grad [K, P] for θ [K, P] on the data. */
  lossAndGrad(
    theta: Tensor2D,
    x: Tensor,
    y: Tensor,
    w?: Tensor,
  ): { loss: Tensor1D; grad: Tensor2D };
  /** loss [K] for θ [K, P] on the data (no gradient tape). */
  loss(theta: Tensor2D, x: Tensor, y: Tensor, w?: Tensor): Tensor1D;
  /**
   * The ops with the data fixed, in the scene interface the trainer and the surface grids use. The
   * data tensors stay the caller's: `dispose` of the result frees nothing.
   */
  bind(x: Tensor, y: Tensor, w?: Tensor): SceneOps;
}

/**
 * How the ops keep one row's NaN or ∞ out of the other rows on the active backend.
 *
 * tfjs-backend-webgpu 4.22's tiled matMul programs (mm_readB in matmul_packed_webgpu.js) read the
 * second operand without bounds checks: in the last tile along the inner dimension they read past
 * its end, into the next batch entry's numbers, and multiply them by the first operand's
 * bounds-checked zeros. That is exact while the numbers are finite, but 0·NaN = NaN: with K runs
 * as the batch, a run's NaN leaked into the run before it, whether or not a batch dimension was
 * broadcast. (Past the last entry WebGPU's robust access keeps reads inside the buffer, which
 * holds just that tensor.) Measured with Dawn (SwiftShader) in Node, K = 3, run 1 all NaN:
 * [K, 235, I]·[K, I, 16] made all of run 0 NaN for I = 1, 3 and 4, nothing for I = 16 and 32 (a
 * tile of 16); with the NaN in the first operand, transposed or not, nothing leaked. In Chromium
 * one diverging learning rate on the cars made every other run's loss NaN from its divergence on
 * (tests/e2e/nan-isolation.spec.ts). WebGL, cpu and wasm showed no leak.
 *
 * - 'none': the ops as they are (cpu, wasm, webgl).
 * - 'finite-operands' (webgpu): every matMul's second operand is finite, so its overreads add
 *   exact zeros. θ enters with its non-finite entries as 0 (an identity on finite rows), and the
 *   row's loss and gradient are multiplied by 1 + Σ_p 0·θ_p, which is exactly 1, or NaN for a row
 *   with a NaN or ∞; the gradient dz, which can overflow even for finite θ, is always the first
 *   operand (dWᵀ = dzᵀ·a, da = dz·Wᵀ, db = Σ_s dz as a sum); the hidden activations, the second
 *   operand of dWᵀ, enter with non-finite entries as 0 there (a row with one has a NaN loss and
 *   dz anyway); x and ones are finite. The maths is op for op that of 'none': the same products,
 *   and sums of the same terms (see tests/train/mlpOps.test.ts), so the float32 error bound holds
 *   for both; on cpu and wasm the two give the same bits. A row with ∞ in θ gets a NaN loss, where
 *   'none' could give a finite one (tanh(∞) = 1); the trainer cuts a run at a non-finite θ anyway.
 *   Cost on webgpu: 63 dispatches per lossAndGrad instead of 49 (depth 1).
 */
export type LeakGuard = 'none' | 'finite-operands';

/** The guard a backend needs (see LeakGuard): 'finite-operands' on webgpu, else 'none'. */
export function leakGuardFor(backend: string): LeakGuard {
  return backend === 'webgpu' ? 'finite-operands' : 'none';
}

/** The ops for θ's layout, guarded as the active backend needs unless `guard` is given. */
export function mlpOps(
  tf: TF,
  layout: MlpLayout,
  guard: LeakGuard = leakGuardFor(tf.getBackend()),
): MlpOps {
  const { layers, depth, features: F, P } = layout;
  const guarded = guard === 'finite-operands';
  // Block sizes along P in θ's order, for one split: W_0, b_0, W_1, b_1, …
  const sizes = layers.flatMap(({ w, b }) => [w.rows * w.cols, b.size]);

  /** Checks the shapes; returns x as rank 3 ([1, B, F] when shared), ŵ = w/Σw and ones. */
  const prepare = (theta: Tensor2D, x: Tensor, y: Tensor, w: Tensor | undefined) => {
    if (theta.rank !== 2 || theta.shape[1] !== P) {
      throw new Error(`θ must be [K, ${P}], got [${theta.shape.join(', ')}]`);
    }
    const K = theta.shape[0];
    const perRun = x.rank === 3;
    const [B = 0] = perRun ? x.shape.slice(1) : x.shape;
    const xShape = perRun ? [K, B, F] : [B, F];
    const yShape = perRun ? [K, B] : [B];
    const same = (t: Tensor, shape: number[]) =>
      t.rank === shape.length && t.shape.every((d, i) => d === shape[i]);
    if (!same(x, xShape)) {
      throw new Error(
        `x must be [B, ${F}] or [${K}, B, ${F}], got [${x.shape.join(', ')}] for θ [${K}, ${P}]`,
      );
    }
    for (const [name, t] of [
      ['y', y],
      ['w', w],
    ] as const) {
      if (t && !same(t, yShape)) {
        throw new Error(`${name} must be [${yShape.join(', ')}], got [${t.shape.join(', ')}]`);
      }
    }
    return tf.tidy(() => {
      const x3 = perRun ? x.clone() : tf.reshape(x, [1, B, F]);
      const weights = w
        ? tf.divNoNan(w, tf.sum(w, -1, true))
        : tf.fill(yShape, B > 0 ? 1 / B : 0, 'float32');
      return { x3, weights, ones: tf.ones([1, B, 1]) };
    });
  };

  /** θ's blocks as W_l [K, in, out] and b_l [K, 1, out]. */
  const unpack = (theta: Tensor2D) => {
    const K = theta.shape[0];
    // Unpack θ's blocks via θᵀ [P, K]: row blocks of θᵀ are contiguous, so the split is free, and
    // on the cpu backend two transposes cost a fifth of a split along P (whose slices are strided
    // and copied element by element through index arithmetic: 4 ms of a 9 ms call at K = 64).
    const blocks = tf.split(tf.transpose(theta), sizes, 0).map((block) => tf.transpose(block));
    return layers.map(({ w, b }, l) => ({
      W: tf.reshape(blocks[2 * l]!, [K, w.rows, w.cols]),
      bias: tf.reshape(blocks[2 * l + 1]!, [K, 1, b.size]),
    }));
  };

  /** t with its NaN and ±∞ entries replaced by 0. */
  const finite = <T extends Tensor>(t: T): T => tf.where(tf.isFinite(t), t, tf.zerosLike(t));

  /**
   * For θ [K, P]: the θ the matMuls see, and the factor [K] the row's results are multiplied by
   * (unguarded: θ itself and none; guarded: see LeakGuard).
   */
  const guardOf = (theta: Tensor2D): { theta: Tensor2D; factor?: Tensor1D } =>
    guarded
      ? { theta: finite(theta), factor: tf.add(tf.sum(tf.mul(theta, 0), 1), 1) as Tensor1D }
      : { theta };

  /** The forward pass: every layer's input (x3 first), and the residuals r = ŷ − y as [K, B]. */
  const forward = (theta: Tensor2D, { x3, ones }: Prepared, y: Tensor) => {
    const K = theta.shape[0];
    const params = unpack(theta);
    const inputs: Tensor[] = [];
    let a: Tensor = x3;
    for (let l = 0; l <= depth; l++) {
      const { W, bias } = params[l]!;
      inputs.push(a);
      const z = tf.add(tf.matMul(a, W), tf.matMul(ones, bias));
      a = l === depth ? z : tf.tanh(z);
    }
    return { params, inputs, r: tf.sub(tf.reshape(a, [K, -1]), y) };
  };

  /** Row k's weighted squared error, [K]. */
  const lossFrom = (r: Tensor, { weights }: Prepared): Tensor1D =>
    tf.sum(tf.mul(weights, tf.square(r)), 1) as Tensor1D;
  const lossOf = (theta: Tensor2D, data: Prepared, y: Tensor): Tensor1D => {
    const g = guardOf(theta);
    const loss = lossFrom(forward(g.theta, data, y).r, data);
    return g.factor ? tf.mul<Tensor1D>(loss, g.factor) : loss;
  };

  /**
   * Backpropagation in closed form, as tfjs' gradient functions would build it from the forward
   * graph (so the float32 error analysis of tests/train/mlpOps.test.ts holds op for op), without
   * the tape: dr = ŵ·(2r); per layer from the top, dW = aᵀ·dz, db = 1ᵀ·dz (the bias entered as
   * 1·b), da = dz·Wᵀ, and below a tanh layer dz = da·(1 − a²) with a its output. About half the
   * dispatches of tf.valueAndGrad, which also records and walks a tape. Guarded (see LeakGuard),
   * dW comes as dWᵀ = dzᵀ·a and db as Σ_s dz, the same sums with dz as the first operand.
   */
  const lossAndGradOf = (theta: Tensor2D, data: Prepared, y: Tensor) => {
    const K = theta.shape[0];
    const g = guardOf(theta);
    const { params, inputs, r } = forward(g.theta, data, y);
    const loss = lossFrom(r, data);
    let dz: Tensor = tf.reshape(tf.mul(data.weights, tf.mul(r, 2)), [K, -1, 1]);
    // θᵀ's blocks [size, K] from the top layer down: rows of θᵀ are contiguous, so they join along
    // P as the unpacking splits them.
    const blocks: Tensor[] = [];
    const block = (t: Tensor, perm: number[]) => tf.reshape(tf.transpose(t, perm), [-1, K]);
    for (let l = depth; l >= 0; l--) {
      const a = inputs[l]!;
      if (guarded) {
        // dWᵀ [K, out, in] → [in, out, K]; db [K, out] → [out, K].
        const dWt = tf.matMul(dz, l === 0 ? a : finite(a), true, false);
        blocks.push(block(tf.sum(dz, 1), [1, 0]), block(dWt, [2, 1, 0]));
      } else {
        // dW [K, in, out] and db [K, 1, out], each flattened per row, → [size, K].
        const dW = tf.matMul(a, dz, true, false);
        const db = tf.matMul(data.ones, dz, true, false);
        const flat = (t: Tensor) => block(tf.reshape(t, [K, -1]), [1, 0]);
        blocks.push(flat(db), flat(dW));
      }
      if (l === 0) break;
      const da = tf.matMul(dz, params[l]!.W, false, true);
      dz = tf.mul(da, tf.sub(1, tf.square(a)));
    }
    // θ's order (W_0, b_0, W_1, …) is the reverse of the way down.
    const grad = tf.transpose(tf.concat(blocks.reverse(), 0)) as Tensor2D;
    if (!g.factor) return { loss, grad };
    return {
      loss: tf.mul<Tensor1D>(loss, g.factor),
      grad: tf.mul<Tensor2D>(grad, tf.reshape(g.factor, [K, 1])),
    };
  };

  const ops: MlpOps = {
    layout,
    lossAndGrad(theta, x, y, w) {
      const data = prepare(theta, x, y, w);
      try {
        return tf.tidy(() => lossAndGradOf(theta, data, y));
      } finally {
        tf.dispose([data.x3, data.weights, data.ones]);
      }
    },
    loss(theta, x, y, w) {
      const data = prepare(theta, x, y, w);
      try {
        return tf.tidy(() => lossOf(theta, data, y));
      } finally {
        tf.dispose([data.x3, data.weights, data.ones]);
      }
    },
    bind(x, y, w) {
      return {
        loss: (theta) => ops.loss(theta, x, y, w),
        lossAndGrad: (theta) => ops.lossAndGrad(theta, x, y, w),
        dispose: () => undefined,
      };
    },
  };
  return ops;
}

/** The per-call constants: x as rank 3, the normalised weights ŵ, and ones [1, B, 1]. */
interface Prepared {
  readonly x3: Tensor;
  readonly weights: Tensor;
  readonly ones: Tensor;
}
