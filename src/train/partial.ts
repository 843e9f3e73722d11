import { lossCount } from '../core/trajectory';
import type { PartialLosses } from '../protocol/results';

export type { PartialLosses };

/**
 * Results as they come: what a trainer has filled in so far, and what the worker posts of it while
 * a long run (a network) is still training. The trainers hand a snapshot accessor with every chunk
 * (`TrainHooks.onChunk`); nothing is copied unless a partial result is actually posted, so the
 * training itself and its final numbers are exactly what they are without it.
 */

/** What a trainer has recorded so far, per run in its own order: views of its buffers, no copies. */
export interface LossSnapshot {
  /** Each run's recorded training losses so far (at the trainer's stride, as BatchedOutput). */
  readonly losses: readonly Float32Array[];
  /** Each run's validation loss at every step so far, where validation is computed. */
  readonly val?: readonly Float32Array[];
  /** The recorded losses' stride, when it is not every step (BatchedOutput.lossEvery). */
  readonly lossEvery?: number;
  /**
   * Folds trained one after another: the fold in training (0-based), how many there are, and the
   * steps that fold has done.
   */
  readonly fold?: PartialLosses['fold'];
}

/** Hands the trainer's losses so far; cheap (views), valid until the trainer's next chunk. */
export type Snapshot = () => LossSnapshot;

/**
 * The views of a trainer's buffers once step `lastStep` (of T) is recorded: losses at stride e are
 * recorded at steps 0, e, 2e, … and T, so ⌊lastStep/e⌋ + 1 of them are in before the last step and
 * `lossCount(T, e)` after it; validation losses are recorded at every step, lastStep + 1 of them.
 */
export function snapshotOf(
  buffers: {
    readonly losses: readonly Float32Array[];
    readonly val?: readonly Float32Array[];
    readonly lossEvery?: number;
  },
  lastStep: number,
  T: number,
): LossSnapshot {
  const e = Math.max(1, buffers.lossEvery ?? 1);
  const recorded = lastStep >= T ? lossCount(T, e) : Math.floor(lastStep / e) + 1;
  const val = buffers.val?.length ? buffers.val : undefined;
  return {
    losses: buffers.losses.map((l) => l.subarray(0, recorded)),
    ...(val ? { val: val.map((v) => v.subarray(0, lastStep + 1)) } : {}),
    ...(e > 1 ? { lossEvery: e } : {}),
  };
}

const EMPTY = new Float32Array(0);

/**
 * Runs trained in groups one after another (k folds one call each, or the optimizer groups of
 * src/core/runOptimizers.ts), seen as one snapshot in the whole training's run order: run `to[g]`
 * of the whole is run g of the group in training (`current`); the runs of groups already trained
 * have their whole traces in `done` (their place in the whole order, undefined where not trained
 * yet, which then have nothing so far).
 */
export function placeSnapshot(
  current: LossSnapshot,
  to: readonly number[],
  done: {
    readonly losses: readonly (Float32Array | undefined)[];
    readonly val?: readonly (Float32Array | undefined)[];
  },
  runs: number,
  fold?: LossSnapshot['fold'],
): LossSnapshot {
  const losses = Array.from({ length: runs }, (_, r) => done.losses[r] ?? EMPTY);
  const val = current.val && Array.from({ length: runs }, (_, r) => done.val?.[r] ?? EMPTY);
  to.forEach((r, g) => {
    losses[r] = current.losses[g] ?? EMPTY;
    if (val) val[r] = current.val?.[g] ?? EMPTY;
  });
  return {
    losses,
    ...(val ? { val } : {}),
    ...(current.lossEvery !== undefined ? { lossEvery: current.lossEvery } : {}),
    ...(fold ? { fold } : current.fold ? { fold: current.fold } : {}),
  };
}

/** Whether every run has its first chunk: the first moment a partial result may be posted. */
export const everyRunStarted = (s: LossSnapshot): boolean =>
  s.losses.length > 0 && s.losses.every((l) => l.length > 0);

/** A copy of `values` up to its first non-finite value (nothing non-finite leaves the engine). */
function finitePrefix(values: Float32Array, most = values.length): Float32Array {
  const n = Math.min(most, values.length);
  let t = 0;
  while (t < n && Number.isFinite(values[t]!)) t++;
  return values.slice(0, t);
}

/**
 * The partial result of a snapshot: copies (the trainer goes on filling its buffers, and a posted
 * message must not change), each run's losses cut at its first non-finite value, and its
 * validation losses no longer than its training losses (as `DataResult.val` is cut at the run's).
 */
export function partialLosses(
  snapshot: LossSnapshot,
  at: { readonly stepsDone: number; readonly steps: number; readonly k: number },
): PartialLosses {
  const losses = snapshot.losses.map((l) => finitePrefix(l));
  const e = snapshot.lossEvery ?? 1;
  return {
    ...at,
    losses,
    ...(snapshot.val
      ? {
          val: snapshot.val.map((v, r) => {
            // Training losses cut at recorded index n cover steps before n·e (the last one, T).
            const n = losses[r]?.length ?? 0;
            const cut = n === (snapshot.losses[r]?.length ?? 0) ? v.length : n * e;
            return finitePrefix(v, cut);
          }),
        }
      : {}),
    ...(snapshot.lossEvery !== undefined ? { lossEvery: snapshot.lossEvery } : {}),
    ...(snapshot.fold ? { fold: snapshot.fold } : {}),
  };
}

/**
 * How often, at most, a partial result is posted: about six times a second is smooth enough for a
 * curve that grows, and leaves the page's main thread nearly all of its time.
 */
export const PARTIAL_EVERY_MS = 150;

/**
 * Steps per chunk when a network's training streams: about a twentieth of the run, between 16 and
 * 64 steps, so that the curves grow in visible pieces. A chunk is only where the losses are read
 * back: every trainer gives the same bits however the steps are cut (tests/train/fusedMlp.test.ts,
 * tests/train/trainer.test.ts), so fingerprints do not change.
 */
export function streamChunk(steps: number): number {
  return Math.min(64, Math.max(16, Math.ceil(steps / 20)));
}

/**
 * A rate limit on a clock given by the caller (no clock of its own, so tests drive it): the first
 * call is due, a `last` one always is, and otherwise one at least `everyMs` after the previous due
 * one.
 */
export function throttle(everyMs: number): (now: number, last?: boolean) => boolean {
  let at: number | undefined;
  return (now, last = false) => {
    if (!last && at !== undefined && now - at < everyMs) return false;
    at = now;
    return true;
  };
}
