import { stream } from '../rng';
import { shuffleInPlace } from './split';

export interface LoaderOptions {
  /** Samples per minibatch, an integer ≥ 1; above n it means the full set (B = n). */
  readonly batchSize: number;
  /**
   * true: a new seeded order every epoch. false: the given order in every epoch, as PyTorch's
   * `DataLoader(shuffle=False)` (its SequentialSampler); pass indices that are already shuffled
   * (a split is) to get one fixed random order.
   */
  readonly shuffle: boolean;
  /** true: an epoch's short last batch is skipped; false: it is padded to B with weight-0 slots. */
  readonly dropLast: boolean;
}

/**
 * Which samples every training step uses, for all steps at once. All runs of one experiment train
 * on this one schedule, so they see the same minibatches in the same order and differ only by
 * learning rate (a fair comparison, and the minibatch strip can draw it).
 */
export interface BatchSchedule {
  /** Batch slots per step: min(batchSize, n). */
  readonly B: number;
  readonly steps: number;
  /** Minibatches (steps) per epoch: ⌊n/B⌋ with dropLast, ⌈n/B⌉ without. */
  readonly batchesPerEpoch: number;
  /** steps×B row indices into the data set; slot j of step t is `idx[t * B + j]`. */
  readonly idx: Int32Array;
  /**
   * steps×B: 1 for a real sample, 0 for padding. A padding slot repeats its batch's first index so
   * that a gather stays in range; the batch loss Σ wⱼℓⱼ / Σ wⱼ then ignores it, i.e. a short batch
   * is the mean over its real samples, as in PyTorch.
   */
  readonly weight: Float32Array;
  /** The epoch (0-based) of each step: ⌊t / batchesPerEpoch⌋. */
  readonly epochOf: Int32Array;
}

/**
 * A DataLoader as a precomputed schedule (PyTorch `torch.utils.data.DataLoader` semantics): each
 * epoch takes the n `indices` in some order and cuts them into consecutive minibatches of B;
 * every step is one minibatch, and epochs follow one another until `steps` steps are filled (the
 * last epoch may be cut short). Without dropLast every sample appears exactly once per epoch; with
 * it, the n mod B samples at the end of each epoch's order are skipped.
 *
 * With shuffle, epoch e's order is a Fisher–Yates permutation of `indices` (as given), drawn from
 * the seed's 'shuffle' stream after those of epochs 0…e−1. Epochs are drawn in order and only as
 * far as needed, so the first steps of a schedule do not depend on `steps`: a longer run extends a
 * shorter one. Without shuffle the seed is not used.
 */
export function batchSchedule(
  indices: Int32Array,
  options: LoaderOptions,
  seed: number,
  steps: number,
): BatchSchedule {
  const n = indices.length;
  const { batchSize, shuffle, dropLast } = options;
  if (n < 1) throw new RangeError('a loader needs at least one sample');
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batchSize must be an integer ≥ 1: ${batchSize}`);
  }
  if (!Number.isInteger(steps) || steps < 0) {
    throw new RangeError(`steps must be an integer ≥ 0: ${steps}`);
  }
  const B = Math.min(batchSize, n);
  // B ≤ n, so even with dropLast every epoch has at least one full batch.
  const batchesPerEpoch = dropLast ? Math.floor(n / B) : Math.ceil(n / B);
  const idx = new Int32Array(steps * B);
  const weight = new Float32Array(steps * B);
  const epochOf = new Int32Array(steps);
  const rng = shuffle ? stream(seed, 'shuffle') : null;
  let order = indices;
  for (let t = 0; t < steps; t++) {
    const epoch = Math.floor(t / batchesPerEpoch);
    const k = t - epoch * batchesPerEpoch;
    // A new epoch's order, drawn when its first step is reached and not before.
    if (k === 0 && rng) order = shuffleInPlace(indices.slice(), rng);
    epochOf[t] = epoch;
    const start = k * B;
    const real = Math.min(B, n - start);
    const row = t * B;
    idx.set(order.subarray(start, start + real), row);
    weight.fill(1, row, row + real);
    idx.fill(order[start]!, row + real, row + B);
  }
  return { B, steps, batchesPerEpoch, idx, weight, epochOf };
}
