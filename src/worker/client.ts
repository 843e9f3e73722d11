import type { BackendChoice, BackendName } from '../core/backends';
import type { Experiment } from '../core/experiment';
import { tableFor } from '../core/data/csv';
import type {
  AnalysisRequest,
  DataMessage,
  FromWorker,
  Ping,
  RequestKind,
  RequestOf,
  Shown,
  ToWorker,
} from '../protocol/messages';
import type { WorkerStop } from '../protocol/notices';
import { workerName } from '../protocol/workerName';

/** What the page remembers of an earlier `auto` probe for a scene. */
export interface Remembered {
  readonly name: BackendName;
  readonly fused?: boolean;
}

const rememberedFields = (r: Remembered | undefined) =>
  r ? { remembered: r.name, ...(r.fused === undefined ? {} : { rememberedFused: r.fused }) } : {};

/** Starts a worker for its first request (src/protocol/workerName.ts). */
export type WorkerFactory = (first: ToWorker) => Worker;

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

const SHOWN: Shown = { type: 'shown' };

const defaultFactory: WorkerFactory = (first) =>
  new Worker(new URL('./trainWorker.ts', import.meta.url), {
    type: 'module',
    name: workerName(first),
  });

/**
 * Which request each message from the worker answers: a request kind, and whether the message is its
 * final answer (the watchdog waits for those); `any` is passed on whatever was asked since (the
 * worker's readiness; the slider grid, checked against the current parameters where it is used,
 * since dropping it would leave slider moves without it); `none` is the watchdog's own (pong).
 */
type Reply = { readonly kind: RequestKind; readonly final: boolean } | 'any' | 'none';

const REPLIES = {
  ready: 'any',
  pong: 'none',
  grid: 'any',
  progress: { kind: 'train', final: false },
  partial: { kind: 'train', final: false },
  probe: { kind: 'train', final: false },
  result: { kind: 'train', final: true },
  error: { kind: 'train', final: true },
  analysis: { kind: 'analyse', final: true },
  'analysis-error': { kind: 'analyse', final: true },
  repeat: { kind: 'repeat', final: true },
  'repeat-error': { kind: 'repeat', final: true },
} as const satisfies Record<FromWorker['type'], Reply>;

/** One kind of request's count of generations, its latest request and what was answered for good. */
interface Channel<K extends RequestKind> {
  gen: number;
  /** The latest request, sent again to a replacement worker. */
  last: RequestOf<K> | undefined;
  /** The latest generation answered for good (a final result or an error). */
  answered: number;
}

type Channels = { [K in RequestKind]: Channel<K> };

const channel = () => ({ gen: 0, last: undefined, answered: 0 });

/** The request without what the client adds: its kind and its generation. */
type Body<K extends RequestKind> = Omit<RequestOf<K>, 'type' | 'gen'>;

/**
 * The main thread's side of the training worker. Each request gets a new generation number of its
 * kind and only messages of the latest generation are passed on, so a result for parameters the
 * user has already left never reaches the screen (REPLIES says which messages answer which kind).
 * If the worker dies, a new one is started and the latest request of each kind sent again, up to
 * MAX_RESTARTS in a short while; after that the failure is reported as an error instead of looping.
 * Analyses (the panels under the figure) and repeats are numbered apart from training, so training a
 * new learning rate does not discard the sweep.
 */
export class TrainerClient {
  /** Started by the first request sent (`send`), and again by each restart's first. */
  private worker: Worker | undefined;
  /** Listed in the order a replacement worker is sent them again: training first. */
  private readonly channels: Channels = {
    train: channel(),
    analyse: channel(),
    repeat: channel(),
  };
  private restarts: number[] = [];
  private heard: number;
  private pinged: number | undefined;
  private readonly stopWatch: () => void;
  /** The user's tables (by hash) this worker has been sent; a new worker has none. */
  private tablesSent = new Set<string>();
  /** Whether the page has drawn its first figure (`shown`). */
  private pageShown = false;

  constructor(
    private readonly onMessage: (m: FromWorker) => void,
    private readonly onRestart: (why: WorkerStop) => void = () => undefined,
    private readonly factory: WorkerFactory = defaultFactory,
    private readonly now: () => number = () => performance.now(),
    every: Every = defaultEvery,
  ) {
    this.heard = now();
    this.stopWatch = every(WATCH_EVERY_MS, () => this.watch());
  }

