import { mlpLayout, type MlpLayout } from '../../core/models/mlp';
import { OPTIMIZERS, type OptimizerSpec } from '../../core/optimizers';
import type { TF, Tensor, Tensor1D, Tensor2D } from '../tf';
import { scalarStepBody, stateCount, type MlpStepIo } from './mlpStep';
import { mlpSimdReady } from './mlpSimdModule';
import { simdMlpStep, simdStepBody, type LaneRows } from './mlpStepSimd';
import { laneRecordFloats } from './mlpSimdModule';
import { WEBGPU_MLP_KERNELS } from './webgpuMlp';

/**
 * What a data scene's network offers the fused trainer: its layout and its rows as tensors the scene
 * owns (src/train/dataOps.ts makes them). With a schedule, step t's gradient sees rows idx[t] of
 * (x, y) weighted by weight[t] and the recorded loss is over (trainX, trainY); without one, the
 * gradient and the recorded loss are both over the training rows.
 */
export interface FusedMlpData {
  readonly layout: MlpLayout;
  readonly trainX: Tensor2D;
  readonly trainY: Tensor1D;
  readonly batches?: {
    readonly x: Tensor2D;
    readonly y: Tensor1D;
    readonly idx: Tensor2D;
    readonly weight: Tensor2D;
  };
  readonly val?: { readonly x: Tensor2D; readonly y: Tensor1D };
}

/**
 * 'LrLabMlpStep': a whole chunk of training steps of K MLPs (src/train/fused/mlpStep.ts) as one
 * tfjs kernel call, for the cpu and wasm backends. tfjs pays a fixed cost per dispatched op (about
 * 3 µs on cpu and 5 µs on wasm, more with the outputs it allocates), and the unfused step is well
 * over a hundred ops, so at small K training is dispatch-bound; here one dispatch advances every run
 * by `count` steps over the backend's own memory: the cpu backend's typed arrays, or views of the
 * wasm heap (all outputs are allocated before any view is taken, since an allocation may grow the
 * heap and detach earlier views). Between the steps of a chunk θ, the optimizer state and the
 * early-stopping state live in host scratch arrays; the chunk's losses and recorded θ rows go to one
 * output, read back once per chunk.
 *
 * Each step's body is the WebAssembly SIMD one (src/train/fused/mlpStepSimd.ts, four runs per f32x4
 * instruction) where the engine runs wasm SIMD, else the scalar JavaScript body (mlpStep.ts), which
 * stays as its reference. Either way every run's numbers do not depend on K or on its neighbours,
 * nor on how the steps are cut into chunks (each step starts from the float32 values the last one
 * stored).
 *
 * Inputs (tensors; optional ones absent): theta [K, P], lr [K], state0/state1 [K, P] (as the
 * optimizer needs), gx [n, F] and gy [n] (the gradient's rows: with idx/w the whole data set, else
 * the training rows), idx [S, B] int32 and w [S, B] (the minibatch schedule), rx/ry (training rows
 * for the recorded loss, minibatch mode only), vx/vy (validation rows), noise [T, P or K·P], and with
 * validation best [K], since [K], bestTheta [K, P]. Runs with rows of their own (k-fold, full batch;
 * WebAssembly SIMD only) give lane records instead of gx/gy/vx/vy: lt (training) and lv
 * (validation), flat, and ln [2K], each run's training then validation row count (`LaneRows` in
 * mlpStepSimd.ts). Attributes: the layout and optimizer, the chunk's
 * first step t0, its length, the number of steps T (step T records without updating), the schedule's
 * factors for the chunk, the stride of the recorded loss and of the recorded θ rows.
 *
 * Outputs, in order: θ after the chunk and the optimizer state, with validation best, since and
 * bestTheta, then the record [K, W]: per run the recorded losses of the chunk (`lossesIn`), then with
 * validation its loss at every step of the chunk, then the θ rows of the steps t ≡ 0 (mod pathEvery).
 */
export const MLP_STEP_KERNEL = 'LrLabMlpStep';

/** Backends this kernel is registered for (their bodies run on the host's memory). */
const HOST_MLP_BACKENDS = ['cpu', 'wasm'] as const;

