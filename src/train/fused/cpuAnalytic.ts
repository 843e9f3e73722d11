import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { OptimizerKind } from '../../core/optimizers';
import {
  FUSED_ANALYTIC_KERNEL,
  PARAM,
  recordWidth,
  type FusedAttrs,
  type FusedScene,
} from './analyticKernel';

const fr = Math.fround;
const LN2 = fr(Math.LN2);

/**
 * Loss and gradient of one run at θ = (x, y) in float32, op for op as the unfused tfjs ops compute
 * them (src/train/sceneLoss.ts): every tfjs op rounds its result to float32, so every step here is
 * wrapped in Math.fround in the same order. The cpu backend computes each op in float64 and stores
 * float32 (the same as rounding once, since float64 holds products of float32 exactly and 53 ≥ 2·24 + 2
 * makes double rounding of +, −, ×, ÷ and √ harmless); sums and matMul accumulate in float64 and
 * round once, as here. Writes the loss to out[0] and the gradient to out[1..P].
 */
export function sceneLossGrad(
  scene: FusedScene,
  c: Float32Array | Float64Array,
  x: number,
  y: number,
  out: Float64Array,
  roundProducts = false,
): void {
  switch (scene) {
    case 'valley': {
      // c = [a, 4a, switch]: L = log cosh w + a·w⁴, L' = tanh w + 4a·w³ (sceneOps' valley).
      const a = Math.abs(x);
      const s = fr(Math.sinh(fr(Math.min(a, c[2]!) * 0.5)));
      const near = fr(Math.log1p(fr(fr(s * s) * 2)));
      const far = fr(fr(a - LN2) + fr(Math.log1p(fr(Math.exp(fr(a * -2))))));
      const d = fr(c[2]! - a);
      const mask = Number.isNaN(d) ? NaN : d > 0 ? 1 : 0;
      const logCosh = fr(fr(mask * near) + fr(fr(1 - mask) * far));
      const w2 = fr(x * x);
      out[0] = fr(logCosh + fr(fr(w2 * w2) * c[0]!));
      out[1] = fr(fr(Math.tanh(x)) + fr(fr(w2 * x) * c[1]!));
      return;
    }
    case 'quadratic': {
      // ∇L = θH (one matMul), L = ½·Σ θ ⊙ ∇L. The cpu backend's matMul accumulates in float64 and
      // rounds once; XNNPACK's (wasm) rounds each product and sum to float32.
      const gx = roundProducts ? fr(fr(x * c[0]!) + fr(y * c[2]!)) : fr(x * c[0]! + y * c[2]!);
      const gy = roundProducts ? fr(fr(x * c[1]!) + fr(y * c[3]!)) : fr(x * c[1]! + y * c[3]!);
      out[0] = fr(fr(fr(x * gx) + fr(y * gy)) * 0.5);
      out[1] = gx;
      out[2] = gy;
      return;
    }
    case 'rosenbrock': {
      const a = fr(1 - x);
      const r = fr(y - fr(x * x));
      out[0] = fr(fr(a * a) + fr(fr(r * r) * 100));
      out[1] = fr(fr(a * -2) - fr(fr(x * r) * 400));
      out[2] = fr(r * 200);
      return;
    }
    case 'saddle': {
      const y2 = fr(y * y);
      out[0] = fr(fr(fr(x * x) * 0.5) + fr(fr(fr(y2 * y2) * 0.25) - fr(y2 * 0.5)));
      out[1] = x;
      out[2] = fr(y * fr(y2 - 1));
      return;
    }
    case 'himmelblau': {
      const a = fr(fr(fr(x * x) + y) - 11);
      const b = fr(fr(x + fr(y * y)) - 7);
      out[0] = fr(fr(a * a) + fr(b * b));
      out[1] = fr(fr(fr(x * a) * 4) + fr(b * 2));
      out[2] = fr(fr(a * 2) + fr(fr(y * b) * 4));
      return;
    }
  }
}

