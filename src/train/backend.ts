import type { TF } from './tf';

/** Backends in fallback order: a forced backend that cannot start falls to the next one. */
export const BACKEND_ORDER = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_ORDER)[number];

/** Milliseconds per training step measured by the probe, per backend that started (its best path). */
export type ProbeTimes = Partial<Record<BackendName, number>>;

/** One measured candidate of `auto`: a backend, trained fused (src/train/fused) or op by op. */
export interface ProbePair {
  readonly backend: BackendName;
  readonly fused: boolean;
  readonly ms: number;
}

export interface BackendChoiceResult {
  readonly name: BackendName;
  /** Why this backend, in words for the panel. */
  readonly reason: string;
  /** Something the user should see: a forced backend that could not start, for instance. */
  readonly notices: readonly string[];
  readonly probe?: ProbeTimes;
  /** Train with the fused kernel where it applies (the probe's pick; true unless measured slower). */
  readonly fused?: boolean;
  /** Every (backend, fused) pair the probe timed, in the order timed. */
  readonly pairs?: readonly ProbePair[];
}

/**
 * Loads a backend's code before it is started: the browser worker keeps each backend but cpu in a
 * chunk of its own (src/worker/tfBrowser.ts). Node imports every backend it uses up front and sets
 * none.
 */
export type BackendLoader = (name: BackendName) => Promise<void>;
let loadBackend: BackendLoader = () => Promise.resolve();

/** Sets how backends are loaded (the worker entry does, once). */
export function setBackendLoader(loader: BackendLoader): void {
  loadBackend = loader;
}

/**
 * Starts a backend and says whether it really started (a backend whose code fails to load did not): `tf.setBackend` throws for a name that was
 * never registered (WebGPU registers only if `navigator.gpu` existed at import) and resolves
 * `false` when initialisation fails (docs/ARCHITECTURE.md, Facts about the stack), and both mean
 * "not available".
 */
export async function startBackend(tf: TF, name: BackendName): Promise<boolean> {
  try {
    await loadBackend(name);
    if (!tf.findBackendFactory(name)) return false;
    const started = await tf.setBackend(name);
    return started && tf.getBackend() === name;
  } catch {
    return false;
  }
}

/**
 * Starts `forced` or, failing that, the next backend in BACKEND_ORDER that starts, with a notice
 * naming each one that could not.
 */
export async function startForced(
  tf: TF,
  forced: BackendName,
  skip: ReadonlySet<BackendName> = new Set(),
): Promise<BackendChoiceResult> {
  const notices: string[] = [];
  for (const name of BACKEND_ORDER.slice(BACKEND_ORDER.indexOf(forced))) {
    if (skip.has(name)) continue;
    if (await startBackend(tf, name)) {
      const reason = name === forced ? 'chosen in the link' : `${forced} could not start`;
      return { name, reason, notices };
    }
    notices.push(`The ${name} backend could not start here; trying the next one.`);
  }
  throw new Error('No TensorFlow.js backend could start.');
}

/**
 * `auto`: starts every available backend, times the same short workload on each (`measure` returns
 * milliseconds per step after its own warm-up), op by op and, where `fusable` says the fused kernel
 * applies on the active backend, fused too, and keeps the fastest (backend, fused) pair. Backends
 * in `skip` are left out. Returns with the fastest backend active.
 */
export async function startFastest(
  tf: TF,
  measure: (fused: boolean) => Promise<number>,
  skip: ReadonlySet<BackendName> = new Set(),
  fusable: () => boolean = () => false,
): Promise<BackendChoiceResult> {
  const probe: ProbeTimes = {};
  const pairs: ProbePair[] = [];
  for (const name of BACKEND_ORDER) {
    if (skip.has(name) || !(await startBackend(tf, name))) continue;
    for (const fused of fusable() ? [false, true] : [false]) {
      try {
        const ms = await measure(fused);
        pairs.push({ backend: name, fused, ms });
        probe[name] = Math.min(probe[name] ?? Infinity, ms);
      } catch {
        // A path that cannot run the workload is simply not a candidate.
      }
    }
  }
  // Sorted by time, a NaN as the slowest; ties keep the timing order (op by op first).
  const key = (ms: number) => (Number.isNaN(ms) ? Infinity : ms);
  const ranked = pairs
    .map((p, i) => ({ p, i }))
    .sort((a, b) => key(a.p.ms) - key(b.p.ms) || a.i - b.i);
  const best = ranked[0]?.p;
  if (!best) throw new Error('No TensorFlow.js backend could start.');
  if (!(await startBackend(tf, best.backend))) throw new Error(`${best.backend} stopped working.`);
  const reason = `fastest in a measured probe${best.fused ? ', fused' : ''}`;
  return { name: best.backend, reason, notices: [], probe, fused: best.fused, pairs };
}

/** What the active backend holds after a training: the soak and load tests read it from the panel. */
export interface BackendMemory {
  /** Live tensors (`tf.memory().numTensors`). */
  readonly tensors: number;
  /** Bytes held by those tensors. */
  readonly bytes: number;
  /** WebGPU only: buffers in use by the backend's buffer manager (pooled free ones not counted). */
  readonly gpuBuffers?: number;
}

/** The parts of tfjs-backend-webgpu's backend object read here (not in its public typings). */
interface WebGpuBackendLike {
  readonly device?: {
    readonly lost?: Promise<{ readonly reason?: string; readonly message?: string }>;
  };
  readonly bufferManager?: { getNumUsedBuffers?: () => number };
}

export function backendMemory(tf: TF): BackendMemory {
  const { numTensors, numBytes } = tf.memory();
  const used = (tf.backend() as unknown as WebGpuBackendLike).bufferManager?.getNumUsedBuffers?.();
  return {
    tensors: numTensors,
    bytes: numBytes,
    ...(used === undefined ? {} : { gpuBuffers: used }),
  };
}

const lostOf = new WeakMap<object, Promise<string>>();

/**
 * Resolves, with words for a notice, when the active backend's GPU device is lost (a driver reset,
 * another tab taking the GPU, `GPUDevice.destroy()`); undefined for backends without a device.
 * One promise per device, so asking again for every request attaches nothing new.
 */
export function whenDeviceLost(tf: TF): Promise<string> | undefined {
  const backend = tf.backend() as unknown as WebGpuBackendLike;
  const device = backend.device;
  if (!device?.lost) return undefined;
  let lost = lostOf.get(device);
  if (!lost) {
    lost = device.lost.then(
      (info) =>
        `the GPU device was lost (${[info.reason, info.message].filter(Boolean).join(': ') || 'no reason given'})`,
    );
    lostOf.set(device, lost);
  }
  return lost;
}
