import type { BackendName } from '../core/backends';
import { setUp, summarise, type Experiment } from '../core/experiment';
import { optimizerGroups } from '../core/runOptimizers';
import type { Scene } from '../core/scenes';
import { scheduleFactors } from '../core/schedules';
import { cutAtNonFinite } from '../core/trajectory';
import { contourPaths, contourPlot, type ContourPath } from '../geometry/contours';
import { FIGURE_HEIGHT, FIGURE_WIDTH } from '../geometry/figure';
import type { BackendMemory } from '../protocol/backends';
import type { BackendReport, ExperimentRequest, FromWorker, ToWorker } from '../protocol/messages';
import type { ExperimentResult, Surface } from '../protocol/results';
import { isFusedScene } from '../train/fused/analyticKernel';
import { hostSurface, surfaceSpec } from '../train/fused/hostSurface';
import { ROUNDS_PRODUCTS, type HostBackend } from '../train/fused/cpuAnalytic';
import { trainOnDevice } from '../train/fused/deviceAnalytic';
import { trainOnHost } from '../train/fused/hostTrain';
import type { AnalyticSpec } from '../train/fused/analyticKernel';
import type { BatchedOutput, BatchedRequest } from '../train/batched';
import { gpuDevice, type GpuDevice } from './gpuDevice';

/*
 * The first figure before tfjs has loaded. The worker's tfjs chunk (tfjs-core, its gradients and
 * the cpu backend) takes most of a second to load on a slow machine, and an analytic scene's first
 * figure needs none of it: `auto` starts those scenes on the cpu backend's fused kernel
 * (src/train/backend.ts FIRST_CHOICE), whose body is plain JavaScript on typed arrays
 * (src/train/fused/cpuAnalytic.ts), and the wasm backend's kernel runs the same body on its heap.
 * So the worker entry trains such a request (`auto` starting on cpu or remembering cpu or wasm, or a
 * forced cpu or wasm) here at once, with that very kernel body, and posts the result the training
 * service would have posted; the service
 * (loaded meanwhile) then takes the request as usual, which starts its backend, the slider grid and
 * `auto`'s idle probe, and its own copy of that result is not posted twice
 * (`createFirstResults`). A request for WebGPU (forced, or `auto` remembering it) is trained here
 * too, on the worker's WebGPU device with the WebGPU kernel's own WGSL
 * (src/train/fused/deviceAnalytic.ts); tfjs then adopts that device and trains it again there.
 * Everything else (WebGL, networks, data scenes, analyses) waits for the service.
 */

/**
 * Whether a backend's fused analytic kernel is the host body (src/train/fused/cpuAnalytic.ts
 * HOST_KERNELS): cpu runs it on its tensors' Float32Arrays, wasm on views of its heap, each with
 * its own rounding, so the host's result is either one's bit for bit
 * (tests/worker/firstResult.test.ts).
 */
const isHost = (name: BackendName): name is HostBackend => name in ROUNDS_PRODUCTS;

/** The backends whose first result the worker entry trains without tfjs. */
type StandIn = HostBackend | 'webgpu';
const standsIn = (name: BackendName): name is StandIn => isHost(name) || name === 'webgpu';

/**
 * What the backend holds after a training here, as the service would say it: nothing (no tensor
 * exists yet, and the device's buffers are freed), with WebGPU's count of buffers in use.
 */
const HELD: Record<StandIn, BackendMemory> = {
  cpu: { tensors: 0, bytes: 0 },
  wasm: { tensors: 0, bytes: 0 },
  webgpu: { tensors: 0, bytes: 0, gpuBuffers: 0 },
};

/** One fused analytic training, as `trainFused` would do it on some backend. */
type Trainer = (spec: AnalyticSpec, req: BatchedRequest) => BatchedOutput | Promise<BatchedOutput>;

/**
 * The backend report the training service gives a request it would train with a fused kernel the
 * worker entry also runs (cpu, wasm, webgpu) from the start (src/worker/backendKeeper.ts `ensure`),
 * or undefined when the service would do anything else first: WebGL, or op by op. The report is
 * what the service says once its backend has started; if that backend then fails to start (a
 * `.wasm` that does not load), the service's result says so and replaces this one.
 */