/**
 * One coordinate's optimizer step in float32, op for op as src/train/optimizers.ts (formulas and
 * sources in referenceUpdate, src/core/optimizers.ts). st holds [θ, m, v] of the coordinate and is
 * updated in place; lr is η·f_t already rounded; c1, c2 are Adam's bias corrections.
 */
function optimizerStep(
  kind: OptimizerKind,
  p: Float32Array | Float64Array,
  st: Float64Array,
  g: number,
  lr: number,
  c1: number,
  c2: number,
): void {
  const th = st[0]!;
  let step: number;
  switch (kind) {
    case 'sgd':
      step = g;
      break;
    case 'momentum':
    case 'nesterov': {
      const m = fr(fr(st[1]! * p[PARAM.beta]!) + g);
      st[1] = m;
      step = kind === 'momentum' ? m : fr(g + fr(m * p[PARAM.beta]!));
      break;
    }
    case 'adagrad':
    case 'rmsprop': {
      const g2 = fr(g * g);
      const v =
        kind === 'adagrad'
          ? fr(st[2]! + g2)
          : fr(fr(st[2]! * p[PARAM.rho]!) + fr(g2 * p[PARAM.oneMinusRho]!));
      st[2] = v;
      step = fr(g / fr(fr(Math.sqrt(v)) + p[PARAM.eps]!));
      break;
    }
    case 'adam':
    case 'adamw': {
      const m = fr(fr(st[1]! * p[PARAM.beta1]!) + fr(g * p[PARAM.oneMinusBeta1]!));
      const v = fr(fr(st[2]! * p[PARAM.beta2]!) + fr(fr(g * g) * p[PARAM.oneMinusBeta2]!));
      st[1] = m;
      st[2] = v;
      const mHat = fr(m / c1);
      const vHat = fr(v / c2);
      step = fr(mHat / fr(fr(Math.sqrt(vHat)) + p[PARAM.eps]!));
      if (kind === 'adamw') step = fr(step + fr(th * p[PARAM.weightDecay]!));
      break;
    }
  }
  st[0] = fr(th - fr(lr * step));
}

/** The kernel's arrays, whichever backend holds them. */
export interface AdvanceArrays {
  readonly carry: Float32Array;
  readonly lrs: Float32Array;
  readonly sched: Float32Array;
  readonly noise: Float32Array;
  readonly params: Float32Array;
  readonly out: Float32Array;
}

/**
 * The kernel's body on the host (cpu and wasm backends): for each run k, n steps of
 * θ ← update(θ, ∇L(θ) + n_t, η_k·f_t), recording L and θ before each step and after the last
 * (layout in analyticKernel.ts). A run's numbers depend on its own inputs alone, so a row is the
 * same whatever batch it is trained in. Non-finite values propagate as in the unfused path; the
 * trainer cuts each run at its first one.
 */
