import { stream, type Rng } from '../rng';

/**
 * Shuffles `a` in place: the Fisher–Yates shuffle in Durstenfeld's form (Knuth, The Art of Computer
 * Programming, vol. 2, §3.4.2, Algorithm P): for i = n−1 down to 1, swap a[i] with a[j],
 * j = ⌊u·(i + 1)⌋ uniform on 0…i. Each of the n! orders is equally likely given uniform u, and it
 * uses exactly n − 1 draws, so the next user of the stream sees a predictable position.
 */
export function shuffleInPlace(a: Int32Array, rng: Rng): Int32Array {
  for (let i = a.length - 1; i > 0; i--) {
    // min() guards a source that could return 1; Alea never does.
    const j = Math.min(i, Math.floor(rng() * (i + 1)));
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
  return a;
}

/** The fractions of the data for training, validation ("homework") and test ("exam"). */
export interface SplitRatios {
  /** Must be > 0: a split with nothing to train on is no split. */
  readonly train: number;
  readonly val: number;
  readonly test: number;
}

export interface SplitSizes {
  readonly train: number;
  readonly val: number;
  readonly test: number;
}

/** Row indices of each part; disjoint, and together every row 0…n−1 once. */
export interface Split {
  readonly train: Int32Array;
  readonly val: Int32Array;
  readonly test: Int32Array;
}

/** Ratios summing to 1 within this; the URL may carry 0.7/0.15/0.15 as decimals. */
const SUM_TOLERANCE = 1e-9;

function checkRatios(r: SplitRatios): void {
  for (const [name, v] of Object.entries(r)) {
    if (!(v >= 0 && Number.isFinite(v))) throw new RangeError(`${name} ratio must be ≥ 0: ${v}`);
  }
  if (!(r.train > 0)) throw new RangeError(`train ratio must be > 0: ${r.train}`);
  const sum = r.train + r.val + r.test;
  if (!(Math.abs(sum - 1) <= SUM_TOLERANCE)) {
    throw new RangeError(`ratios must sum to 1: ${r.train} + ${r.val} + ${r.test} = ${sum}`);
  }
}

/**
 * How many of n rows each part gets:
 *
 *   test = round(n·r_test),  val = round(n·r_val),  train = n − val − test,
 *
 * with round() = Math.round (halves up) of the float product. Two guards, applied before the
 * rounding: train keeps at least 1 row (n ≥ 1), and a part with ratio > 0 gets at least 1 row while
 * rows are left, served in the order train, val, test. When the rounded counts ask for more rows
 * than remain, test is served first and validation gets what is left, so validation gives way.
 * E.g. n = 10 with 0.7/0.15/0.15: 10·0.15 = 1.5 rounds to 2, so train/val/test = 6/2/2; n = 2 with
 * 0.8/0.1/0.1: 1/1/0 (no row is left for the test set).
 */
export function splitSizes(n: number, ratios: SplitRatios): SplitSizes {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be an integer ≥ 0: ${n}`);
  checkRatios(ratios);
  let left = n;
  const reserve = (positive: boolean) => {
    const r = positive && left >= 1 ? 1 : 0;
    left -= r;
    return r;
  };
  reserve(true); // train's guaranteed row
  const minVal = reserve(ratios.val > 0);
  const minTest = reserve(ratios.test > 0);
  const test = Math.min(Math.max(Math.round(n * ratios.test), minTest), minTest + left);
  left -= test - minTest;
  const val = Math.min(Math.max(Math.round(n * ratios.val), minVal), minVal + left);
  return { train: n - val - test, val, test };
}

/**
 * Seeded train / validation / test split of rows 0…n−1: one Fisher–Yates permutation from the
 * seed's 'split' stream, cut into consecutive pieces of the sizes in `splitSizes` (train first,
 * then val, then test). The pieces are disjoint and cover all rows by construction; each is kept in
 * permutation order. The same seed always gives the same split, whatever else draws random numbers.
 */
export function splitIndices(n: number, ratios: SplitRatios, seed: number): Split {
  const sizes = splitSizes(n, ratios);
  const perm = shuffleInPlace(identity(n), stream(seed, 'split'));
  const a = sizes.train;
  const b = a + sizes.val;
  return { train: perm.slice(0, a), val: perm.slice(a, b), test: perm.slice(b) };
}

/** 0, 1, …, n−1. */
export function identity(n: number): Int32Array {
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}

/**
 * k-fold cross-validation folds: `indices` cut, in the given order, into k consecutive folds whose
 * sizes differ by at most one: with n = q·k + r (0 ≤ r < k), the first r folds have q + 1 rows and
 * the others q. No shuffle here: pass indices that are already in a seeded random order (e.g. the
 * training and validation rows of `splitIndices`), so the folds inherit that seed.
 * Requires 2 ≤ k ≤ n, so that every fold is non-empty and every fold-run has something to train on.
 */
export function kFolds(indices: Int32Array, k: number): Int32Array[] {
  const n = indices.length;
  if (!Number.isInteger(k) || k < 2 || k > n) {
    throw new RangeError(`k must be an integer in 2…n (n = ${n}): ${k}`);
  }
  const q = Math.floor(n / k);
  const r = n % k;
  const folds: Int32Array[] = [];
  let start = 0;
  for (let i = 0; i < k; i++) {
    const size = i < r ? q + 1 : q;
    folds.push(indices.slice(start, start + size));
    start += size;
  }
  return folds;
}

/** Fold i held out for validation; the other folds, in fold order, form the training set. */
export function foldSplit(
  folds: readonly Int32Array[],
  i: number,
): { train: Int32Array; val: Int32Array } {
  if (!Number.isInteger(i) || i < 0 || i >= folds.length) {
    throw new RangeError(`fold ${i} is outside 0…${folds.length - 1}`);
  }
  let size = 0;
  for (let j = 0; j < folds.length; j++) if (j !== i) size += folds[j]!.length;
  const train = new Int32Array(size);
  let at = 0;
  for (let j = 0; j < folds.length; j++) {
    if (j === i) continue;
    train.set(folds[j]!, at);
    at += folds[j]!.length;
  }
  return { train, val: folds[i]!.slice() };
}
