import { useCallback, useEffect, useRef, useState } from 'react';
import { pickExperiment, type Experiment } from '../../core/experiment';
import type { BackendName } from '../../core/backends';
import type { BackendMemory } from '../../protocol/backends';
import type { Cause, Notice, WorkerStop } from '../../protocol/notices';
import type { AnalysisResult, ContourPath, ExperimentResult } from '../../protocol/results';
import { TrainerClient } from '../../worker/client';
import { earlyKey, earlyResult, takeEarlyTraining } from '../earlyTraining';
import { remember, remembered } from '../rememberedBackend';
import type {
  AnalysisRequest,
  BackendReport,
  FromWorker,
  WorkerTiming,
} from '../../protocol/messages';
import { gridRows, type SliderGridRows } from '../displayRuns';
import type { BackendChoice, LabState } from '../../url/state';
import type { StreamedLosses } from '../figure/partialFrame';

export type TrainingStatus = 'running' | 'done' | 'error';

export interface Training {
  readonly status: TrainingStatus;
  /** The latest finished result; kept on screen while newer parameters train. */
  readonly result?: ExperimentResult;
  /** The backend choice `result` was trained for. */
  readonly resultChoice?: BackendChoice;
  readonly backend?: BackendReport;
  /** What the worker's backend held after the last exact result. */
  readonly memory?: BackendMemory;
  readonly notices: readonly Notice[];
  /** Worker restarts: kept apart from `notices`, which each result replaces. */
  readonly restarts: readonly Notice[];
  readonly stepsDone: number;
  /**
   * Results as they come: the latest request's losses so far, while it trains (networks). Never
   * final: verdicts, the fingerprint and "done" come only with `result`, which clears it.
   */
  readonly partial?: StreamedLosses;
  /** A network's surface slice being evaluated: the fraction done. */
  readonly surfaceDone?: number;
  /** Why the latest request failed (src/ui/notices.ts words it). */
  readonly error?: Cause;
  /** Contour lines of the result's 2-D surface, traced in the worker. */
  readonly contours?: ContourPath[];
  /** Every slider position, trained on `backend`, for instant previews of slider moves. */
  readonly grid?: SliderGridRows;
  /** The open panel's analysis, once computed for the current request. */
  readonly analysis?: {
    readonly result: AnalysisResult;
    readonly backend: BackendName;
    /** The request it answers. */
    readonly key: string | undefined;
  };
  readonly analysisError?: { readonly error: Cause; readonly key: string | undefined };
  /** The reproducibility check's second training: running, its traces, or why it failed. */
  readonly repeat?: RepeatOutcome;
}

export type RepeatOutcome =
  | { readonly status: 'running' }
  | {
      readonly status: 'done';
      readonly backend: BackendName;
      readonly losses: readonly (Float32Array | Float64Array)[];
      readonly fingerprint: string;
    }
  | { readonly status: 'error'; readonly error: Cause };

/**
 * The new result, but with the previous surface object when the values are the same: the charts
 * cache contour tracing by the surface's identity, and a slider move does not change the surface.
 */
function keepSurface(prev: ExperimentResult | undefined, next: ExperimentResult): ExperimentResult {
  const a = prev?.surface;
  const b = next.surface;
  if (!a || a.dims !== b.dims || a.values.length !== b.values.length) return next;
  for (let i = 0; i < a.values.length; i++) if (a.values[i] !== b.values[i]) return next;
  return { ...next, surface: a };
}

/** The state once a result has come: it is on screen, with its backend, notices and contours. */
function withResult(t: Training, m: FromWorker & { readonly type: 'result' }): Training {
  return {
    ...t,
    status: 'done',
    result: keepSurface(t.result, m.result),
    resultChoice: m.choice,
    contours: m.contours,
    backend: m.backend,
    memory: m.memory ?? t.memory,
    notices: m.notices,
    stepsDone: m.result.experiment.steps,
    surfaceDone: undefined,
    partial: undefined,
  };
}

let marked = false;

/** A performance mark at an epoch time (another thread's clock), if the browser has marks. */
function mark(name: string, epoch?: number): void {
  try {
    if (epoch === undefined) performance.mark(name);
    else performance.mark(name, { startTime: epoch - performance.timeOrigin });
  } catch {
    // Marks are for measuring; a browser without them trains the same.
  }
}

/**
 * Performance marks of the first result's way to the page (bench/browser.ts reads them): when the
 * worker took the request, had its backend, had trained, had traced the contours, and when the page
 * received it. Dated from the worker's clock, converted to the page's.
 */
function markFirst(timing: WorkerTiming | undefined): void {
  if (marked) return;
  marked = true;
  for (const [name, epoch] of Object.entries(timing ?? {})) mark(`lr-worker-${name}`, epoch);
  mark('lr-result');
}

/**
 * Sends every new parameter set to the training worker and returns what came back for the latest.
 * `nonce` forces a new run of the same parameters (reset).
 */