/**
 * Backends that train a network fused: these two with this kernel, and webgpu with
 * 'LrLabMlpStepPacked' (packedMlp.ts, webgpuMlp.ts).
 */
export const FUSED_MLP_BACKENDS = [...HOST_MLP_BACKENDS, 'webgpu'] as const;

export interface MlpChunkAttrs {
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
  /** The chunk's first step and its number of steps. */
  readonly t0: number;
  readonly count: number;
  /** Steps of the whole training: step T is recorded, not updated from. */
  readonly T: number;
  /** The schedule's factor of each step of the chunk (`count` numbers). */
  readonly factors: readonly number[];
  /** The recorded (training-set) loss is computed at steps t ≡ 0 (mod lossEvery) and at T. */
  readonly lossEvery: number;
  /** θ rows are recorded at steps t ≡ 0 (mod pathEvery). */
  readonly pathEvery: number;
  readonly batchSize: number;
  /** Numbers of gradient noise per step (P shared, or K·P one row per run). */
  readonly noiseWidth: number;
  readonly noisePerRun: boolean;
  readonly patience: number;
}

/**
 * Whether step t's recorded loss is computed: every step (lossEvery 1), else the multiples of the
 * stride and the last step.
 */
export const lossRecordedAt = (t: number, lossEvery: number, T: number): boolean =>
  t % lossEvery === 0 || t === T;

/** How many of the steps t0 … t0 + count − 1 record their loss and their θ. */
export function chunkRecords(
  a: Pick<MlpChunkAttrs, 't0' | 'count' | 'T' | 'lossEvery' | 'pathEvery'>,
): { losses: number; thetas: number } {
  let losses = 0;
  let thetas = 0;
  for (let t = a.t0; t < a.t0 + a.count; t++) {
    if (lossRecordedAt(t, a.lossEvery, a.T)) losses++;
    if (t % a.pathEvery === 0) thetas++;
  }
  return { losses, thetas };
}

type Info = { dataId: object; shape: number[]; dtype: string };
type Arrays = Float32Array | Int32Array;
interface Memory {
  read(t: Info): Arrays;
  /** Allocates the outputs, then returns them with views of their memory. */
  alloc(shapes: number[][]): { infos: Info[]; views: Float32Array[] };
}

const layouts = new Map<string, MlpLayout>();
function layoutOf(a: MlpChunkAttrs): MlpLayout {
  const key = `${a.features},${a.width},${a.depth}`;
  let layout = layouts.get(key);
  if (!layout) {
    layout = mlpLayout(a.features, a.width, a.depth);
    layouts.set(key, layout);
  }
  return layout;
}

function specOf(a: MlpChunkAttrs): OptimizerSpec {
  const kind = OPTIMIZERS.find((o) => o === a.optimizer);
  if (!kind) throw new Error(`${MLP_STEP_KERNEL}: unknown optimizer ${a.optimizer}`);
  return { ...a, optimizer: kind };
}

/** T with its readonly fields writable: the kernel's own io object, updated step by step. */
type Mutable<T> = { -readonly [F in keyof T]: T[F] };

/** A pair of host arrays that steps write alternately: `cur` is read, `next` written, then swapped. */
class PingPong {
  cur: Float32Array;
  next: Float32Array;
  constructor(init: Float32Array) {
    this.cur = Float32Array.from(init);
    this.next = new Float32Array(init.length);
  }
  swap(): void {
    const c = this.cur;
    this.cur = this.next;
    this.next = c;
  }
}

