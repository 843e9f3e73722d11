/**
 * The WebGPU benchmark's measuring loop, shared by the Chromium page (bench/gpu/main.ts) and the
 * Node + Dawn runner for a lent GPU machine (bench/gpuNode.ts): on tfjs' webgpu backend, already
 * active, whole trajectories trained op by op and with the fused kernel, each timed to the last
 * read-back, both paths alternating (which goes first swaps every repetition), medians of REPS
 * after a warm-up that also compiles the shaders.
 *
 * - Analytic scenes: 200-step trajectories of K learning rates, the fused analytic kernel
 *   (src/train/fused/webgpuAnalytic.ts) against op by op.
 * - The network scene `cars` (the app's 16 × 1 tanh MLP, minibatches of 32): the fused step
 *   kernel ('LrLabMlpStepPacked' on webgpu) against op by op. Where the backend has no fused body for it, trainBatched
 *   falls back to op by op; the row then says so (`fused: false`) and times op by op alone.
 */
import { setUp, type Experiment } from '../../src/core/experiment';
import { benchExperiment, networkRates } from '../experiment';
import { makeScene, type ModelScene } from '../../src/core/scenes';
import type { FusedScene } from '../../src/train/fused/analyticKernel';
import { trainRequest } from '../../src/train/experiment';
import { experimentOps } from '../../src/train/experimentOps';
import { sceneOps } from '../../src/train/sceneLoss';
import type { TF } from '../../src/train/tf';
import { trainBatched, type BatchedOutput, type BatchedRequest } from '../../src/train/trainer';

export interface GpuPlan {
  readonly scenes: readonly FusedScene[];
  readonly ks: readonly number[];
  /** Steps of an analytic trajectory. */
  readonly steps: number;
  readonly warmup: number;
  readonly reps: number;
  /** Ks of the network scene; empty: not measured. */
  readonly mlpKs: readonly number[];
  /** Epochs of one network run (the rows are reshuffled every epoch). */
  readonly mlpEpochs: number;
}

/**
 * The Chromium page's plan: op by op on SwiftShader takes seconds per trajectory (the bowl's
 * matMul tens of seconds at K = 64), so two scenes, four batch sizes, three repetitions, and the
 * network for one epoch (8 steps; op by op about 6 s at K = 64 here): a few minutes in all.
 */
export const CHROMIUM_PLAN: GpuPlan = {
  scenes: ['valley', 'rosenbrock'],
  ks: [1, 16, 64, 256],
  steps: 200,
  warmup: 1,
  reps: 3,
  mlpKs: [4, 64],
  mlpEpochs: 1,
};

/**
 * The Node runner's full plan (bench/gpuNode.ts), for a real GPU: the page's analytic rows, plus the
 * network at a classroom's K and a large one, 20 epochs (160 steps) per run.
 */
export const DEVICE_PLAN: GpuPlan = { ...CHROMIUM_PLAN, mlpKs: [4, 64], mlpEpochs: 20 };

/** A classroom minibatch: 32 rows, reshuffled every epoch (the app's DataLoader). */
export const MLP_BATCH = 32;

export interface GpuRow {
  scene: FusedScene;
  K: number;
  unfusedMs: number;
  fusedMs: number;
  ratio: number;
  /** How far the fused final losses are from op by op's (finalLossAgreement); absent in old files. */
  agreement?: Agreement;
}

/**
 * The fused path against op by op on the final training loss of every run: the largest
 * |fused − op by op| / (1 + |op by op|) over runs where both are finite, and how many runs are finite
 * on one path only. Both are float32 on the device, so they part by rounding (summation order),
 * more the longer and the more unstable a run.
 */
export interface Agreement {
  maxDiff: number;
  finiteOnOneSide: number;
}

export interface MlpGpuRow {
  scene: 'cars';
  width: number;
  depth: number;
  K: number;
  steps: number;
  epochs: number;
  /** Whether `fused: true` really trained with the fused step kernel on this backend. */
  fused: boolean;
  unfusedMs: number;
  /** null where the backend has no fused body (then only op by op was timed). */
  fusedMs: number | null;
  ratio: number | null;
  /** null where only op by op was timed. */
  agreement?: Agreement | null;
}

/** What `GPUAdapter.info` says, as far as the implementation fills it in. */
export interface AdapterInfo {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** Dawn marks SwiftShader (its CPU Vulkan) as the fallback adapter. */
  isFallbackAdapter: boolean;
}

