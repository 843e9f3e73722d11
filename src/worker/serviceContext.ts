import type { BackendName } from '../core/backends';
import type { ExperimentRequest, FromWorker, RequestKind, RequestOf } from '../protocol/messages';
import type { Cause } from '../protocol/notices';
import type { ContourPath, ExperimentResult, Surface } from '../protocol/results';
import type { TF } from '../train/tf';
import type { BackendKeeper } from './backendKeeper';

/**
 * What the request handlers of one worker share, handed to each explicitly: tfjs, the way out to
 * the page, the clock, the backends, and what one request leaves for the next.
 */
export interface ServiceContext {
  readonly tf: TF;
  readonly post: (m: FromWorker) => void;
  readonly now: () => number;
  /** Epoch milliseconds now, to date a result's stages (WorkerTiming); undefined without an origin. */
  readonly at: () => number | undefined;
  readonly backends: BackendKeeper;
  /** Surfaces already computed (src/train/experiment.ts keys them by the scene's setting). */
  readonly surfaces: Map<string, Surface>;
  /** Contour lines already traced, per surface. */
  readonly contoured: WeakMap<Surface, ContourPath[]>;
  /** The last result trained, so the sharpness panel can reuse its paths. */
  lastResult: { readonly key: string; readonly result: ExperimentResult } | undefined;
  /** An `auto` request trained on the first choice, whose kind of scene is still to be probed. */
  toProbe: ExperimentRequest | undefined;
  /** What the last slider grid was trained for; a slider move keeps it, other changes do not. */
  gridFor: string;
}

/** One kind of request: how it is worked on, and how its failure is told to the page. */
export interface Handler<K extends RequestKind> {
  /**
   * Works on the latest request of its kind, in the worker's one queue; `stale` turns true as soon
   * as a newer request of the same kind has come, and the work then stops without answering.
   */
  readonly run: (msg: RequestOf<K>, ctx: ServiceContext, stale: () => boolean) => Promise<void>;
  /** The reply that tells the page the request failed. */
  readonly failed: (gen: number, error: Cause) => FromWorker;
}

/** One handler per kind of request: the compiler lists a kind that has none. */
export type Handlers = { readonly [K in RequestKind]: Handler<K> };

/** The key of a result trained for a request on a backend (what `lastResult` is kept under). */
export const resultKey = (msg: ExperimentRequest, backend: BackendName) =>
  JSON.stringify([msg.experiment, backend]);
