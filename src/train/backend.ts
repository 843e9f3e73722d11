import { BACKEND_ORDER, type BackendName } from '../core/backends';
import type { BackendMemory, ProbePair, ProbeTimes, SceneKind } from '../protocol/backends';
import type { BackendReason, Notice } from '../protocol/notices';
import type { TF } from './tf';

export { BACKEND_ORDER, type BackendName } from '../core/backends';
export {
  SCENE_KIND,
  type BackendMemory,
  type ProbePair,
  type ProbeTimes,
  type SceneKind,
} from '../protocol/backends';

export interface BackendChoiceResult {
  readonly name: BackendName;
  /** Why this backend (the panel puts it into words). */
  readonly reason: BackendReason;
  /** Something the user should see: a forced backend that could not start, for instance. */
  readonly notices: readonly Notice[];
  readonly probe?: ProbeTimes;
  /** Train with the fused kernel where it applies (the probe's pick; true unless measured slower). */
  readonly fused?: boolean;
  /** Every (backend, fused) pair the probe timed, in the order timed. */
  readonly pairs?: readonly ProbePair[];
  /** GPU backends the probe did not time, their GPU being emulated on the CPU. */
  readonly emulated?: readonly BackendName[];
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
 * Starts a backend and says whether it really started (a backend whose code fails to load did not):
 * `tf.setBackend` throws for a name that was never registered (WebGPU registers only if
 * `navigator.gpu` existed at import) and resolves `false` when initialisation fails, and both mean
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
 * No backend could start at all; `notices` say which ones were tried. Its message is for logs and
 * Node; the worker sends the page the code `noBackend` (src/protocol/notices.ts), which the page words.
 */
export class NoBackendError extends Error {
  constructor(readonly notices: readonly Notice[] = []) {
    super('No TensorFlow.js backend could start.');
    this.name = 'NoBackendError';
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
  const notices: Notice[] = [];
  for (const name of BACKEND_ORDER.slice(BACKEND_ORDER.indexOf(forced))) {
    if (skip.has(name)) continue;
    if (await startBackend(tf, name)) {
      const reason: BackendReason =
        name === forced ? { code: 'link' } : { code: 'fallback', forced };
      return { name, reason, notices };
    }
    notices.push({ code: 'noStart', backend: name });
  }
  throw new NoBackendError(notices);
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
  if (!best) throw new NoBackendError();
  if (!(await startBackend(tf, best.backend))) throw new Error(`${best.backend} stopped working.`);
  const reason: BackendReason = { code: best.fused ? 'probeFused' : 'probe' };
  return { name: best.backend, reason, notices: [], probe, fused: best.fused, pairs };
}

/** One (backend, path) to train on; `fused` means "fused where a kernel applies". */
export interface BackendPick {
  readonly backend: BackendName;
  readonly fused: boolean;
}

/**
 * `auto`'s choice before anything is measured, per kind of scene. cpu needs nothing loaded and its
 * fused analytic kernel trains the lecture's runs in milliseconds (as fast as wasm's in the probe,
 * BENCHMARKS.md), so a download would only delay the figure. Data and network scenes train op by op
 * or through matrix products over rows, where wasm's SIMD kernels beat cpu's JavaScript several
 * times over (the probe's numbers in BENCHMARKS.md), which repays loading its `.wasm`. WebGPU and
 * WebGL are never a first choice: compiling their shaders takes seconds where the GPU is emulated,
 * and only a probe can tell a real GPU from that.
 */
export const FIRST_CHOICE = {
  analytic: { backend: 'cpu', fused: true },
  data: { backend: 'wasm', fused: true },
  network: { backend: 'wasm', fused: true },
} as const satisfies Record<SceneKind, BackendPick>;

/**
 * Two probe times closer than this ratio are a tie: the probe's medians of three short runs move by
 * about this much between repeats on a busy machine, so a smaller lead is not "measured faster".
 */
export const PROBE_TIE_RATIO = 1.1;
/**
 * Nor is a lead that saves less than this over the whole training (one frame at 60 Hz): no one
 * sees it, and switching would redraw the figure for nothing.
 */
export const PROBE_TIE_MS = 16;
/**
 * The probe stops timing a pair whose first timed run is this many times slower per step than the
 * fastest pair timed before it: repeats move by about PROBE_TIE_RATIO, so such a lead does not
 * turn over, and where the GPU is emulated each further run costs seconds of the CPU the page and
 * the student share.
 */
export const PROBE_GIVE_UP_RATIO = 3;

/**
 * After an idle-time probe: the pair to train on from now on. The fastest pair measured, unless
 * the one in use ties with it (within PROBE_TIE_RATIO, or saving under PROBE_TIE_MS over
 * `steps` steps), so the figure on screen is kept whenever the probe cannot tell them apart.
 * NaN times (a path that failed) rank last. Undefined when nothing was measured.
 * A tie within PROBE_TIE_RATIO keeps `auto` within a tenth of the fastest pair's training time.
 */
export function pickAfterProbe(
  pairs: readonly ProbePair[],
  current: BackendPick,
  steps: number,
): { readonly pick: ProbePair; readonly kept: boolean } | undefined {
  const key = (ms: number) => (Number.isNaN(ms) ? Infinity : ms);
  const best = pairs
    .map((p, i) => ({ p, i }))
    .sort((a, b) => key(a.p.ms) - key(b.p.ms) || a.i - b.i)[0]?.p;
  if (!best || !Number.isFinite(best.ms)) return undefined;
  // A backend timed one way only (no fused kernel there) trains that way whatever `fused` says.
  const same = pairs.filter((p) => p.backend === current.backend);
  const mine =
    same.find((p) => p.fused === current.fused) ?? (same.length === 1 ? same[0] : undefined);
  if (!mine || !Number.isFinite(mine.ms)) return { pick: best, kept: false };
  const tie = mine.ms <= best.ms * PROBE_TIE_RATIO || (mine.ms - best.ms) * steps < PROBE_TIE_MS;
  return tie ? { pick: mine, kept: true } : { pick: best, kept: false };
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

const lostOf = new WeakMap<object, Promise<string | undefined>>();

/**
 * Resolves when the active backend's GPU device is lost (a driver reset, another tab taking the
 * GPU, `GPUDevice.destroy()`), with the device's own reason and message (undefined when it gave
 * neither); undefined for backends without a device. One promise per device, so asking again for
 * every request attaches nothing new.
 */
export function whenDeviceLost(tf: TF): Promise<string | undefined> | undefined {
  const backend = tf.backend() as unknown as WebGpuBackendLike;
  const device = backend.device;
  if (!device?.lost) return undefined;
  let lost = lostOf.get(device);
  if (!lost) {
    lost = device.lost.then(
      (info) => [info.reason, info.message].filter(Boolean).join(': ') || undefined,
    );
    lostOf.set(device, lost);
  }
  return lost;
}