function run(inputs: Record<string, Info | undefined>, a: MlpChunkAttrs, mem: Memory): Info[] {
  const layout = layoutOf(a);
  const spec = specOf(a);
  const theta = inputs.theta!;
  const [K = 0, P = 0] = theta.shape;
  if (P !== layout.P)
    throw new Error(`${MLP_STEP_KERNEL}: θ is [${K}, ${P}]; the layout has ${layout.P}`);
  const nState = stateCount(spec);
  const laneInputs =
    inputs.lt && inputs.ln ? { lt: inputs.lt, lv: inputs.lv, ln: inputs.ln } : null;
  const hasVal = laneInputs ? Boolean(laneInputs.lv) : Boolean(inputs.vx && inputs.vy);
  const hasTrack = hasVal && Boolean(inputs.best && inputs.since && inputs.bestTheta);
  const { count, t0, T } = a;
  const rec = chunkRecords(a);
  const W = rec.losses + (hasVal ? count : 0) + rec.thetas * P;
  const shapes: number[][] = [];
  for (let i = 0; i <= nState; i++) shapes.push([K, P]);
  if (hasTrack) shapes.push([K], [K], [K, P]);
  shapes.push([K, W]);
  const { infos, views } = mem.alloc(shapes);
  const f32 = (t: Info | undefined) => (t ? (mem.read(t) as Float32Array) : null);
  const th = new PingPong(f32(theta)!);
  const state = [inputs.state0, inputs.state1].slice(0, nState).map((t) => new PingPong(f32(t)!));
  const track = hasTrack
    ? {
        best: new PingPong(f32(inputs.best)!),
        since: new PingPong(f32(inputs.since)!),
        theta: new PingPong(f32(inputs.bestTheta)!),
      }
    : null;
  const record = views[views.length - 1]!;
  const idx = inputs.idx && inputs.w ? (mem.read(inputs.idx) as Int32Array) : null;
  const w = idx ? f32(inputs.w)! : null;
  const lossOut = new Float32Array(K);
  const valOut = hasVal ? new Float32Array(K) : null;
  const rows = {
    gx: f32(inputs.gx) ?? new Float32Array(0),
    gy: f32(inputs.gy) ?? new Float32Array(0),
    rx: f32(inputs.rx),
    ry: f32(inputs.ry),
    vx: f32(inputs.vx),
    vy: f32(inputs.vy),
    noise: f32(inputs.noise),
    lr: f32(inputs.lr)!,
  };
  // x's data id stands for the pair: the trainer always passes the same x with the same y.
  const keys = laneInputs
    ? { g: laneInputs.lt.dataId, v: laneInputs.lv?.dataId }
    : { g: inputs.gx?.dataId, r: inputs.rx?.dataId, v: inputs.vx?.dataId };
  const simd = simdMlpStep.enabled && mlpSimdReady(layout);
  if (laneInputs && !simd) throw new Error(`${MLP_STEP_KERNEL}: lane rows need WebAssembly SIMD`);
  const lanes = laneInputs && laneRowsOf(laneInputs, K, layout.features, f32);
  // The WebAssembly SIMD body where the engine has it; the scalar body stays as its reference.
  const body = simd
    ? simdStepBody(layout, spec, K, lanes ?? undefined)
    : scalarStepBody(layout, spec);
  let lossAt = 0;
  let thetaAt = rec.losses + (hasVal ? count : 0);
  // One io object for the whole chunk, its per-step fields set before each step: a chunk is up to
  // thousands of steps, and an object graph per step (io, batch, track, the state lists) was a
  // good part of a small network's step.
  const batch = idx ? { idx, w: w!, offset: 0, B: a.batchSize } : null;
  const trackIo = track
    ? {
        patience: a.patience,
        best: track.best.cur,
        since: track.since.cur,
        theta: track.theta.cur,
        bestOut: track.best.next,
        sinceOut: track.since.next,
        thetaOut: track.theta.next,
      }
    : null;
  const stateIn = state.map((s) => s.cur);
  const stateOut = state.map((s) => s.next);
  const noStateOut: Float32Array[] = [];
  const io: Mutable<MlpStepIo> = {
    K,
    theta: th.cur,
    lr: rows.lr,
    factor: 1,
    step: 0,
    state: stateIn,
    thetaOut: null,
    stateOut: noStateOut,
    gx: rows.gx,
    gy: rows.gy,
    batch,
    rx: rows.rx,
    ry: rows.ry,
    vx: rows.vx,
    vy: rows.vy,
    noise: rows.noise,
    noiseOffset: 0,
    noisePerRun: a.noisePerRun,
    track: trackIo,
    lossOut,
    valOut,
    recordLoss: true,
    keys,
  };
  // Each θ buffer's rows as views, made once per chunk, for the recorded θ rows.
  const thetaRows = new Map<Float32Array, Float32Array[]>();
  for (const buf of [th.cur, th.next]) {
    thetaRows.set(
      buf,
      Array.from({ length: K }, (_, k) => buf.subarray(k * P, (k + 1) * P)),
    );
  }
  for (let i = 0; i < count; i++) {
    const t = t0 + i;
    const update = t < T;
    const recordLoss = lossRecordedAt(t, a.lossEvery, T);
    io.theta = th.cur;
    io.factor = a.factors[i] ?? 1;
    io.step = t + 1;
    for (let j = 0; j < state.length; j++) {
      stateIn[j] = state[j]!.cur;
      stateOut[j] = state[j]!.next;
    }
    io.thetaOut = update ? th.next : null;
    io.stateOut = update ? stateOut : noStateOut;
    if (batch) batch.offset = t * a.batchSize;
    io.noiseOffset = t * a.noiseWidth;
    if (track && trackIo) {
      trackIo.best = track.best.cur;
      trackIo.since = track.since.cur;
      trackIo.theta = track.theta.cur;
      trackIo.bestOut = track.best.next;
      trackIo.sinceOut = track.since.next;
      trackIo.thetaOut = track.theta.next;
    }
    io.recordLoss = recordLoss;
    body.step(io);
    if (recordLoss) {
      for (let k = 0; k < K; k++) record[k * W + lossAt] = lossOut[k]!;
      lossAt++;
    }
    if (valOut) for (let k = 0; k < K; k++) record[k * W + rec.losses + i] = valOut[k]!;
    if (t % a.pathEvery === 0) {
      body.settle(th.cur);
      const thRows = thetaRows.get(th.cur)!;
      for (let k = 0; k < K; k++) record.set(thRows[k]!, k * W + thetaAt);
      thetaAt += P;
    }
    if (track) {
      track.best.swap();
      track.since.swap();
      track.theta.swap();
    }
    if (update) {
      th.swap();
      for (const s of state) s.swap();
    }
  }
  body.settle(th.cur);
  for (const s of state) body.settle(s.cur);
  let v = 0;
  views[v++]!.set(th.cur);
  for (const s of state) views[v++]!.set(s.cur);
  if (track) {
    views[v++]!.set(track.best.cur);
    views[v++]!.set(track.since.cur);
    views[v++]!.set(track.theta.cur);
  }
  return infos;
}

