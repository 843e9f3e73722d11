import { settingKey } from '../core/experiment';
import { makeScene } from '../core/scenes';
import { isNetworkScene } from '../core/scenes/cars';
import { BACKEND_ORDER, type BackendName } from '../core/backends';
import { contourPaths, contourPlot, type ContourPath } from '../geometry/contours';
import { FIGURE_HEIGHT, FIGURE_WIDTH } from '../geometry/figure';
import { SCENE_KIND, type ProbePair, type ProbeTimes, type SceneKind } from '../protocol/backends';
import type { Cause, Notice } from '../protocol/notices';
import type { AnalysisResult, ExperimentResult, Surface } from '../protocol/results';
import {
  backendMemory,
  FIRST_CHOICE,
  NoBackendError,
  pickAfterProbe,
  PROBE_GIVE_UP_RATIO,
  startBackend,
  startForced,
  type BackendChoiceResult,
  type BackendPick,
  whenDeviceLost,
} from '../train/backend';
import { probeStepMs, runExperiment } from '../train/experiment';
import { fusedApplies } from '../train/fused/register';
import { PARTIAL_EVERY_MS, throttle } from '../train/partial';
import { GRID_EXACT_BACKENDS, trainSliderGrid } from '../train/sliderGrid';
import type { TF } from '../train/tf';
import { runRangeTest, runSharpness, runSweep } from '../train/analysis';
import type {
  AnalysisRequest,
  BackendReport,
  ExperimentRequest,
  FromWorker,
  ToWorker,
} from '../protocol/messages';

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * A failure the worker knows by name, thrown where it happens and sent to the page as its code
 * (the message is for logs and Node tests only).
 */
class Failure extends Error {
  constructor(readonly failure: Cause) {
    super(failure.code);
    this.name = 'Failure';
  }
}

/** What went wrong, as the page is told it: a known fault's code, or an error's own text. */
function causeOf(err: unknown): Cause {
  if (err instanceof Failure) return err.failure;
  if (err instanceof NoBackendError) return { code: 'noBackend', notices: err.notices };
  return { code: 'thrown', message: messageOf(err) };
}

/**
 * How long the worker must have had nothing to do before `auto` measures the other backends: the
 * figure has been posted and drawn by then, and a user's first move usually comes later still.
 */
export const IDLE_PROBE_MS = 500;

export interface ServiceOptions {
  /** IDLE_PROBE_MS unless a test wants it sooner. */
  readonly idleMs?: number;
  /** Epoch milliseconds at `now()` = 0, to date results' stages (WorkerTiming); absent: none. */
  readonly origin?: number;
  /**
   * Whether a backend's GPU is emulated on the CPU (src/worker/emulatedGpu.ts); `auto`'s probe
   * does not time those: on the CPU that wasm and cpu use, with shaders compiled on it first,
   * they cannot win, and timing them took a minute of both cores here. Absent: none is.
   */
  readonly emulated?: (name: BackendName) => Promise<boolean>;
}

/**
 * The worker's logic, apart from the worker itself so it runs in Node tests: it keeps one backend
 * started, trains the latest request only (older ones are skipped or cancelled between chunks, so
 * stale results never leave), and when training fails on a backend, marks that backend broken and
 * trains again on the next one, saying so.
 */