export function useTraining(
  state: LabState,
  nonce: number,
  analysis: AnalysisRequest | undefined,
): Training & {
  runAgain: (experiment: Experiment, backend: BackendName, fused: boolean) => void;
  shown: () => void;
} {
  // The link's result may be here before the first render: then that render draws it.
  const [drawnFirst] = useState(earlyResult);
  const [training, setTraining] = useState<Training>(() => {
    const waiting: Training = { status: 'running', notices: [], restarts: [], stepsDone: 0 };
    return drawnFirst ? withResult(waiting, drawnFirst) : waiting;
  });
  const client = useRef<TrainerClient | null>(null);
  const analysisAsked = useRef<string | undefined>(undefined);
  /** The request the early client already sent before the first render (main.tsx), if any. */
  const sentEarly = useRef<string | undefined>(undefined);

  useEffect(() => {
    const onMessage = (m: FromWorker) => {
      if (m.type === 'ready') {
        if (m.at !== undefined) mark('lr-worker-ready', m.at);
      } else if (m.type === 'progress') {
        setTraining((t) => ({ ...t, stepsDone: m.stepsDone, surfaceDone: m.surface }));
      } else if (m.type === 'partial') {
        const { experiment, choice, partial } = m;
        setTraining((t) =>
          // A result already here for the same request is final: a late partial changes nothing.
          t.status === 'running'
            ? { ...t, stepsDone: partial.stepsDone, partial: { experiment, choice, partial } }
            : t,
        );
      } else if (m.type === 'result') {
        markFirst(m.timing);
        if (m.choice === 'auto' && m.backend.probe) {
          remember(m.result.experiment.scene, m.backend.name, m.backend.fused);
        }
        // The first render drew the early result already (earlyResult): not again.
        if (m !== drawnFirst) setTraining((t) => withResult(t, m));
      } else if (m.type === 'probe') {
        // auto's idle-time probe kept the backend of the figure on screen: remember it, and let the
        // panel show the probe's numbers (the figure itself does not change).
        remember(m.scene, m.backend.name, m.backend.fused);
        setTraining((t) =>
          t.resultChoice === 'auto' && t.result?.experiment.scene === m.scene
            ? { ...t, backend: m.backend }
            : t,
        );
      } else if (m.type === 'grid') {
        setTraining((t) => ({
          ...t,
          grid: {
            backend: m.backend,
            choice: m.choice,
            grid: m.grid,
            exact: m.exact,
            rows: gridRows(m.grid),
          },
        }));
      } else if (m.type === 'analysis') {
        // The client passes only the latest request's answer: it answers the key last asked for.
        const key = analysisAsked.current;
        setTraining((t) => ({
          ...t,
          analysis: { result: m.result, backend: m.backend, key },
          analysisError: undefined,
        }));
      } else if (m.type === 'analysis-error') {
        const key = analysisAsked.current;
        setTraining((t) => ({ ...t, analysisError: { error: m.error, key } }));
      } else if (m.type === 'repeat') {
        const { backend, losses, fingerprint } = m;
        setTraining((t) => ({ ...t, repeat: { status: 'done', backend, losses, fingerprint } }));
      } else if (m.type === 'repeat-error') {
        setTraining((t) => ({ ...t, repeat: { status: 'error', error: m.error } }));
      } else if (m.type === 'error') {
        setTraining((t) => ({ ...t, status: 'error', error: m.error, partial: undefined }));
      }
    };
    const onRestart = (why: WorkerStop) =>
      setTraining((t) => ({
        ...t,
        status: 'running',
        // The new worker trains the request again from the start: its own partials will come.
        partial: undefined,
        restarts: [...t.restarts, { code: 'workerRestarted', why }],
      }));
    const early = takeEarlyTraining();
    const c = early?.attach(onMessage, onRestart) ?? new TrainerClient(onMessage, onRestart);
    sentEarly.current = early?.key;
    client.current = c;
    return () => {
      c.dispose();
      client.current = null;
    };
    // drawnFirst never changes (a state never set): the effect still runs once.
  }, [drawnFirst]);

  const { backend } = state;
  const { scene } = state;
  // One string for everything that decides the numbers: the effect runs when, and only when, it changes.
  const key = JSON.stringify(pickExperiment(state));
  useEffect(() => {
    const c = client.current;
    if (!c) return;
    const experiment = JSON.parse(key) as Experiment;
    // The first request went out before the page was drawn: not twice, and its answer may already
    // be here (the worker often trains it before React has loaded), so its state stays as it is.
    const early = sentEarly.current;
    sentEarly.current = undefined;
    if (early === earlyKey(experiment, backend) && nonce === 0) return;
    setTraining((t) => ({
      ...t,
      status: 'running',
      stepsDone: 0,
      surfaceDone: undefined,
      partial: undefined,
      error: undefined,
    }));
    c.request(experiment, backend, backend === 'auto' ? remembered(scene) : undefined);
  }, [key, scene, backend, nonce]);

  // The panel's request, with the experiment it is about: a sweep or range test does not depend on
  // the runs' own learning rates, so moving a slider does not recompute them.
  const analysisKey =
    analysis &&
    JSON.stringify([
      analysis,
      analysis.kind === 'sharpness' ? pickExperiment(state) : { ...pickExperiment(state), lrs: [] },
    ]);
  useEffect(() => {
    const c = client.current;
    analysisAsked.current = analysisKey;
    if (!c || !analysisKey) return;
    const [request, experiment] = JSON.parse(analysisKey) as [AnalysisRequest, Experiment];
    c.analyse(experiment, backend, request, backend === 'auto' ? remembered(scene) : undefined);
  }, [analysisKey, scene, backend, nonce]);

  /** The page has drawn its first figure: the worker may load tfjs now (client.ts `shown`). */
  const shown = useCallback(() => client.current?.shown(), []);

  /** Trains an experiment once more on one backend; the answer arrives as `repeat`. */
  const runAgain = useCallback((experiment: Experiment, backend: BackendName, fused: boolean) => {
    const c = client.current;
    if (!c) return;
    setTraining((t) => ({ ...t, repeat: { status: 'running' } }));
    c.repeat(experiment, backend, fused);
  }, []);

  // An analysis or its failure belongs to the request it answered; a newer request hides it.
  const { analysis: a, analysisError: e, ...rest } = training;
  return {
    ...rest,
    runAgain,
    shown,
    analysis: a?.key === analysisKey ? a : undefined,
    analysisError: e?.key === analysisKey ? e : undefined,
  };
}