export function advanceOnHost(
  attrs: FusedAttrs,
  K: number,
  a: AdvanceArrays,
  roundProducts = false,
): void {
  const { scene, optimizer, dims: P } = attrs;
  const n = a.params[PARAM.steps]!;
  const W = a.params[PARAM.noiseWidth]!;
  const consts = a.params.subarray(PARAM.consts, PARAM.consts + 4);
  const R = recordWidth(n, P);
  const lg = new Float64Array(3);
  const st = new Float64Array(3);
  const theta = new Float64Array(2);
  const m = new Float64Array(2);
  const v = new Float64Array(2);
  for (let k = 0; k < K; k++) {
    const base = k * R;
    const pathAt = base + n + 1;
    for (let p = 0; p < P; p++) {
      theta[p] = a.carry[k * 3 * P + p]!;
      m[p] = a.carry[k * 3 * P + P + p]!;
      v[p] = a.carry[k * 3 * P + 2 * P + p]!;
    }
    const eta = a.lrs[k]!;
    for (let i = 0; ; i++) {
      sceneLossGrad(scene, consts, theta[0]!, theta[1] ?? 0, lg, roundProducts);
      a.out[base + i] = lg[0]!;
      for (let p = 0; p < P; p++) a.out[pathAt + i * P + p] = theta[p]!;
      if (i === n) break;
      const lr = fr(eta * a.sched[i * 3]!);
      const c1 = a.sched[i * 3 + 1]!;
      const c2 = a.sched[i * 3 + 2]!;
      for (let p = 0; p < P; p++) {
        // With noise the unfused path adds it to the gradient (one float32 add); without, it adds nothing.
        const noise = W === 0 ? 0 : a.noise[i * W + (W === P ? p : k * P + p)]!;
        const g = W === 0 ? lg[1 + p]! : fr(lg[1 + p]! + noise);
        st[0] = theta[p]!;
        st[1] = m[p]!;
        st[2] = v[p]!;
        optimizerStep(optimizer, a.params, st, g, lr, c1, c2);
        theta[p] = st[0];
        m[p] = st[1];
        v[p] = st[2];
      }
    }
    const carryAt = pathAt + (n + 1) * P;
    for (let p = 0; p < P; p++) {
      a.out[carryAt + p] = theta[p]!;
      a.out[carryAt + P + p] = m[p]!;
      a.out[carryAt + 2 * P + p] = v[p]!;
    }
  }
}

const attrsOf = (attrs: NamedAttrMap | undefined): FusedAttrs => attrs as unknown as FusedAttrs;

/** Sizes shared by both host kernels: K from `carry`, n from `params` (read from the array). */
function outShape(carry: TensorInfo, n: number, P: number): [number, number] {
  return [carry.shape[0]!, recordWidth(n, P)];
}

interface CpuBackendLike {
  data: { get(id: unknown): { values: unknown } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
}

/** The cpu backend's kernel: typed arrays straight from its data store. */
const cpuKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const b = backend as unknown as CpuBackendLike;
  const arr = (t: TensorInfo | undefined) => b.data.get(t!.dataId).values as Float32Array;
  const { carry, lrs, sched, noise, params } = inputs;
  const a = attrsOf(attrs);
  const p = arr(params);
  const shape = outShape(carry!, p[PARAM.steps]!, a.dims);
  const out = new Float32Array(shape[0] * shape[1]);
  advanceOnHost(a, shape[0], {
    carry: arr(carry),
    lrs: arr(lrs),
    sched: arr(sched),
    noise: arr(noise),
    params: p,
    out,
  });
  return b.makeTensorInfo(shape, 'float32', out);
};

interface WasmBackendLike {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array;
}

/**
 * The wasm backend's kernel: the same loop on views of the wasm heap. The output is allocated first,
 * because allocating can grow the heap and detach views taken before.
 */
const wasmKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const b = backend as unknown as WasmBackendLike;
  const { carry, lrs, sched, noise, params } = inputs;
  const a = attrsOf(attrs);
  // Read n before allocating (a copy, so a heap growth cannot detach it).
  const p = Float32Array.from(b.typedArrayFromHeap(params!));
  const shape = outShape(carry!, p[PARAM.steps]!, a.dims);
  const outInfo = b.makeOutput(shape, 'float32');
  advanceOnHost(
    a,
    shape[0],
    {
      carry: b.typedArrayFromHeap(carry!),
      lrs: b.typedArrayFromHeap(lrs!),
      sched: b.typedArrayFromHeap(sched!),
      noise: b.typedArrayFromHeap(noise!),
      params: p,
      out: b.typedArrayFromHeap(outInfo),
    },
    true,
  );
  return outInfo;
};

/** The host kernels to register (register.ts). */
export const HOST_KERNELS: KernelConfig[] = [
  { kernelName: FUSED_ANALYTIC_KERNEL, backendName: 'cpu', kernelFunc: cpuKernel },
  { kernelName: FUSED_ANALYTIC_KERNEL, backendName: 'wasm', kernelFunc: wasmKernel },
];