export interface GpuRows {
  rows: GpuRow[];
  mlp: MlpGpuRow[];
}

export interface GpuBench {
  adapter: string;
  adapterInfo?: AdapterInfo;
  backend: string;
  rows: GpuRow[];
  mlp?: MlpGpuRow[];
  error?: string;
}

interface GpuLike {
  requestAdapter(options?: {
    powerPreference?: string;
  }): Promise<{ info?: Partial<AdapterInfo> } | null>;
}

/**
 * The adapter tfjs' webgpu backend asks for (high-performance), described; null without WebGPU
 * or without an adapter.
 */
export async function adapterInfo(gpu: GpuLike | undefined): Promise<AdapterInfo | null> {
  const adapter = gpu ? await gpu.requestAdapter({ powerPreference: 'high-performance' }) : null;
  if (!adapter) return null;
  // Dawn's GPUAdapterInfo has getters on its prototype: spread would copy nothing.
  const i = adapter.info ?? {};
  return {
    vendor: i.vendor ?? '',
    architecture: i.architecture ?? '',
    device: i.device ?? '',
    description: i.description ?? '',
    isFallbackAdapter: i.isFallbackAdapter ?? false,
  };
}

/** "vendor / architecture / description / device", the parts the implementation filled in. */
export function adapterLabel(info: AdapterInfo | null): string {
  if (!info) return 'none';
  const parts = [info.vendor, info.architecture, info.description, info.device].filter(Boolean);
  return [...new Set(parts)].join(' / ') || 'unnamed adapter';
}

/** Whether WebGPU runs on the CPU here (SwiftShader, or any fallback adapter), not on a GPU. */
export function onCpu(adapter: string, info?: AdapterInfo | null): boolean {
  return Boolean(info?.isFallbackAdapter) || /swiftshader|llvmpipe|lavapipe|cpu/i.test(adapter);
}

export const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/**
 * Times `train(fused)` for both paths, alternating, and returns the medians, the median of the
 * per-repetition ratios, and how the two paths' last outputs agree. With `fusedToo` false only op
 * by op is timed.
 */
async function timePaths(
  plan: GpuPlan,
  train: (fused: boolean) => Promise<BatchedOutput>,
  fusedToo: boolean,
): Promise<{
  unfusedMs: number;
  fusedMs: number | null;
  ratio: number | null;
  agreement: Agreement | null;
}> {
  const u: number[] = [];
  const f: number[] = [];
  const last: { u?: BatchedOutput; f?: BatchedOutput } = {};
  for (let rep = 0; rep < plan.warmup + plan.reps; rep++) {
    const order = fusedToo ? (rep % 2 ? [true, false] : [false, true]) : [false];
    for (const fused of order) {
      const t0 = performance.now();
      const out = await train(fused);
      const ms = performance.now() - t0;
      if (rep >= plan.warmup) (fused ? f : u).push(ms);
      last[fused ? 'f' : 'u'] = out;
    }
  }
  return fusedToo
    ? {
        unfusedMs: median(u),
        fusedMs: median(f),
        ratio: median(u.map((x, i) => x / f[i]!)),
        agreement: finalLossAgreement(last.u!.losses, last.f!.losses),
      }
    : { unfusedMs: median(u), fusedMs: null, ratio: null, agreement: null };
}

/** See `Agreement`: `reference` is op by op's per-run losses, `other` the fused path's. */
export function finalLossAgreement(
  reference: readonly Float32Array[],
  other: readonly Float32Array[],
): Agreement {
  let maxDiff = 0;
  let finiteOnOneSide = 0;
  reference.forEach((r, k) => {
    const x = r[r.length - 1] ?? NaN;
    const o = other[k];
    const y = o ? (o[o.length - 1] ?? NaN) : NaN;
    if (Number.isFinite(x) && Number.isFinite(y)) {
      maxDiff = Math.max(maxDiff, Math.abs(y - x) / (1 + Math.abs(x)));
    } else if (Number.isFinite(x) !== Number.isFinite(y)) {
      finiteOnOneSide += 1;
    }
  });
  return { maxDiff, finiteOnOneSide };
}

