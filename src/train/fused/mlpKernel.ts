import { mlpLayout, type MlpLayout } from '../../core/models/mlp';
import { OPTIMIZERS, type OptimizerSpec } from '../../core/optimizers';
import type { TF, Tensor } from '../tf';
import { mlpStep, stateCount } from './mlpStep';
import { mlpSimdReady } from './mlpSimdModule';
import { mlpStepSimd, simdMlpStep } from './mlpStepSimd';
import { WEBGPU_MLP_KERNELS } from './webgpuMlp';

/**
 * 'LrLabMlpStep': one training step of K MLPs (src/train/fused/mlpStep.ts) as one tfjs kernel, for
 * the cpu and wasm backends. tfjs pays a fixed cost per dispatched op (about 3 µs on cpu and 5 µs
 * on wasm: docs/THEORY.md, Dispatch-bound training), and the unfused step is well over a hundred
 * ops, so at small K the step is dispatch-bound; here it is one dispatch whose body runs over the
 * backend's own memory: the cpu backend's typed arrays, or views of the wasm heap (all outputs are
 * allocated before any view is taken, since an allocation may grow the heap and detach earlier
 * views).
 *
 * The body is the WebAssembly SIMD one (src/train/fused/mlpStepSimd.ts, four runs per f32x4
 * instruction) where the engine runs wasm SIMD, else the scalar JavaScript body (mlpStep.ts), which
 * stays as its reference. Either way every run's numbers do not depend on K or on its neighbours.
 *
 * Inputs (tensors; optional ones absent): theta [K, P], lr [K], state0/state1 [K, P] (as the
 * optimizer needs), gx [n, F] and gy [n] (the gradient's rows: with idx/w the whole data set, else
 * the training rows), idx [S, B] int32 and w [S, B] (the minibatch schedule), rx/ry (training rows
 * for the recorded loss, minibatch mode only), vx/vy (validation rows), noise [T, P or K·P], and with
 * validation best [K], since [K], bestTheta [K, P]. Attributes: the layout and optimizer, the step,
 * the schedule factor, whether to update, offsets into idx/w and noise. Outputs, in order: θ_{t+1}
 * and the new state (when updating), the recorded loss [K], then with validation the validation
 * loss [K], best, since and bestTheta.
 */
export const MLP_STEP_KERNEL = 'LrLabMlpStep';

/** Backends this kernel is registered for (their bodies run on the host's memory). */
const HOST_MLP_BACKENDS = ['cpu', 'wasm'] as const;

/**
 * Backends that train a network fused: these two with this kernel, and webgpu with
 * 'LrLabMlpStepPacked' (packedMlp.ts, webgpuMlp.ts), one dispatch per step either way.
 */
export const FUSED_MLP_BACKENDS = [...HOST_MLP_BACKENDS, 'webgpu'] as const;

export interface MlpStepAttrs {
  readonly features: number;
  readonly width: number;
  readonly depth: number;
  readonly optimizer: string;
  readonly beta: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly rho: number;
  readonly eps: number;
  readonly weightDecay: number;
  readonly step: number;
  readonly factor: number;
  readonly update: boolean;
  readonly batchOffset: number;
  readonly batchSize: number;
  readonly noiseOffset: number;
  readonly noisePerRun: boolean;
  readonly patience: number;
}

type Info = { dataId: object; shape: number[]; dtype: string };
type Arrays = Float32Array | Int32Array;
interface Memory {
  read(t: Info): Arrays;
  /** Allocates the outputs, then returns them with views of their memory. */
  alloc(shapes: number[][]): { infos: Info[]; views: Float32Array[] };
}

const layouts = new Map<string, MlpLayout>();
function layoutOf(a: MlpStepAttrs): MlpLayout {
  const key = `${a.features},${a.width},${a.depth}`;
  let layout = layouts.get(key);
  if (!layout) {
    layout = mlpLayout(a.features, a.width, a.depth);
    layouts.set(key, layout);
  }
  return layout;
}

function specOf(a: MlpStepAttrs): OptimizerSpec {
  const kind = OPTIMIZERS.find((o) => o === a.optimizer);
  if (!kind) throw new Error(`${MLP_STEP_KERNEL}: unknown optimizer ${a.optimizer}`);
  return { ...a, optimizer: kind };
}