export function createTrainService(
  tf: TF,
  post: (m: FromWorker) => void,
  now: () => number,
  { idleMs = IDLE_PROBE_MS, origin, emulated = async () => false }: ServiceOptions = {},
) {
  const at = () => (origin === undefined ? undefined : origin + now());
  let latest = 0;
  let latestAnalysis = 0;
  let latestRepeat = 0;
  /** The last result trained, so the sharpness panel can reuse its paths. */
  let lastResult: { key: string; result: ExperimentResult } | undefined;
  let queue = Promise.resolve();
  const broken = new Set<BackendName>();
  /** What this worker's own probe found, per kind of scene. */
  const probed = new Map<SceneKind, BackendChoiceResult>();
  /** An `auto` request trained on the first choice, whose kind of scene is still to be probed. */
  let toProbe: ExperimentRequest | undefined;
  /** Requests received and not yet finished (the idle probe waits for none). */
  let tasks = 0;
  const surfaces = new Map<string, Surface>();
  /** The backend in use, and the notices its choice gave (repeated with every result it trains). */
  let active: { key: string; report: BackendReport; notices: Notice[] } | undefined;
  const contoured = new WeakMap<Surface, ContourPath[]>();
  /** What the last slider grid was trained for; a slider move keeps it, other changes do not. */
  let gridFor = '';

  /**
   * What `ensureBackend` will do for a request, decided without side effects: keep the active
   * backend, start a forced one, trust the choice this page remembered for the scene (so a reload
   * trains on the same backend and gives the same fingerprint), reuse this worker's probe for the
   * kind of scene, or start the kind's first choice at once and probe the others later.
   */
  type Plan =
    | { kind: 'keep' }
    | { kind: 'forced'; name: BackendName }
    | { kind: 'known'; chosen: BackendChoiceResult }
    | { kind: 'remembered'; name: BackendName; fused: boolean }
    | { kind: 'first'; pick: BackendPick };

  const keyOf = (msg: ExperimentRequest) =>
    msg.backend === 'auto' ? `auto/${msg.experiment.scene}` : msg.backend;

  function plan(msg: ExperimentRequest): Plan {
    if (
      active?.key === keyOf(msg) &&
      tf.getBackend() === active.report.name &&
      !broken.has(active.report.name)
    )
      return { kind: 'keep' };
    if (msg.backend !== 'auto') return { kind: 'forced', name: msg.backend };
    const known = probed.get(SCENE_KIND[msg.experiment.scene]);
    const usable = known && !broken.has(known.name) ? known : undefined;
    if (msg.remembered && !broken.has(msg.remembered)) {
      const fused = msg.rememberedFused ?? true;
      // The page remembers what this worker's probe chose: its report keeps the probe's numbers.
      if (usable?.name === msg.remembered && (usable.fused ?? true) === fused) {
        return { kind: 'known', chosen: usable };
      }
      return { kind: 'remembered', name: msg.remembered, fused };
    }
    if (usable) return { kind: 'known', chosen: usable };
    return { kind: 'first', pick: FIRST_CHOICE[SCENE_KIND[msg.experiment.scene]] };
  }

  /** The first choice, or cpu where it cannot start (cpu always can, unless marked broken). */
  async function startFirst(pick: BackendPick): Promise<BackendChoiceResult | undefined> {
    for (const name of [pick.backend, 'cpu'] as const) {
      if (broken.has(name) || !(await startBackend(tf, name))) continue;
      return { name, reason: { code: 'first' }, notices: [], fused: pick.fused };
    }
    return undefined;
  }

  async function ensureBackend(
    msg: ExperimentRequest,
  ): Promise<{ report: BackendReport; notices: Notice[] }> {
    const p = plan(msg);
    if (p.kind === 'keep' && active) return { report: active.report, notices: active.notices };
    let chosen: BackendChoiceResult | undefined;
    if (p.kind === 'forced') chosen = await startForced(tf, p.name, broken);
    if (p.kind === 'known' && (await startBackend(tf, p.chosen.name))) chosen = p.chosen;
    if (p.kind === 'remembered' && (await startBackend(tf, p.name))) {
      chosen = {
        name: p.name,
        reason: { code: p.fused ? 'rememberedFused' : 'remembered' },
        notices: [],
        fused: p.fused,
      };
    }
    const first = !chosen && msg.backend === 'auto';
    if (first) chosen = await startFirst(FIRST_CHOICE[SCENE_KIND[msg.experiment.scene]]);
    if (!chosen) chosen = await startForced(tf, 'cpu', broken);
    // A forced backend trains fused where a kernel applies: the same runs in fewer dispatches (bit
    // for bit on cpu for the analytic scenes, within the tested tolerance for the network); only
    // `auto` measures whether that is really faster here.
    const report: BackendReport = {
      name: chosen.name,
      reason: chosen.reason,
      probe: chosen.probe,
      fused: chosen.fused ?? true,
      ...(chosen.pairs ? { pairs: chosen.pairs } : {}),
      ...(chosen.emulated?.length ? { emulated: chosen.emulated } : {}),
      ...(first ? { probeLater: true } : {}),
    };
    active = { key: keyOf(msg), report, notices: [...chosen.notices] };
    watchDevice(chosen.name);
    return { report, notices: active.notices };
  }

  /** Notices of faults seen between requests, shown with the next result. */
  const pending: Notice[] = [];

  /**
   * A GPU device can be lost while the worker is idle: the backend is marked broken at once, so the
   * next request starts on the next backend instead of failing on a dead device first.
   */
  function watchDevice(name: BackendName): void {
    void whenDeviceLost(tf)?.then((why) => {
      if (broken.has(name)) return;
      broken.add(name);
      if (active?.report.name === name) active = undefined;
      pending.push({ code: 'deviceLost', backend: name, ...(why === undefined ? {} : { why }) });
    });
  }

  /**
   * Trains, but gives up as soon as the GPU device is lost: reading results back from a lost device
   * may never finish, and the run must go on elsewhere.
   */
  function trainOrLose(train: Promise<ExperimentResult | null>) {
    const lost = whenDeviceLost(tf);
    if (!lost) return train;
    return Promise.race([
      train,
      lost.then((why) => {
        throw new Failure({ code: 'deviceLost', ...(why === undefined ? {} : { why }) });
      }),
    ]);
  }

  async function handle(msg: ExperimentRequest, said: readonly Notice[] = []): Promise<void> {
    const notices: Notice[] = [...pending.splice(0), ...said];
    const stale = () => msg.gen !== latest;
    const taken = at();
    while (!stale()) {
      let chosen: Awaited<ReturnType<typeof ensureBackend>>;
      try {
        chosen = await ensureBackend(msg);
      } catch (err) {
        // Every backend failed: say why each training attempt did, not only that none is left.
        if (err instanceof NoBackendError) {
          throw new Failure({ code: 'noBackend', notices: [...notices, ...err.notices] });
        }
        throw err;
      }
      const { report, notices: more } = chosen;
      notices.push(...more);
      const started = at();
      // A network's runs take seconds: its losses are posted as they come, and its progress at
      // the same pace (one message per chunk would be a render of the page per chunk).
      const network = isNetworkScene(msg.experiment.scene);
      const steps = msg.experiment.steps;
      const progressDue = throttle(PARTIAL_EVERY_MS);
      const partialDue = throttle(PARTIAL_EVERY_MS);
      /** The steps of the last partial posted: its chunk's progress message would say no more. */
      let told = -1;
      let result: ExperimentResult | null;
      try {
        result = await trainOrLose(
          runExperiment(
            tf,
            msg.experiment,
            {
              now,
              cancelled: stale,
              fused: report.fused,
              onChunk: (stepsDone) => {
                if (stepsDone === told || stale()) return;
                if (!network || progressDue(now(), stepsDone >= steps)) {
                  post({ type: 'progress', gen: msg.gen, stepsDone });
                }
              },
              // A newer request may have come in while the chunk was read back: its partials only.
              onPartial: (stepsDone, take) => {
                if (stale() || !partialDue(now(), stepsDone >= steps)) return;
                const { experiment, backend: choice } = msg;
                post({ type: 'partial', gen: msg.gen, experiment, choice, partial: take() });
                told = stepsDone;
              },
              onSurface: (fraction) =>
                post({
                  type: 'progress',
                  gen: msg.gen,
                  stepsDone: msg.experiment.steps,
                  surface: fraction,
                }),
            },
            surfaces,
          ),
        );
      } catch (err) {
        broken.add(report.name);
        active = undefined;
        // The fault's own notice, if the device watcher wrote one, says less than this one.
        pending.splice(0);
        notices.push({ code: 'trainingFailed', backend: report.name, error: causeOf(err) });
        continue;
      }
      if (!result || stale()) return;
      const trained = at();
      lastResult = { key: resultKey(msg, report.name), result };
      const contours = contoursOf(msg, result);
      const traced = at();
      post({
        type: 'result',
        gen: msg.gen,
        choice: msg.backend,
        backend: report,
        notices,
        result,
        contours,
        memory: backendMemory(tf),
        ...(taken !== undefined && started !== undefined && trained !== undefined
          ? { timing: { taken, backend: started, trained, contours: traced ?? trained } }
          : {}),
      });
      // The figure is out: the other backends are measured once the worker is idle.
      toProbe = report.probeLater ? msg : undefined;
      try {
        await sendGrid(msg, report, stale);
      } catch {
        // The grid only speeds up slider previews; the exact runs above are what counts.
      }
      return;
    }
  }

  /**
   * Contour lines of a 2-D surface, traced here once per surface: tracing takes tens of milliseconds,
   * which on the main thread would be a long task at every scene or κ change.
   */
  function contoursOf(msg: ExperimentRequest, result: ExperimentResult): ContourPath[] | undefined {
    const { surface, slice } = result;
    if (surface.dims !== 2) return undefined;
    let paths = contoured.get(surface);
    if (!paths) {
      const [xr = [0, 1], yr = [0, 1]] = slice
        ? [slice.window.alpha, slice.window.beta]
        : makeScene(msg.experiment.scene, msg.experiment).view;
      const view: [[number, number], [number, number]] = [
        [xr[0], xr[1]],
        [yr[0], yr[1]],
      ];
      paths = contourPaths(surface, contourPlot(FIGURE_WIDTH, FIGURE_HEIGHT, view));
      contoured.set(surface, paths);
    }
    return paths;
  }

  async function sendGrid(msg: ExperimentRequest, report: BackendReport, stale: () => boolean) {
    const backend = report.name;
    // Trained on the same path as the runs (fused or not), so that its rows are those runs.
    const key = `${settingKey(msg.experiment)}/${backend}/${report.fused}`;
    // A network's runs are drawn through their own slice: a grid row could not be drawn alone.
    if (key === gridFor || isNetworkScene(msg.experiment.scene)) return;
    const grid = await trainSliderGrid(tf, msg.experiment, {
      cancelled: stale,
      fused: report.fused,
    });
    if (grid && !stale()) {
      gridFor = key;
      const exact = GRID_EXACT_BACKENDS.includes(backend);
      post({ type: 'grid', gen: msg.gen, choice: msg.backend, backend, grid, exact });
    }
  }

  const resultKey = (msg: ExperimentRequest, backend: BackendName) =>
    JSON.stringify([msg.experiment, backend]);

  /**
   * A panel's analysis of the current experiment, on the backend training uses. It waits in the same
   * queue as training, after the result it belongs to, and is skipped when a newer one is asked for.
   */
  async function analyse(msg: ExperimentRequest & { request: AnalysisRequest }): Promise<void> {
    const stale = () => msg.gen !== latestAnalysis;
    const { report } = await ensureBackend(msg);
    const hooks = { cancelled: stale, fused: report.fused };
    const { request, experiment } = msg;
    let result: AnalysisResult | null;
    if (request.kind === 'sweep') {
      result = await runSweep(tf, experiment, request.lrs, hooks);
    } else if (request.kind === 'range') {
      result = await runRangeTest(tf, experiment, request, hooks);
    } else {
      const trained =
        lastResult?.key === resultKey(msg, report.name)
          ? lastResult.result
          : await runExperiment(tf, experiment, { now, ...hooks }, surfaces);
      result = trained && (await runSharpness(tf, experiment, trained.runs));
    }
    if (result && !stale()) post({ type: 'analysis', gen: msg.gen, backend: report.name, result });
  }

  /**
   * The reproducibility check: the same experiment trained once more, from scratch, on the backend
   * named (the one that trained the result on screen), in the same queue as training.
   */
  async function repeat(msg: ExperimentRequest & { readonly fused: boolean }): Promise<void> {
    const stale = () => msg.gen !== latestRepeat;
    const { report } = await ensureBackend(msg);
    const hooks = { now, cancelled: stale, fused: msg.fused };
    const result = await runExperiment(tf, msg.experiment, hooks);
    if (!result || stale()) return;
    post({
      type: 'repeat',
      gen: msg.gen,
      backend: report.name,
      losses: result.runs.map((r) => r.losses),
      fingerprint: result.fingerprint,
    });
  }

  /**
   * `auto`'s probe, off the critical path: every (backend, fused) pair is timed on the request's
   * workload once the worker is idle, one pair at a time, and given up (to be tried at the next idle
   * moment) as soon as another request arrives. The pair in use is kept unless the probe measured
   * another one faster (src/train/backend.ts `pickAfterProbe`); then the runs on screen are trained
   * again on it, with a notice saying so, so that the figure and its fingerprint are the ones a
   * reload will give (the page remembers the probe's choice).
   */
  async function probeIdle(): Promise<void> {
    const msg = toProbe;
    const current = active?.report;
    if (!msg || !current || msg.gen !== latest) return;
    const interrupted = () => tasks > 1 || msg.gen !== latest;
    const pairs: ProbePair[] = [];
    const probe: ProbeTimes = {};
    const skipped: BackendName[] = [];
    // The pair in use first: its time bounds how long a slower pair is timed.
    const order = [current.name, ...BACKEND_ORDER.filter((name) => name !== current.name)];
    for (const name of order) {
      if (interrupted()) return;
      if (broken.has(name)) continue;
      if (await emulated(name).catch(() => false)) {
        skipped.push(name);
        continue;
      }
      if (!(await startBackend(tf, name))) continue;
      const fusedFirst = name === current.name && current.fused;
      const ways = !fusedApplies(tf, msg.experiment.scene)
        ? [false]
        : fusedFirst
          ? [true, false]
          : [false, true];
      for (const fused of ways) {
        if (interrupted()) return;
        const best = Math.min(...pairs.map((p) => p.ms).filter(Number.isFinite));
        try {
          const ms = await probeStepMs(tf, msg.experiment, now, fused, best * PROBE_GIVE_UP_RATIO);
          pairs.push({ backend: name, fused, ms });
          probe[name] = Math.min(probe[name] ?? Infinity, ms);
        } catch {
          // A path that cannot run the workload is simply not a candidate.
        }
      }
    }
    toProbe = undefined;
    const folds = Math.max(1, msg.experiment.folds);
    const picked = pickAfterProbe(
      pairs,
      { backend: current.name, fused: current.fused },
      msg.experiment.steps * folds,
    );
    if (!picked || !(await startBackend(tf, picked.pick.backend))) {
      active = undefined;
      return;
    }
    const { pick, kept } = picked;
    const chosen: BackendChoiceResult = {
      name: pick.backend,
      reason: { code: kept ? 'kept' : pick.fused ? 'probeFused' : 'probe' },
      notices: [],
      probe,
      fused: kept ? current.fused : pick.fused,
      pairs,
      ...(skipped.length ? { emulated: skipped } : {}),
    };
    probed.set(SCENE_KIND[msg.experiment.scene], chosen);
    const report: BackendReport = {
      name: chosen.name,
      reason: chosen.reason,
      probe,
      fused: chosen.fused ?? true,
      pairs,
      ...(chosen.emulated ? { emulated: chosen.emulated } : {}),
    };
    active = { key: keyOf(msg), report, notices: [] };
    if (kept) {
      post({ type: 'probe', gen: msg.gen, scene: msg.experiment.scene, backend: report });
    } else {
      await handle(msg, [{ code: 'switched', to: pick.backend, from: current.name }]);
    }
  }

  /** Queues a task; when the queue runs dry, the idle probe is due (if one is owed). */
  function enqueue(task: () => Promise<void> | undefined, fail: (err: unknown) => void): void {
    tasks += 1;
    queue = queue
      .then(task)
      .catch(fail)
      .finally(() => {
        tasks -= 1;
        if (tasks === 0 && toProbe) setTimeout(idle, idleMs);
      });
  }

  function idle(): void {
    if (tasks > 0 || !toProbe) return;
    enqueue(probeIdle, () => {
      // A failed probe leaves the figure and the backend in use as they are.
      toProbe = undefined;
    });
  }

  return {
    receive(msg: ToWorker): void {
      if (msg.type === 'repeat') {
        latestRepeat = msg.gen;
        enqueue(
          () => (msg.gen === latestRepeat ? repeat(msg) : undefined),
          (err: unknown) => {
            post({ type: 'repeat-error', gen: msg.gen, error: causeOf(err) });
          },
        );
        return;
      }
      if (msg.type === 'analyse') {
        latestAnalysis = msg.gen;
        enqueue(
          () => (msg.gen === latestAnalysis ? analyse(msg) : undefined),
          (err: unknown) => {
            post({ type: 'analysis-error', gen: msg.gen, error: causeOf(err) });
          },
        );
        return;
      }
      latest = msg.gen;
      enqueue(
        () => (msg.gen === latest ? handle(msg) : undefined),
        (err: unknown) => {
          post({ type: 'error', gen: msg.gen, error: causeOf(err) });
        },
      );
    },
  };
}