async function analyticRow(tf: TF, plan: GpuPlan, scene: FusedScene, K: number): Promise<GpuRow> {
  const [lo, hi] = makeScene(scene, { kappa: 10 }).lrRange;
  const lrs = Array.from({ length: K }, (_, i) =>
    K === 1 ? 10 ** ((lo + hi) / 2) : 10 ** (lo + ((hi - lo) * i) / (K - 1)),
  );
  const exp = benchExperiment(scene, lrs, plan.steps);
  const { start } = setUp(exp);
  const ops = sceneOps(tf, scene, exp);
  const req: BatchedRequest = { lrs, steps: plan.steps, start };
  try {
    const t = await timePaths(
      plan,
      async (fused) => {
        const out = await trainBatched(tf, ops, { ...req, fused });
        if (!out) throw new Error('training was cancelled');
        if (fused && !out.fused) throw new Error(`${scene} did not train fused`);
        return out;
      },
      true,
    );
    return {
      scene,
      K,
      unfusedMs: t.unfusedMs,
      fusedMs: t.fusedMs!,
      ratio: t.ratio!,
      agreement: t.agreement!,
    };
  } finally {
    ops.dispose();
  }
}

/** The app's default network on cars, K learning rates log-spaced over 1e-3…0.1 (none diverges). */
export function mlpExperiment(K: number, epochs: number): Experiment {
  const base = benchExperiment('cars', [], 1, {
    width: 16,
    depth: 1,
    batchSize: MLP_BATCH,
    shuffle: true,
  });
  const m = (makeScene('cars', base) as ModelScene).split.train.length;
  return { ...base, lrs: networkRates(K), steps: epochs * Math.ceil(m / MLP_BATCH) };
}

async function mlpRow(tf: TF, plan: GpuPlan, K: number): Promise<MlpGpuRow> {
  const exp = mlpExperiment(K, plan.mlpEpochs);
  const { start, noise } = setUp(exp);
  const ops = experimentOps(tf, exp);
  const req = { ...trainRequest(exp, exp.lrs, start, noise), patience: exp.patience };
  const train = async (fused: boolean): Promise<BatchedOutput> => {
    const out = await trainBatched(tf, ops, { ...req, fused });
    if (!out) throw new Error('training was cancelled');
    return out;
  };
  try {
    // One fused run first: it tells whether this backend has a fused body at all (trainBatched
    // falls back to op by op where it has not, and timing that twice would say nothing).
    const fusedSeen = (await train(true)).fused === true;
    // Without a fused body that run was op by op already: it was the warm-up.
    const t = await timePaths(fusedSeen ? plan : { ...plan, warmup: 0 }, train, fusedSeen);
    return {
      scene: 'cars',
      width: exp.width,
      depth: exp.depth,
      K,
      steps: exp.steps,
      epochs: plan.mlpEpochs,
      fused: fusedSeen,
      ...t,
    };
  } finally {
    ops.dispose();
  }
}

/** "final losses agree to 3.1e-6" (and how many runs diverged on one path only). */
export function agreementText(a: Agreement): string {
  return `final losses agree to ${a.maxDiff.toExponential(1)}${
    a.finiteOnOneSide ? `, ${a.finiteOnOneSide} run(s) finite on one path only` : ''
  }`;
}

/**
 * Runs the plan on the active backend (the caller has set it to webgpu), reporting progress
 * through `status`.
 */
export async function measureGpu(
  tf: TF,
  plan: GpuPlan,
  status: (line: string, sofar: GpuRows) => void,
): Promise<GpuRows> {
  const rows: GpuRow[] = [];
  const mlp: MlpGpuRow[] = [];
  for (const scene of plan.scenes) {
    for (const K of plan.ks) {
      const row = await analyticRow(tf, plan, scene, K);
      rows.push(row);
      status(
        `${scene} K=${K}: op by op ${row.unfusedMs.toFixed(1)} ms, fused ${row.fusedMs.toFixed(2)} ms, ${row.ratio.toFixed(1)}×, ${agreementText(row.agreement!)}`,
        { rows, mlp },
      );
    }
  }
  for (const K of plan.mlpKs) {
    const row = await mlpRow(tf, plan, K);
    mlp.push(row);
    status(
      `cars ${row.width}×${row.depth} K=${K}, ${row.steps} steps: op by op ${row.unfusedMs.toFixed(1)} ms, ` +
        (row.fused
          ? `fused ${row.fusedMs!.toFixed(2)} ms, ${row.ratio!.toFixed(1)}×, ${agreementText(row.agreement!)}`
          : 'fused n/a (no fused body on this backend: it trained op by op)'),
      { rows, mlp },
    );
  }
  return { rows, mlp };
}
