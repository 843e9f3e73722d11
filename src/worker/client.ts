import type { BackendChoice, BackendName } from '../core/backends';
import type { Experiment } from '../core/experiment';
import { tableFor } from '../core/data/csv';
import type {
  AnalysisRequest,
  DataMessage,
  FromWorker,
  Ping,
  ToWorker,
} from '../protocol/messages';
import type { WorkerStop } from '../protocol/notices';

/** What the page remembers of an earlier `auto` probe for a scene. */
export interface Remembered {
  readonly name: BackendName;
  readonly fused?: boolean;
}

const rememberedFields = (r: Remembered | undefined) =>
  r ? { remembered: r.name, ...(r.fused === undefined ? {} : { rememberedFused: r.fused }) } : {};

export type WorkerFactory = () => Worker;

/** More restarts than this within RESTART_WINDOW_MS means the worker cannot run here at all. */
const MAX_RESTARTS = 3;
const RESTART_WINDOW_MS = 10_000;
/**
 * A worker that closed itself or was killed sends no error event: it just never answers. After this
 * much silence with a request outstanding the client pings it; progress messages arrive every chunk
 * of steps, so a working worker is rarely this quiet.
 */
export const PING_AFTER_MS = 3_000;
/** No message at all this long after a ping: the worker is gone. Longer than any blocking compile. */
export const DEAD_AFTER_MS = 15_000;
const WATCH_EVERY_MS = 1_000;

/** Runs `check` every `ms` until the returned function is called; injectable for tests. */
export type Every = (ms: number, check: () => void) => () => void;
const defaultEvery: Every = (ms, check) => {
  const id = setInterval(check, ms);
  return () => clearInterval(id);
};

const defaultFactory: WorkerFactory = () =>
  new Worker(new URL('./trainWorker.ts', import.meta.url), {
    type: 'module',
    name: 'lr-lab-trainer',
  });

/**
 * The main thread's side of the training worker. Each request gets a new generation number and only
 * messages of the latest generation are passed on, so a result for parameters the user has already
 * left never reaches the screen. (The slider grid is the exception: it is checked against the current
 * parameters where it is used, and dropping it would leave slider moves without it.) If the worker
 * dies, a new one is started and the latest request sent again, up to MAX_RESTARTS in a short while;
 * after that the failure is reported as an error instead of looping. Analyses (the panels under the
 * figure) are numbered apart, so training a new learning rate does not discard the sweep.
 */
export class TrainerClient {
  private worker: Worker;
  private gen = 0;
  private analysisGen = 0;
  private repeatGen = 0;
  private last: ToWorker | undefined;
  private lastAnalysis: ToWorker | undefined;
  private lastRepeat: ToWorker | undefined;
  private restarts: number[] = [];
  /** Requests answered for good (a final result or an error), by generation. */
  private answered = 0;
  private analysed = 0;
  private repeated = 0;
  private heard: number;
  private pinged: number | undefined;
  private readonly stopWatch: () => void;
  /** The user's tables (by hash) this worker has been sent; a new worker has none. */
  private tablesSent = new Set<string>();

  constructor(
    private readonly onMessage: (m: FromWorker) => void,
    private readonly onRestart: (why: WorkerStop) => void = () => undefined,
    private readonly factory: WorkerFactory = defaultFactory,
    private readonly now: () => number = () => performance.now(),
    every: Every = defaultEvery,
  ) {
    this.heard = now();
    this.worker = this.spawn();
    this.stopWatch = every(WATCH_EVERY_MS, () => this.watch());
  }

  /** Pings a silent worker that owes an answer, and replaces it when even the ping goes unanswered. */
  private watch(): void {
    const owed =
      this.answered < this.gen ||
      this.analysed < this.analysisGen ||
      this.repeated < this.repeatGen;
    if (!owed) return;
    const t = this.now();
    if (this.pinged !== undefined && t - this.pinged >= DEAD_AFTER_MS) {
      this.restart({ code: 'silent' });
    } else if (this.pinged === undefined && t - this.heard >= PING_AFTER_MS) {
      this.pinged = t;
      this.worker.postMessage({ type: 'ping' } satisfies Ping);
    }
  }