export function hostReport(
  msg: ExperimentRequest,
): (BackendReport & { readonly name: StandIn }) | undefined {
  if (msg.backend !== 'auto') {
    if (!standsIn(msg.backend)) return undefined;
    // startForced: the forced backend started, for the link's reason; fused where it applies.
    return { name: msg.backend, reason: { code: 'link' }, probe: undefined, fused: true };
  }
  if (msg.remembered === undefined) {
    // The analytic scenes' first choice (FIRST_CHOICE.analytic: cpu, fused), probed later.
    return {
      name: 'cpu',
      reason: { code: 'first' },
      probe: undefined,
      fused: true,
      probeLater: true,
    };
  }
  if (standsIn(msg.remembered) && (msg.rememberedFused ?? true)) {
    return {
      name: msg.remembered,
      reason: { code: 'rememberedFused' },
      probe: undefined,
      fused: true,
    };
  }
  return undefined;
}

/** What the host needs to train an experiment: the scene set up and its fused kernel's spec. */
interface HostSetUp extends ReturnType<typeof setUp> {
  readonly spec: AnalyticSpec;
}

/**
 * The experiment set up for the host, or undefined for one the fused kernel does not train (a
 * scene without a formula, or early stopping).
 */
function hostSetUp(exp: Experiment): HostSetUp | undefined {
  if (!isFusedScene(exp.scene) || exp.patience > 0) return undefined;
  const set = setUp(exp);
  const spec = surfaceSpec(exp, set.scene);
  return spec && { ...set, spec };
}

/**
 * An analytic experiment trained as src/train/experiment.ts `runExperiment` trains it with the
 * fused kernel (runs grouped by optimizer, the runs cut at their first non-finite value, verdicts
 * and fingerprint), by `train`, without tfjs, with its surface (hostSurface on the scene's view).
 */
async function hostExperiment(
  exp: Experiment,
  { scene, start, noise, spec }: HostSetUp,
  surface: Surface,
  train: Trainer,
  now: () => number,
): Promise<ExperimentResult> {
  const t0 = now();
  const groups = optimizerGroups(exp, exp.lrs.length);
  const losses = new Array<Float32Array>(exp.lrs.length);
  const paths = new Array<Float32Array>(exp.lrs.length);
  for (const group of groups) {
    const sub: Experiment = { ...exp, ...group.spec };
    // src/train/experiment.ts trainRequest, for these runs.
    const out = await train(spec, {
      lrs: group.runs.map((j) => exp.lrs[j]!),
      steps: sub.steps,
      start,
      noise,
      optimizer: sub,
      factors: scheduleFactors(sub, sub.steps),
      fused: true,
      patience: sub.patience,
      pathEvery: 1,
    });
    group.runs.forEach((j, g) => {
      losses[j] = out.losses[g]!;
      paths[j] = out.paths[g]!;
    });
  }
  const trainMs = now() - t0;
  const trajectories = exp.lrs.map((lr, k) => cutAtNonFinite(lr, losses[k]!, paths[k]!, spec.dims));
  // No minibatches in an analytic scene: the verdicts' noise is the gradient noise alone.
  const summary = summarise(scene, trajectories, Math.hypot(exp.noise, 0));
  return { experiment: exp, ...summary, start, surface, trainMs, fused: true };
}

/** The contour lines of a 2-D surface as the service traces them (trainService.ts contoursOf). */
function hostContours(view: Scene['view'], surface: Surface): ContourPath[] | undefined {
  if (surface.dims !== 2) return undefined;
  const [xr = [0, 1], yr = [0, 1]] = view;
  return contourPaths(
    surface,
    contourPlot(FIGURE_WIDTH, FIGURE_HEIGHT, [
      [xr[0], xr[1]],
      [yr[0], yr[1]],
    ]),
  );
}

/**
 * The result message for a request the host path trains, the same as the service's but for the
 * stages' times; undefined when the service must train it (or, for WebGPU, when `gpu` gives no
 * device).
 */
