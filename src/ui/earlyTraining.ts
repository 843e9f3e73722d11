import { pickExperiment, type Experiment } from '../core/experiment';
import { decode } from '../url/codec';
import type { BackendChoice } from '../url/state';
import { TrainerClient } from '../worker/client';
import type { FromWorker } from '../protocol/messages';
import type { WorkerStop } from '../protocol/notices';
import { remembered } from './rememberedBackend';

/** Which request an early start sent: the experiment and the backend asked for. */
export const earlyKey = (experiment: Experiment, backend: BackendChoice) =>
  JSON.stringify([experiment, backend]);

type ResultMessage = FromWorker & { readonly type: 'result' };

interface Early {
  readonly key: string;
  /** The latest result among the messages not yet delivered. */
  result(): ResultMessage | undefined;
  /** Hands the client to the page: what arrived before is delivered first, then everything. */
  attach(onMessage: (m: FromWorker) => void, onRestart: (why: WorkerStop) => void): TrainerClient;
}

let early: Early | undefined;

/**
 * Starts the training worker and sends it the link's experiment before React draws the page: the
 * first render of the whole page takes hundreds of milliseconds on a slow machine, and the worker
 * loads and trains meanwhile (measured: the worker was created about 0.7 s after navigation, once
 * the page had rendered; BENCHMARKS.md). useTraining takes the client over on its first effect.
 */
export function startTrainingEarly(search: string): void {
  try {
    start(search);
  } catch {
    // No worker here (or the link cannot be read): the page starts its own and says what failed.
    early = undefined;
  }
}

function start(search: string): void {
  const { state } = decode(search);
  // A user's own file is never in a page that has just opened: the page asks for it first.
  if (state.scene === 'csv') return;
  const experiment = pickExperiment(state);
  const waiting: FromWorker[] = [];
  const restarts: WorkerStop[] = [];
  let deliver: ((m: FromWorker) => void) | undefined;
  let restart: ((why: WorkerStop) => void) | undefined;
  performance.mark('lr-worker-start');
  const client = new TrainerClient(
    (m) => (deliver ? deliver(m) : waiting.push(m)),
    (why) => (restart ? restart(why) : restarts.push(why)),
  );
  client.request(
    experiment,
    state.backend,
    state.backend === 'auto' ? remembered(state.scene) : undefined,
  );
  early = {
    key: earlyKey(experiment, state.backend),
    result: () => waiting.findLast((m): m is ResultMessage => m.type === 'result'),
    attach(onMessage, onRestart) {
      deliver = onMessage;
      restart = onRestart;
      for (const why of restarts.splice(0)) onRestart(why);
      for (const m of waiting.splice(0)) onMessage(m);
      return client;
    },
  };
}

/**
 * The result the early request has already brought, if any, so that the page's first render draws
 * the figure: the worker often answers an analytic scene before React has loaded
 * (src/worker/firstResult.ts), and a render without it, then another with it, put the figure a
 * render, a layout and a paint later (measured with the marks bench/firstCurve.ts reads). The
 * message is still delivered on attach, as every other one is.
 */
export function earlyResult(): ResultMessage | undefined {
  return early?.result();
}

/** The early start, once: a second mount (React's StrictMode in development) starts its own. */
export function takeEarlyTraining(): Early | undefined {
  const e = early;
  early = undefined;
  return e;
}
