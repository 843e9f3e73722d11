import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendName } from '../../core/backends';
import { assertNever } from '../../core/never';
import type { OptimizerKind } from '../../core/optimizers';
import {
  FUSED_ANALYTIC_KERNEL,
  PARAM,
  PARAM_COUNT,
  chunkInputLayout,
  programOf,
  recordWidth,
  type FusedAttrs,
} from './analyticKernel';
import { compileProgram, lanesOf, runProgramLanes32, type Program } from '../../core/expr/program';

const fr = Math.fround;

/**
 * Loss and gradient of the runs at their θ = (x, y) in float32, op for op as the unfused tfjs ops
 * compute them (src/train/exprOps.ts): both are generated from the same trees, and the program
 * rounds every node as compile32 (src/core/expr/evaluate.ts) and a tfjs op round its result (the
 * cpu backend computes each op in float64 and stores float32, the same as rounding once, since
 * float64 holds products of float32 exactly and 53 ≥ 2·24 + 2 makes double rounding of +, −, ×, ÷
 * and √ harmless; its matMul accumulates in float64 and rounds once, XNNPACK's (wasm) rounds each
 * product and sum, `roundProducts`). The loss and the gradient are one flat program
 * (src/core/expr/program.ts) whose shared subexpressions are computed once, run for all K runs of
 * a step together; as one closure tree per output, run by run, they made the fused Rosenbrock about
 * 4× slower than its hand-written form had been.
 */
const compiled = new Map<string, Program>();

/** The scene's program, compiled once per program and rounding. */
function programFor(scene: string, roundProducts: boolean): Program {
  const key = `${roundProducts ? 'r' : 'c'}${scene}`;
  const have = compiled.get(key);
  if (have) return have;
  const trees = programOf(scene);
  const prog = compileProgram([trees.loss, ...trees.grad], true, roundProducts);
  if (compiled.size >= 64) compiled.clear();
  compiled.set(key, prog);
  return prog;
}

/**
 * One coordinate's optimizer step in float32, op for op as src/train/optimizers.ts (formulas and
 * sources in referenceUpdate, src/core/optimizers.ts). st[at], st[at + P], st[at + 2P] hold θ, m and v
 * of the coordinate (the carry's layout) and are updated in place; lr is η·f_t already rounded; c1,
 * c2 are Adam's bias corrections.
 */
function optimizerStep(
  kind: OptimizerKind,
  p: Float32Array | Float64Array,
  st: Float64Array,
  at: number,
  P: number,
  g: number,
  lr: number,
  c1: number,
  c2: number,
): void {
  const th = st[at]!;
  let step: number;
  switch (kind) {
    case 'sgd':
      step = g;
      break;
    case 'momentum':
    case 'nesterov': {
      const m = fr(fr(st[at + P]! * p[PARAM.beta]!) + g);
      st[at + P] = m;
      step = kind === 'momentum' ? m : fr(g + fr(m * p[PARAM.beta]!));
      break;
    }
    case 'adagrad':
    case 'rmsprop': {
      const g2 = fr(g * g);
      const v =
        kind === 'adagrad'
          ? fr(st[at + 2 * P]! + g2)
          : fr(fr(st[at + 2 * P]! * p[PARAM.rho]!) + fr(g2 * p[PARAM.oneMinusRho]!));
      st[at + 2 * P] = v;
      step = fr(g / fr(fr(Math.sqrt(v)) + p[PARAM.eps]!));
      break;
    }
    case 'adam':
    case 'adamw': {
      const m = fr(fr(st[at + P]! * p[PARAM.beta1]!) + fr(g * p[PARAM.oneMinusBeta1]!));
      const v = fr(fr(st[at + 2 * P]! * p[PARAM.beta2]!) + fr(fr(g * g) * p[PARAM.oneMinusBeta2]!));
      st[at + P] = m;
      st[at + 2 * P] = v;
      const mHat = fr(m / c1);
      const vHat = fr(v / c2);
      step = fr(mHat / fr(fr(Math.sqrt(vHat)) + p[PARAM.eps]!));
      if (kind === 'adamw') step = fr(step + fr(th * p[PARAM.weightDecay]!));
      break;
    }
    // A switch, not a table of functions: this runs once per coordinate and step.
    default:
      assertNever(kind, 'optimizer');
  }
  st[at] = fr(th - fr(lr * step));
}

/** The backends whose kernel is the host body below. */
export type HostBackend = Extract<BackendName, 'cpu' | 'wasm'>;

/**
 * Whether a host backend's kernel rounds every product and sum, as that backend's matMul does
 * (above): wasm's XNNPACK does, cpu's float64 accumulation rounds once.
 */
export const ROUNDS_PRODUCTS = { cpu: false, wasm: true } as const satisfies Record<
  HostBackend,
  boolean
>;

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
 * (layout in analyticKernel.ts). The runs advance step by step together (the loss program runs
 * over all K at once), but a run's numbers depend on its own inputs alone, so a row is the same
 * whatever batch it is trained in. Non-finite values propagate as in the unfused path; the trainer
 * cuts each run at its first one.
 */
