/// <reference lib="webworker" />
import type { DataMessage, FromWorker, Ping, Shown, ToWorker } from '../protocol/messages';
import { keepTable } from '../core/data/csv';
import { requestInName } from '../protocol/workerName';
import { createFirstResults } from './firstResult';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (m: FromWorker) => scope.postMessage(m);
// An analytic scene's first result is trained here before tfjs loads (src/worker/firstResult.ts);
// the service, with tfjs, is a chunk of its own that every request then goes to, in order.
const first = createFirstResults(post, () => performance.now(), performance.timeOrigin);
const waiting: ToWorker[] = [];
let service: { receive(m: ToWorker): void } | undefined;
let loading: Promise<void> | undefined;
/** Requests the entry is still answering (a WebGPU one waits for its device and the GPU). */
const answering = new Set<Promise<boolean>>();
/**
 * How long after its last answer the entry loads the service if the page has not said it has drawn
 * its figure (`shown`): a page that never says so still gets tfjs.
 */
const SERVICE_AFTER_MS = 2000;

/**
 * Settles once nothing is being answered here, even what came while waiting, or after 2 s: a GPU
 * that never answers must not keep the service from loading (what is answered here later than
 * the service is not posted, createFirstResults).
 */
async function answered(): Promise<void> {
  let late = false;
  const deadline = new Promise<void>((resolve) =>
    setTimeout(() => {
      late = true;
      resolve();
    }, 2000),
  );
  while (answering.size > 0 && !late) {
    await Promise.race([Promise.allSettled([...answering]), deadline]);
  }
}

function load(): void {
  loading ??= answered()
    .then(() => import('./serviceEntry'))
    .then(({ startService }) => {
      const s = startService((m) => first.fromService(m));
      service = s;
      // Alive, and about to start a backend: the client counts a silent worker's time from its
      // last message, and starting a GPU backend here can block this thread for seconds (shader
      // compiles on SwiftShader), as it did when the worker's first message came after this point.
      post({ type: 'pong' });
      for (const m of waiting.splice(0)) s.receive(m);
    })
    .catch((err: unknown) => {
      // Without its code the worker cannot train: the client sees the error and starts a new one.
      setTimeout(() => {
        throw err;
      });
    });
}

/**
 * Answers a request here while the service is not loaded, and not once it is. tfjs then loads at
 * once for a request the entry could not answer; after one it did, when the page says it has drawn
 * its figure (`shown`): loading takes this thread and, on a two-core machine, CPU the page's first
 * render needs (measured: a forced WebGPU page, whose service loaded later, was done 200-300 ms
 * before the same page on cpu).
 */
function take(m: ToWorker): void {
  if (service) return;
  const taking = first.take(m);
  answering.add(taking);
  void taking
    .then((answered) => (answered ? setTimeout(load, SERVICE_AFTER_MS) : load()))
    .finally(() => answering.delete(taking));
}

const named = requestInName(scope.name);
/** Whether any request has come (its name's included): then `take` says when tfjs loads. */
let asked = named !== undefined;

scope.onmessage = (e: MessageEvent<ToWorker | Ping | Shown | DataMessage>) => {
  if (e.data.type === 'ping') scope.postMessage({ type: 'pong' });
  else if (e.data.type === 'shown') load();
  else if (e.data.type === 'data') keepTable(e.data.table);
  else {
    const m = e.data;
    asked = true;
    if (!(m.type === 'train' && m.gen === named?.gen)) take(m);
    if (service) service.receive(e.data);
    else waiting.push(e.data);
  }
};
// A page that sends nothing at once (a user's own file is asked for first) still gets tfjs soon.
setTimeout(() => {
  if (!asked) load();
}, 100);
scope.postMessage({ type: 'ready', at: performance.timeOrigin + performance.now() });
// The request this worker was started for, from its name (src/protocol/workerName.ts): taken now,
// before the page's main thread hands over the same request as a message, which is then not
// taken again (the service still gets it, in order, as every message).
if (named) take(named);