/** The kernel's lane inputs as the SIMD body reads them: records per chunk from their sizes. */
function laneRowsOf(
  inputs: { lt: Info; lv: Info | undefined; ln: Info },
  K: number,
  F: number,
  f32: (t: Info | undefined) => Float32Array | null,
): LaneRows {
  const per = Math.ceil(K / 4) * laneRecordFloats(F);
  const train = f32(inputs.lt)!;
  const val = f32(inputs.lv);
  const counts = f32(inputs.ln)!;
  return {
    train,
    n: train.length / per,
    trainN: counts.subarray(0, K),
    val,
    nv: val ? val.length / per : 0,
    valN: counts.subarray(K, 2 * K),
  };
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
          attrs as unknown as MlpChunkAttrs,
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

/**
 * Whether k-fold runs train fused on the active backend, given the backends the request allows it
 * on (`BatchedRequest.fusedFolds`, by the link's version): on cpu and wasm all folds in one call
 * (full batch, their rows as lanes) or one call per fold, on webgpu one packed call for all folds
 * (mlpTrainer.ts `trainFusedFolds`).
 */
export function foldsFuse(tf: TF, allowed: readonly string[] = []): boolean {
  return fusedMlpSupported(tf) && allowed.includes(tf.getBackend());
}

/** Dispatches one chunk of steps; returns the outputs in the order documented above. */
export function runMlpChunk(
  tf: TF,
  inputs: Record<string, Tensor | undefined>,
  attrs: MlpChunkAttrs,
): Tensor[] {
  const present: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(inputs)) if (t) present[name] = t;
  const out = tf.engine().runKernel(MLP_STEP_KERNEL, present, attrs as never);
  return Array.isArray(out) ? (out as Tensor[]) : [out as Tensor];
}