export async function hostResult(
  msg: ExperimentRequest,
  now: () => number,
  origin: number,
  gpu: () => Promise<GpuDevice | undefined> = gpuDevice,
): Promise<(FromWorker & { type: 'result' }) | undefined> {
  const report = hostReport(msg);
  const set = report && hostSetUp(msg.experiment);
  if (!set) return undefined;
  const taken = origin + now();
  // The surface and its contours depend on the scene alone, so they are made first: a WebGPU
  // device is still on its way meanwhile (asked for when the request was taken), and in a fresh
  // worker they take 100–150 ms of a 2-D scene's first result.
  const { view } = set.scene;
  const surface = hostSurface(set.spec, view);
  const contours = hostContours(view, surface);
  const traced = origin + now();
  let train: Trainer;
  if (report.name === 'webgpu') {
    const device = (await gpu())?.device;
    if (!device) return undefined;
    train = (spec, req) => trainOnDevice(spec, req, device);
  } else {
    const backend = report.name;
    train = (spec, req) => trainOnHost(spec, req, backend);
  }
  const started = origin + now();
  const result = await hostExperiment(msg.experiment, set, surface, train, now);
  const trained = origin + now();
  return {
    type: 'result',
    gen: msg.gen,
    choice: msg.backend,
    backend: report,
    notices: [],
    result,
    contours,
    memory: HELD[report.name],
    timing: { taken, backend: started, trained, contours: traced },
  };
}

/**
 * What the page would see of a result: its numbers (by their fingerprint), the backend it names and
 * the notices it shows. Keys are sorted, so two equal reports built in another order are equal.
 */
function seen(m: FromWorker & { type: 'result' }): string {
  const { fingerprint } = m.result;
  return JSON.stringify(
    { fingerprint, backend: m.backend, notices: m.notices },
    (_key, v: unknown) =>
      v && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
        : v,
  );
}

/**
 * The worker entry's side of the host path: `take` answers a training request at once where it
 * can (before the service has loaded); `fromService` passes the service's messages on, except its
 * own copy of a result already posted (and the progress before it): the same figure a second time
 * would only redraw it. A copy that differs is passed on: other numbers would be a defect here (the
 * service's are the reference); another backend or a notice means the backend the host path
 * stood in for did not start, and the page must say so.
 */
export function createFirstResults(
  post: (m: FromWorker) => void,
  now: () => number,
  origin: number,
  gpu: () => Promise<GpuDevice | undefined> = gpuDevice,
) {
  /** Requests answered here, by generation: what the page saw of the result posted. */
  const told = new Map<number, string>();
  /** The newest generation the service has answered: an answer here after it is not posted. */
  let served = -Infinity;
  return {
    /**
     * Answers a request here if it can, and says whether it did. Settles at once for cpu and wasm
     * (within this task, before any other message); a WebGPU request settles when the GPU has
     * answered, and the service should not load before then: loading takes this thread for a few
     * hundred milliseconds, and the answer would wait behind it.
     */
    async take(msg: ToWorker): Promise<boolean> {
      if (msg.type !== 'train') return false;
      // A WebGPU request's device is asked for now, trained on here or not (a network is not):
      // tfjs adopts it (gpuDevice.ts shareDevice) rather than wait for one of its own.
      if (hostReport(msg)?.name === 'webgpu') void gpu();
      let m: Awaited<ReturnType<typeof hostResult>>;
      try {
        m = await hostResult(msg, now, origin, gpu);
      } catch {
        // The service trains it and says what went wrong, if anything does.
        return false;
      }
      if (!m || msg.gen <= served) return false;
      post(m);
      told.set(msg.gen, seen(m));
      return true;
    },
    fromService(m: FromWorker): void {
      if (m.type === 'progress' || m.type === 'partial') {
        if (told.has(m.gen)) return;
      } else if (m.type === 'result' || m.type === 'error') {
        served = Math.max(served, m.gen);
        const posted = told.get(m.gen);
        told.delete(m.gen);
        if (m.type === 'result' && posted === seen(m)) return;
      }
      post(m);
    },
  };
}