export function advanceOnHost(
  attrs: FusedAttrs,
  K: number,
  a: AdvanceArrays,
  backend: HostBackend,
): void {
  const { scene, optimizer, dims: P } = attrs;
  const { carry, lrs, sched, noise, params, out } = a;
  const n = params[PARAM.steps]!;
  const W = params[PARAM.noiseWidth]!;
  const R = recordWidth(n, P);
  const prog = programFor(scene, ROUNDS_PRODUCTS[backend]);
  const regs = lanesOf(prog, K);
  // Lane k of output j (loss, then the gradient) is regs[outAt[j] + k].
  const outAt = Array.from(prog.outputs, (o) => o * K);
  // θ, m, v of every run, laid out as the carry's rows (3P numbers per run).
  const st = Float64Array.from(carry.subarray(0, K * 3 * P));
  const S = 3 * P;
  for (let i = 0; ; i++) {
    for (let k = 0; k < K; k++) {
      regs[k] = st[k * S]!;
      if (P > 1) regs[K + k] = st[k * S + 1]!;
    }
    runProgramLanes32(prog, regs, K);
    for (let k = 0; k < K; k++) {
      const base = k * R;
      out[base + i] = regs[outAt[0]! + k]!;
      for (let p = 0; p < P; p++) out[base + n + 1 + i * P + p] = st[k * S + p]!;
    }
    if (i === n) break;
    const c1 = sched[i * 3 + 1]!;
    const c2 = sched[i * 3 + 2]!;
    for (let k = 0; k < K; k++) {
      const lr = fr(lrs[k]! * sched[i * 3]!);
      // Where this run's noise starts in a step's row: shared (W = P) or one slice per run (W = K·P).
      const noiseAt = i * W + (W === P ? 0 : k * P);
      for (let p = 0; p < P; p++) {
        const g0 = regs[outAt[1 + p]! + k]!;
        // With noise the unfused path adds it to the gradient (one float32 add); without, it adds nothing.
        const g = W === 0 ? g0 : fr(g0 + noise[noiseAt + p]!);
        optimizerStep(optimizer, params, st, k * S + p, P, g, lr, c1, c2);
      }
    }
  }
  for (let k = 0; k < K; k++) {
    const carryAt = k * R + (n + 1) * (1 + P);
    for (let j = 0; j < S; j++) out[carryAt + j] = st[k * S + j]!;
  }
}

const attrsOf = (attrs: NamedAttrMap | undefined): FusedAttrs => attrs as unknown as FusedAttrs;

/** The kernel's arrays, given `carry`, `chunkInput` (layout in analyticKernel.ts) and the output. */
export function arraysOf(
  K: number,
  carry: Float32Array,
  chunkInput: Float32Array,
  out: Float32Array,
): AdvanceArrays {
  const n = chunkInput[PARAM.steps]!;
  const at = chunkInputLayout(K, n, chunkInput[PARAM.noiseWidth]!);
  return {
    carry,
    params: chunkInput.subarray(0, PARAM_COUNT),
    lrs: chunkInput.subarray(at.lrs, at.sched),
    sched: chunkInput.subarray(at.sched, at.noise),
    noise: chunkInput.subarray(at.noise, at.length),
    out,
  };
}

interface CpuBackendLike {
  data: { get(id: unknown): { values: unknown } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
}

/** The cpu backend's kernel: typed arrays straight from its data store. */
const cpuKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const b = backend as unknown as CpuBackendLike;
  const arr = (t: TensorInfo | undefined) => b.data.get(t!.dataId).values as Float32Array;
  const { carry, chunkInput } = inputs;
  const a = attrsOf(attrs);
  const K = carry!.shape[0]!;
  const p = arr(chunkInput);
  const out = new Float32Array(K * recordWidth(p[PARAM.steps]!, a.dims));
  advanceOnHost(a, K, arraysOf(K, arr(carry), p, out), 'cpu');
  return b.makeTensorInfo([K, recordWidth(p[PARAM.steps]!, a.dims)], 'float32', out);
};

interface WasmBackendLike {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array;
}

/**
 * The wasm backend's kernel: the same loop on views of the wasm heap. The output is allocated
 * first, because allocating can grow the heap and detach views taken before.
 */
const wasmKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const b = backend as unknown as WasmBackendLike;
  const { carry, chunkInput } = inputs;
  const a = attrsOf(attrs);
  const K = carry!.shape[0]!;
  const n = b.typedArrayFromHeap(chunkInput!)[PARAM.steps]!;
  const outInfo = b.makeOutput([K, recordWidth(n, a.dims)], 'float32');
  advanceOnHost(
    a,
    K,
    arraysOf(
      K,
      b.typedArrayFromHeap(carry!),
      b.typedArrayFromHeap(chunkInput!),
      b.typedArrayFromHeap(outInfo),
    ),
    'wasm',
  );
  return outInfo;
};

/** The host kernels to register (register.ts). */
export const HOST_KERNELS: KernelConfig[] = [
  { kernelName: FUSED_ANALYTIC_KERNEL, backendName: 'cpu', kernelFunc: cpuKernel },
  { kernelName: FUSED_ANALYTIC_KERNEL, backendName: 'wasm', kernelFunc: wasmKernel },
];