  /** Pings a silent worker that owes an answer, and replaces it when even the ping goes unanswered. */
  private watch(): void {
    const owed = Object.values(this.channels).some((c) => c.answered < c.gen);
    if (!owed) return;
    const t = this.now();
    if (this.pinged !== undefined && t - this.pinged >= DEAD_AFTER_MS) {
      this.restart({ code: 'silent' });
    } else if (this.pinged === undefined && t - this.heard >= PING_AFTER_MS) {
      this.pinged = t;
      this.worker?.postMessage({ type: 'ping' } satisfies Ping);
    }
  }

  /**
   * Every request goes through here: it is numbered as the latest of its kind, kept to be sent
   * again to a replacement worker, and sent; returns its generation.
   */
  private ask<K extends RequestKind>(type: K, body: Body<K>): number {
    const c: Channel<K> = this.channels[type];
    c.gen += 1;
    // A request is its body with its kind and generation (RequestOf<K> for every K).
    c.last = { ...body, type, gen: c.gen } as unknown as RequestOf<K>;
    this.send(c.last);
    return c.gen;
  }

  request(experiment: Experiment, backend: BackendChoice, remembered?: Remembered): number {
    return this.ask('train', { experiment, backend, ...rememberedFields(remembered) });
  }

  /** Asks for a panel's analysis of an experiment; only the latest one is answered. */
  analyse(
    experiment: Experiment,
    backend: BackendChoice,
    request: AnalysisRequest,
    remembered?: Remembered,
  ): number {
    return this.ask('analyse', { experiment, backend, ...rememberedFields(remembered), request });
  }

  /** Trains an experiment again on one backend (the reproducibility check); only the latest is answered. */
  repeat(experiment: Experiment, backend: BackendName, fused: boolean): number {
    return this.ask('repeat', { experiment, backend, fused });
  }

  /**
   * Posts a request; for a user's own data the table goes first, once per worker (the worker keeps
   * it, src/core/data/csv.ts): the rows exist only in this page, so the worker cannot fetch them.
   */
  private send(msg: ToWorker): void {
    const worker = (this.worker ??= this.spawn(msg));
    const hash = msg.experiment.scene === 'csv' ? msg.experiment.fileHash : undefined;
    const table = tableFor(hash);
    if (hash !== undefined && table && !this.tablesSent.has(hash)) {
      worker.postMessage({ type: 'data', table } satisfies DataMessage);
      this.tablesSent.add(hash);
    }
    worker.postMessage(msg);
  }

  /**
   * Tells the worker, once, that the page has drawn its first figure (messages.ts `Shown`), and
   * every replacement worker as it starts.
   */
  shown(): void {
    if (this.pageShown) return;
    this.pageShown = true;
    this.worker?.postMessage(SHOWN);
  }

  dispose(): void {
    this.stopWatch();
    this.worker?.terminate();
  }

  /** Whether a message answers the latest request of its kind (or no request), so it is passed on. */
  private current(m: FromWorker): boolean {
    const reply: Reply = REPLIES[m.type];
    if (reply === 'any' || reply === 'none') return reply === 'any';
    const c = this.channels[reply.kind];
    const gen = 'gen' in m ? m.gen : 0;
    if (reply.final) c.answered = Math.max(c.answered, gen);
    return gen === c.gen;
  }

  private spawn(first: ToWorker): Worker {
    const worker = this.factory(first);
    if (this.pageShown) worker.postMessage(SHOWN);
    this.tablesSent = new Set();
    this.heard = this.now();
    this.pinged = undefined;
    worker.onmessage = (e: MessageEvent<FromWorker>) => {
      const m = e.data;
      this.heard = this.now();
      this.pinged = undefined;
      if (this.current(m)) this.onMessage(m);
    };
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      this.restart(e.message ? { code: 'crashed', message: e.message } : { code: 'crashed' });
    };
    return worker;
  }

  /** Replaces the worker and sends the latest request of each kind again. */
  restart(why: WorkerStop): void {
    const t = this.now();
    this.restarts = [...this.restarts.filter((r) => t - r < RESTART_WINDOW_MS), t];
    if (this.restarts.length > MAX_RESTARTS) {
      this.worker?.terminate();
      this.onMessage({
        type: 'error',
        gen: this.channels.train.gen,
        error: { code: 'keepsStopping', why },
      });
      return;
    }
    this.worker?.terminate();
    // The next request sent starts the new worker: the latest training, if there is one.
    this.worker = undefined;
    this.onRestart(why);
    for (const c of Object.values(this.channels)) {
      if (!c.last) continue;
      c.gen += 1;
      c.last = { ...c.last, gen: c.gen };
      this.send(c.last);
    }
  }
}
