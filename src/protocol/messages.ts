import type { BackendChoice, BackendName } from '../core/backends';
import type { UserTable } from '../core/data/csv';
import type { Experiment } from '../core/experiment';
import type { SceneId } from '../core/scenes';
import type { BackendMemory, ProbePair, ProbeTimes } from './backends';
import type { BackendReason, Cause, Notice } from './notices';
import type {
  AnalysisResult,
  ContourPath,
  ExperimentResult,
  PartialLosses,
  SliderGrid,
} from './results';

/**
 * The messages between the page and the training worker (src/worker/client.ts on the page's side,
 * src/worker/trainService.ts on the worker's): plain data, typed on both sides from this module.
 */

/** What an analysis panel asks the worker to compute for the current experiment. */
export type AnalysisRequest =
  | { readonly kind: 'sweep'; readonly lrs: readonly number[] }
  | { readonly kind: 'range'; readonly min: number; readonly max: number }
  | { readonly kind: 'sharpness' };

/** The fields a request to train or analyse shares. */
export interface ExperimentRequest {
  readonly gen: number;
  readonly experiment: Experiment;
  readonly backend: BackendChoice;
  /** For `auto`: a backend a probe on this device already found fastest for this scene. */
  readonly remembered?: BackendName;
  /** For `auto`: whether that probe found the fused kernel faster there (absent: fused). */
  readonly rememberedFused?: boolean;
}

/** Are you still there? Sent only after a silence; the worker entry answers `pong` at once. */
export interface Ping {
  readonly type: 'ping';
}

/**
 * The page has drawn its first figure and the panels under it. The worker entry answers a page's
 * first analytic request without tfjs and loads the training service (tfjs) only after this, or
 * at once for a request it cannot answer: loading it meanwhile took the CPU the page was drawing
 * with (src/worker/trainWorker.ts).
 */
export interface Shown {
  readonly type: 'shown';
}

/**
 * A user's own table, sent once per worker before the first request that trains on it (the rows
 * exist only in the page; the worker keeps the table by its hash and cannot fetch it).
 */
export interface DataMessage {
  readonly type: 'data';
  readonly table: UserTable;
}

/**
 * Main thread → worker. `gen` numbers requests, trainings and analyses each on their own count;
 * only the latest of each is worked on or answered.
 */
export type ToWorker =
  | (ExperimentRequest & { readonly type: 'train' })
  | (ExperimentRequest & { readonly type: 'analyse'; readonly request: AnalysisRequest })
  /** Train the experiment again on the named backend, for the reproducibility check. */
  | (ExperimentRequest & {
      readonly type: 'repeat';
      /** Train on the same path (fused kernel or op by op) as the result being checked. */
      readonly fused: boolean;
    });

/** The kinds of request the page makes; each kind has its own count of generations. */
export type RequestKind = ToWorker['type'];

/** The request of one kind, by its kind (`RequestOf<'repeat'>` is the repeat request). */
export type RequestOf<K extends RequestKind> = { readonly [M in ToWorker as M['type']]: M }[K];

export interface BackendReport {
  readonly name: BackendName;
  /** Why this backend: a code the page words (src/ui/notices.ts). */
  readonly reason: BackendReason;
  readonly probe?: ProbeTimes;
  /**
   * Whether requests train with the fused kernel where it applies (src/train/fused; the result's
   * own `fused` says whether it did).
   */
  readonly fused: boolean;
  /** auto: every (backend, fused) pair the probe timed, in ms per step. */
  readonly pairs?: readonly ProbePair[];
  /** auto: the GPU backends the probe did not time, their GPU being emulated on the CPU. */
  readonly emulated?: readonly BackendName[];
  /**
   * auto: trained on the first choice for its kind of scene; the other backends are measured once
   * the worker is idle, and a `probe` message (or a new result, if one was faster) follows.
   */
  readonly probeLater?: boolean;
}

/**
 * When a result's stages ended in the worker, in milliseconds since the epoch (performance
 * .timeOrigin + performance.now(), comparable with the page's clock): the request taken up, the
 * backend started, the runs and surface computed, and the contours traced (the worker entry
 * traces them first, src/worker/firstResult.ts).
 */
export interface WorkerTiming {
  readonly taken: number;
  readonly backend: number;
  readonly trained: number;
  readonly contours: number;
}

/** Worker → main thread. */
export type FromWorker =
  | {
      readonly type: 'ready';
      /** Epoch ms when the worker's code had loaded (for the page's performance marks). */
      readonly at?: number;
    }
  | { readonly type: 'pong' }
  | {
      readonly type: 'progress';
      readonly gen: number;
      readonly stepsDone: number;
      /** A network's surface slice: the fraction evaluated so far. */
      readonly surface?: number;
    }
  | {
      /**
       * Results as they come (networks): every run's losses so far, at most every PARTIAL_EVERY_MS
       * (src/train/partial.ts). Never a verdict, a fingerprint or an analysis: those come only with
       * the `result`, which follows and replaces it.
       */
      readonly type: 'partial';
      readonly gen: number;
      /** What is training: the page draws the partial only for the parameters it shows. */
      readonly experiment: Experiment;
      /** The backend choice of the request. */
      readonly choice: BackendChoice;
      readonly partial: PartialLosses;
    }
  | {
      readonly type: 'result';
      readonly gen: number;
      /** The backend choice of the request this answers. */
      readonly choice: BackendChoice;
      readonly backend: BackendReport;
      /** What the user should see with this result, as codes (src/protocol/notices.ts). */
      readonly notices: readonly Notice[];
      readonly result: ExperimentResult;
      /** For a 2-D surface: its contour lines for the standard figure size, traced in the worker. */
      readonly contours?: ContourPath[];
      /** What the backend holds once this training has freed its tensors. */
      readonly memory?: BackendMemory;
      /** When this result's stages ended in the worker (epoch ms), for the page's performance marks. */
      readonly timing?: WorkerTiming;
    }
  | {
      /** Every slider position trained on the same backend, for instant previews of slider moves. */
      readonly type: 'grid';
      readonly gen: number;
      readonly backend: BackendName;
      /** The backend choice of the request it was trained for. */
      readonly choice: BackendChoice;
      readonly grid: SliderGrid;
      /** Rows are bit for bit the runs a request would train (GRID_EXACT_BACKENDS). */
      readonly exact: boolean;
    }
  | {
      /**
       * auto's idle-time probe kept the backend that trained the result on screen: the report, with
       * the probe's numbers, for the panel and for the page to remember.
       */
      readonly type: 'probe';
      readonly gen: number;
      readonly scene: SceneId;
      readonly backend: BackendReport;
    }
  | { readonly type: 'error'; readonly gen: number; readonly error: Cause }
  | {
      readonly type: 'analysis';
      readonly gen: number;
      readonly backend: BackendName;
      readonly result: AnalysisResult;
    }
  | { readonly type: 'analysis-error'; readonly gen: number; readonly error: Cause }
  | {
      /** The experiment trained again ('repeat'): each run's loss trace, to compare bit for bit. */
      readonly type: 'repeat';
      readonly gen: number;
      readonly backend: BackendName;
      readonly losses: (Float32Array | Float64Array)[];
      readonly fingerprint: string;
    }
  | { readonly type: 'repeat-error'; readonly gen: number; readonly error: Cause };