  request(experiment: Experiment, backend: BackendChoice, remembered?: Remembered): number {
    this.gen += 1;
    this.last = {
      type: 'train',
      gen: this.gen,
      experiment,
      backend,
      ...rememberedFields(remembered),
    };
    this.send(this.last);
    return this.gen;
  }

  /** Asks for a panel's analysis of an experiment; only the latest one is answered. */
  analyse(
    experiment: Experiment,
    backend: BackendChoice,
    request: AnalysisRequest,
    remembered?: Remembered,
  ): number {
    this.analysisGen += 1;
    this.lastAnalysis = {
      type: 'analyse',
      gen: this.analysisGen,
      experiment,
      backend,
      ...rememberedFields(remembered),
      request,
    };
    this.send(this.lastAnalysis);
    return this.analysisGen;
  }

  /** Trains an experiment again on one backend (the reproducibility check); only the latest is answered. */
  repeat(experiment: Experiment, backend: BackendName, fused: boolean): number {
    this.repeatGen += 1;
    this.lastRepeat = { type: 'repeat', gen: this.repeatGen, experiment, backend, fused };
    this.send(this.lastRepeat);
    return this.repeatGen;
  }

  /**
   * Posts a request; for a user's own data the table goes first, once per worker (the worker keeps
   * it, src/core/data/csv.ts): the rows exist only in this page, so the worker cannot fetch them.
   */
  private send(msg: ToWorker): void {
    const hash = msg.experiment.scene === 'csv' ? msg.experiment.fileHash : undefined;
    const table = tableFor(hash);
    if (hash !== undefined && table && !this.tablesSent.has(hash)) {
      this.worker.postMessage({ type: 'data', table } satisfies DataMessage);
      this.tablesSent.add(hash);
    }
    this.worker.postMessage(msg);
  }

  dispose(): void {
    this.stopWatch();
    this.worker.terminate();
  }

  private spawn(): Worker {
    const worker = this.factory();
    this.tablesSent = new Set();
    this.heard = this.now();
    this.pinged = undefined;
    worker.onmessage = (e: MessageEvent<FromWorker>) => {
      const m = e.data;
      this.heard = this.now();
      this.pinged = undefined;
      if (m.type === 'result' || m.type === 'error') {
        this.answered = Math.max(this.answered, m.gen);
      }
      if (m.type === 'analysis' || m.type === 'analysis-error') {
        this.analysed = Math.max(this.analysed, m.gen);
      }
      if (m.type === 'repeat' || m.type === 'repeat-error') {
        this.repeated = Math.max(this.repeated, m.gen);
      }
      if (m.type === 'pong') return;
      const current =
        m.type === 'ready' ||
        m.type === 'grid' ||
        (m.type === 'analysis' || m.type === 'analysis-error'
          ? m.gen === this.analysisGen
          : m.type === 'repeat' || m.type === 'repeat-error'
            ? m.gen === this.repeatGen
            : m.gen === this.gen);
      if (current) this.onMessage(m);
    };
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      this.restart(e.message ? { code: 'crashed', message: e.message } : { code: 'crashed' });
    };
    return worker;
  }

  /** Replaces the worker and sends the latest request again. */
  restart(why: WorkerStop): void {
    const t = this.now();
    this.restarts = [...this.restarts.filter((r) => t - r < RESTART_WINDOW_MS), t];
    if (this.restarts.length > MAX_RESTARTS) {
      this.worker.terminate();
      this.onMessage({
        type: 'error',
        gen: this.gen,
        error: { code: 'keepsStopping', why },
      });
      return;
    }
    this.worker.terminate();
    this.worker = this.spawn();
    this.onRestart(why);
    if (this.last) {
      this.gen += 1;
      this.last = { ...this.last, gen: this.gen };
      this.send(this.last);
    }
    if (this.lastAnalysis) {
      this.analysisGen += 1;
      this.lastAnalysis = { ...this.lastAnalysis, gen: this.analysisGen };
      this.send(this.lastAnalysis);
    }
    if (this.lastRepeat) {
      this.repeatGen += 1;
      this.lastRepeat = { ...this.lastRepeat, gen: this.repeatGen };
      this.send(this.lastRepeat);
    }
  }
}
