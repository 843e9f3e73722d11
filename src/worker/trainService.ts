import type { BackendName } from '../core/backends';
import type { FromWorker, RequestKind, RequestOf, ToWorker } from '../protocol/messages';
import type { TF } from '../train/tf';
import { BackendKeeper } from './backendKeeper';
import { causeOf } from './failure';
import { HANDLERS } from './handlers';
import { probeIdle } from './idleProbe';
import type { Handlers, ServiceContext } from './serviceContext';

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
  /** What each kind of request does (src/worker/handlers.ts) unless a test gives its own. */
  readonly handlers?: Handlers;
}

/**
 * The worker's logic, apart from the worker itself so it runs in Node tests: a dispatcher that
 * hands each request to its kind's handler (src/worker/handlers.ts), one at a time in one queue.
 * Each kind counts its own generations and only the latest of a kind is worked on: older ones are
 * skipped, or cancelled between chunks, so stale results never leave. The handlers share one
 * backend (src/worker/backendKeeper.ts); once the queue is idle, `auto`'s probe measures the others
 * (src/worker/idleProbe.ts).
 */
export function createTrainService(
  tf: TF,
  post: (m: FromWorker) => void,
  now: () => number,
  {
    idleMs = IDLE_PROBE_MS,
    origin,
    emulated = async () => false,
    handlers = HANDLERS,
  }: ServiceOptions = {},
) {
  const ctx: ServiceContext = {
    tf,
    post,
    now,
    at: () => (origin === undefined ? undefined : origin + now()),
    backends: new BackendKeeper(tf),
    surfaces: new Map(),
    contoured: new WeakMap(),
    lastResult: undefined,
    toProbe: undefined,
    gridFor: '',
  };
  /** The generation of the latest request of each kind. */
  const latest: Record<RequestKind, number> = { train: 0, analyse: 0, repeat: 0 };
  let queue = Promise.resolve();
  /** Requests received and not yet finished (the idle probe waits for none). */
  let tasks = 0;

  /** Queues a task; when the queue runs dry, the idle probe is due (if one is owed). */
  function enqueue(task: () => Promise<void> | undefined, fail: (err: unknown) => void): void {
    tasks += 1;
    queue = queue
      .then(task)
      .catch(fail)
      .finally(() => {
        tasks -= 1;
        if (tasks === 0 && ctx.toProbe) setTimeout(idle, idleMs);
      });
  }

  function idle(): void {
    if (tasks > 0 || !ctx.toProbe) return;
    const hooks = { latestTrain: () => latest.train, busy: () => tasks > 1, emulated };
    enqueue(
      () => probeIdle(ctx, hooks),
      () => {
        // A failed probe leaves the figure and the backend in use as they are.
        ctx.toProbe = undefined;
      },
    );
  }

  /** Queues a request for its kind's handler; a failure is answered with the kind's own reply. */
  function dispatch<K extends RequestKind>(kind: K, msg: RequestOf<K>): void {
    const handler = handlers[kind];
    latest[kind] = msg.gen;
    const stale = () => msg.gen !== latest[kind];
    enqueue(
      () => (stale() ? undefined : handler.run(msg, ctx, stale)),
      (err: unknown) => post(handler.failed(msg.gen, causeOf(err))),
    );
  }

  return {
    receive(msg: ToWorker): void {
      dispatch(msg.type, msg);
    },
  };
}