function run(inputs: Record<string, Info | undefined>, a: MlpStepAttrs, mem: Memory): Info[] {
  const layout = layoutOf(a);
  const spec = specOf(a);
  const theta = inputs.theta!;
  const [K = 0, P = 0] = theta.shape;
  if (P !== layout.P)
    throw new Error(`${MLP_STEP_KERNEL}: θ is [${K}, ${P}]; the layout has ${layout.P}`);
  const nState = stateCount(spec);
  const hasVal = Boolean(inputs.vx && inputs.vy);
  const hasTrack = hasVal && Boolean(inputs.best && inputs.since && inputs.bestTheta);
  const shapes: number[][] = [];
  if (a.update) for (let i = 0; i <= nState; i++) shapes.push([K, P]);
  shapes.push([K]);
  if (hasVal) shapes.push([K]);
  if (hasTrack) shapes.push([K], [K], [K, P]);
  const { infos, views } = mem.alloc(shapes);
  const f32 = (t: Info | undefined) => (t ? (mem.read(t) as Float32Array) : null);
  let v = 0;
  const thetaOut = a.update ? views[v++]! : null;
  const stateOut = a.update ? views.slice(v, (v += nState)) : [];
  const lossOut = views[v++]!;
  const valOut = hasVal ? views[v++]! : null;
  const state = [inputs.state0, inputs.state1].slice(0, nState).map((t) => f32(t)!);
  const idx = inputs.idx && inputs.w ? (mem.read(inputs.idx) as Int32Array) : null;
  // The WebAssembly SIMD body where the engine has it; the scalar body stays as its reference.
  (simdMlpStep.enabled && mlpSimdReady(layout) ? mlpStepSimd : mlpStep)(layout, spec, {
    K,
    theta: f32(theta)!,
    lr: f32(inputs.lr)!,
    factor: a.factor,
    step: a.step,
    state,
    thetaOut,
    stateOut,
    gx: f32(inputs.gx)!,
    gy: f32(inputs.gy)!,
    batch: idx ? { idx, w: f32(inputs.w)!, offset: a.batchOffset, B: a.batchSize } : null,
    rx: f32(inputs.rx),
    ry: f32(inputs.ry),
    vx: f32(inputs.vx),
    vy: f32(inputs.vy),
    noise: f32(inputs.noise),
    noiseOffset: a.noiseOffset,
    noisePerRun: a.noisePerRun,
    track: hasTrack
      ? {
          patience: a.patience,
          best: f32(inputs.best)!,
          since: f32(inputs.since)!,
          theta: f32(inputs.bestTheta)!,
          bestOut: views[v]!,
          sinceOut: views[v + 1]!,
          thetaOut: views[v + 2]!,
        }
      : null,
    lossOut,
    valOut,
    // x's data id stands for the pair: the trainer always passes the same x with the same y.
    keys: { g: inputs.gx?.dataId, r: inputs.rx?.dataId, v: inputs.vx?.dataId },
  });
  return infos;
}

/** The cpu backend keeps each tensor's values as a typed array in its data map. */
interface CpuBackend {
  data: { get(id: object): { values: Arrays } };
  makeTensorInfo(shape: number[], dtype: string, values: Float32Array): Info;
}
/** The wasm backend keeps tensors in its heap and hands out views of it. */
interface WasmBackend {
  makeOutput(shape: number[], dtype: string): Info;
  typedArrayFromHeap(t: Info): Arrays;
}

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

function cpuMemory(b: CpuBackend): Memory {
  return {
    read: (t) => b.data.get(t.dataId).values,
    alloc: (shapes) => {
      const views = shapes.map((s) => new Float32Array(size(s)));
      return { infos: shapes.map((s, i) => b.makeTensorInfo(s, 'float32', views[i]!)), views };
    },
  };
}

function wasmMemory(b: WasmBackend): Memory {
  return {
    read: (t) => b.typedArrayFromHeap(t),
    alloc: (shapes) => {
      const infos = shapes.map((s) => b.makeOutput(s, 'float32'));
      return { infos, views: infos.map((t) => b.typedArrayFromHeap(t) as Float32Array) };
    },
  };
}

/**
 * Registers the kernel for the cpu and wasm backends of this tfjs, and the packed one for webgpu
 * (once; later calls do nothing).
 * Registering is cheap and needs no backend to be running.
 */
export function registerMlpStep(tf: TF): void {
  for (const config of WEBGPU_MLP_KERNELS) {
    if (!tf.getKernel(config.kernelName, config.backendName)) tf.registerKernel(config);
  }
  for (const backendName of HOST_MLP_BACKENDS) {
    if (tf.getKernel(MLP_STEP_KERNEL, backendName)) continue;
    tf.registerKernel({
      kernelName: MLP_STEP_KERNEL,
      backendName,
      kernelFunc: ({ inputs, backend, attrs }) => {
        const memory =
          backendName === 'cpu'
            ? cpuMemory(backend as unknown as CpuBackend)
            : wasmMemory(backend as unknown as WasmBackend);
        return run(
          inputs as unknown as Record<string, Info | undefined>,
          attrs as unknown as MlpStepAttrs,
          memory,
        ) as never;
      },
    });
  }
}

/** Whether the active backend has the kernel. */
export function fusedMlpSupported(tf: TF): boolean {
  return (FUSED_MLP_BACKENDS as readonly string[]).includes(tf.getBackend());
}

/** Dispatches one step; returns the outputs in the order documented above. */
export function runMlpStep(
  tf: TF,
  inputs: Record<string, Tensor | undefined>,
  attrs: MlpStepAttrs,
): Tensor[] {
  const present: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(inputs)) if (t) present[name] = t;
  const out = tf.engine().runKernel(MLP_STEP_KERNEL, present, attrs as never);
  return Array.isArray(out) ? (out as Tensor[]) : [out as Tensor];
}
