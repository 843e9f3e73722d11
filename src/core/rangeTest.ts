/**
 * The learning-rate range test: train once while raising η exponentially, smooth the loss, stop
 * when it blows up, and read suggested learning rates off the curve (docs/THEORY.md, Learning-rate
 * range test).
 *
 * Sources:
 * - L. N. Smith, "Cyclical Learning Rates for Training Neural Networks", WACV 2017 (arXiv:1506.01186),
 *   §3.3 "How can one estimate reasonable minimum and maximum boundary values?": run for a few
 *   epochs while the learning rate increases, plot the loss (accuracy there) against η, and read
 *   off where it starts to improve and where it turns ragged or worse.
 * - fastai's `lr_find` (docs.fast.ai, "Learner.lr_find" / `LRFinder` callback): exponential
 *   ramp between `start_lr` and `end_lr`, exponentially smoothed loss with bias correction, stop
 *   once the smoothed loss exceeds 4× the best smoothed loss so far, and the documented suggestion
 *   rules `steep`, `valley` and `minimum` (η at the minimum divided by 10).
 * - The bias-corrected moving average is the one of Adam (Kingma & Ba 2015, §3), applied to losses.
 *
 * The implementation here is written from those descriptions; it is not a port of fastai's code.
 * Everything is pure: no DOM, no tfjs, no randomness.
 */

/** fastai's default smoothing factor for the range test's loss. */
export const DEFAULT_BETA = 0.98;
/** The curve ends where the smoothed loss exceeds this many times its best value so far. */
export const DEFAULT_STOP_FACTOR = 4;
/** Fewer points than this give no suggestion: one point tests no range. */
export const MIN_SUGGESTION_POINTS = 2;

/** A suggested learning rate and the index of the curve point it was read from. */
export interface Suggestion {
  /** Index into the (cut) curve. For `minimumOverTen` it is the index of the minimum itself. */
  readonly index: number;
  /** The suggested η. Equals lrs[index] except for `minimumOverTen`, where it is lrs[index] / 10. */
  readonly lr: number;
}

export interface Suggestions {
  readonly steepest?: Suggestion;
  readonly valley?: Suggestion;
  readonly minimumOverTen?: Suggestion;
}

export const SUGGESTION_KINDS = ['steepest', 'valley', 'minimumOverTen'] as const;
export type SuggestionKind = (typeof SUGGESTION_KINDS)[number];

/** Why the curve ends where it does. */
export type StopReason = 'exceeded' | 'non-finite' | 'end';

export interface RangeTestResult {
  /** The learning rates of the usable points (cut at the first non-finite loss or invalid η). */
  readonly lrs: number[];
  /** The raw losses at those points, all finite. */
  readonly raw: number[];
  /** The bias-corrected exponential moving average of `raw`. */
  readonly smoothed: number[];
  /**
   * The curve is cut here: points 0..stop−1 are the range test's curve and the suggestions are
   * read from them; points from `stop` on (if any) are where the smoothed loss exceeded
   * factor × its minimum. stop ≤ lrs.length.
   */
  readonly stop: number;
  /** `exceeded` (the factor rule cut it), `non-finite` (a loss or η went bad), or `end` (ran out). */
  readonly reason: StopReason;
  readonly suggestions: Suggestions;
}

export interface RangeTestOptions {
  /** Smoothing factor β in [0, 1); 0 leaves the losses as they are. Default 0.98. */
  readonly beta?: number;
  /** Stop factor (> 0). Default 4. */
  readonly factor?: number;
}

function assertPositiveFinite(name: string, v: number): void {
  if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`${name} must be > 0 and finite: ${v}`);
}

/**
 * n learning rates rising exponentially from `min` to `max`:
 * η_t = min·(max/min)^(t/(n−1)), t = 0..n−1, so log η is evenly spaced (Smith 2017 §3.3 ramps η
 * linearly over a few epochs; fastai's `lr_find` ramps it exponentially, as here). The last value
 * is exactly `max`. n = 1 gives [min]; n = 0 gives [].
 */
export function rampLrs(min: number, max: number, n: number): number[] {
  assertPositiveFinite('min', min);
  assertPositiveFinite('max', max);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be an integer ≥ 0: ${n}`);
  if (n === 0) return [];
  if (n === 1) return [min];
  const ratio = max / min;
  const out: number[] = [];
  for (let t = 0; t < n - 1; t++) out.push(min * ratio ** (t / (n - 1)));
  out.push(max);
  return out;
}

/**
 * Exponential moving average with bias correction (fastai's `lr_find` smoothing; the correction
 * is Adam's, Kingma & Ba 2015 §3): a_t = β·a_{t−1} + (1 − β)·L_t with a_{−1} = 0, and
 * s_t = a_t / (1 − β^{t+1}), so a constant loss smooths to itself from the first step instead of
 * starting near 0. A non-finite L_t makes every later s non-finite; `stopIndex` cuts there.
 */
export function smoothLosses(losses: ArrayLike<number>, beta: number = DEFAULT_BETA): number[] {
  if (!(beta >= 0 && beta < 1)) throw new RangeError(`beta must be in [0, 1): ${beta}`);
  const out: number[] = [];
  let avg = 0;
  let betaPow = 1;
  for (let t = 0; t < losses.length; t++) {
    avg = beta * avg + (1 - beta) * (losses[t] ?? NaN);
    betaPow *= beta;
    out.push(avg / (1 - betaPow));
  }
  return out;
}

/**
 * Where the range test's curve ends: the first index i whose smoothed loss is non-finite or
 * exceeds (strictly) `factor` × the minimum of s_0..s_{i−1}; the length if there is none.
 * Exactly factor × the minimum does not stop the curve. (fastai's `lr_find` stops once the smoothed
 * loss exceeds 4× the best smoothed loss; the point that crossed is excluded here, so the curve is
 * smoothed[0..stop−1].)
 */
export function stopIndex(
  smoothed: ArrayLike<number>,
  factor: number = DEFAULT_STOP_FACTOR,
): number {
  if (!(factor > 0) || Number.isNaN(factor)) throw new RangeError(`factor must be > 0: ${factor}`);
  let best = Infinity;
  for (let i = 0; i < smoothed.length; i++) {
    const s = smoothed[i] ?? NaN;
    if (!Number.isFinite(s)) return i;
    if (i > 0 && s > factor * best) return i;
    if (s < best) best = s;
  }
  return smoothed.length;
}

function curveLength(lrs: ArrayLike<number>, smoothed: ArrayLike<number>): number {
  return Math.min(lrs.length, smoothed.length);
}

function suggestion(lrs: ArrayLike<number>, index: number): Suggestion {
  return { index, lr: lrs[index] ?? NaN };
}

/**
 * Where the smoothed loss falls fastest per unit of log η: the segment i → i+1 with the most
 * negative forward difference (s_{i+1} − s_i) / (log10 η_{i+1} − log10 η_i), reported at its start
 * i (the rule of fastai's `steep` suggester). Segments with a non-finite end or a non-increasing η
 * are skipped. Undefined when the curve has fewer than 2 points or never falls (no segment with a
 * negative slope): a curve that only rises suggests nothing. Ties go to the earliest segment.
 */
export function steepest(
  lrs: ArrayLike<number>,
  smoothed: ArrayLike<number>,
): Suggestion | undefined {
  const n = curveLength(lrs, smoothed);
  if (n < MIN_SUGGESTION_POINTS) return undefined;
  let best: number | undefined;
  let bestSlope = 0;
  for (let i = 0; i + 1 < n; i++) {
    const dLog = Math.log10(lrs[i + 1] ?? NaN) - Math.log10(lrs[i] ?? NaN);
    const dS = (smoothed[i + 1] ?? NaN) - (smoothed[i] ?? NaN);
    if (!(dLog > 0) || !Number.isFinite(dLog) || !Number.isFinite(dS)) continue;
    const slope = dS / dLog;
    if (slope < bestSlope) {
      bestSlope = slope;
      best = i;
    }
  }
  return best === undefined ? undefined : suggestion(lrs, best);
}

/**
 * The longest strictly decreasing subsequence of the smoothed loss (dynamic programming, O(n²):
 * fine for the n ≤ 2000 points of a range test), read as the "valley" the loss descends through;
 * the suggestion is the point start + ⌊span/3⌋ + ⌊span/6⌋ with span = end − start, i.e. about
 * halfway along it (the rule documented for fastai's `valley` suggester, whose intent is a point
 * in the middle third of the descent). start and end are the indices of the subsequence's first
 * and last element. Among subsequences of the same length, the one ending first wins, and among
 * those ending there, the one starting first (the widest descent). Non-finite values take no part.
 * Undefined when the curve has fewer than 2 points or never decreases.
 */
export function valley(
  lrs: ArrayLike<number>,
  smoothed: ArrayLike<number>,
): Suggestion | undefined {
  const n = curveLength(lrs, smoothed);
  if (n < MIN_SUGGESTION_POINTS) return undefined;
  // len[i]: length of the longest strictly decreasing subsequence ending at i;
  // start[i]: the earliest first index among those of that length ending at i.
  const len = new Array<number>(n).fill(0);
  const start = new Array<number>(n).fill(0);
  let bestEnd = -1;
  for (let i = 0; i < n; i++) {
    const si = smoothed[i] ?? NaN;
    if (!Number.isFinite(si)) continue;
    let li = 1;
    let st = i;
    for (let j = 0; j < i; j++) {
      const sj = smoothed[j] ?? NaN;
      const lj = len[j] ?? 0;
      if (lj === 0 || !(sj > si)) continue;
      const sJ = start[j] ?? j;
      if (lj + 1 > li || (lj + 1 === li && sJ < st)) {
        li = lj + 1;
        st = sJ;
      }
    }
    len[i] = li;
    start[i] = st;
    if (bestEnd < 0 || li > (len[bestEnd] ?? 0)) bestEnd = i;
  }
  if (bestEnd < 0 || (len[bestEnd] ?? 0) < 2) return undefined;
  const first = start[bestEnd] ?? bestEnd;
  const span = bestEnd - first;
  return suggestion(lrs, first + Math.floor(span / 3) + Math.floor(span / 6));
}

/**
 * The classic rule of thumb: η at the minimum of the smoothed loss, divided by 10 (fastai's
 * `minimum` suggester). `index` is the minimum's index (the first one on ties); `lr` is η there / 10,
 * which may lie below the tested range when the minimum is at the first point. Undefined when
 * the curve has fewer than 2 points or no finite value.
 */
export function minimumOverTen(
  lrs: ArrayLike<number>,
  smoothed: ArrayLike<number>,
): Suggestion | undefined {
  const n = curveLength(lrs, smoothed);
  if (n < MIN_SUGGESTION_POINTS) return undefined;
  let best = -1;
  let bestS = Infinity;
  for (let i = 0; i < n; i++) {
    const s = smoothed[i] ?? NaN;
    if (Number.isFinite(s) && s < bestS) {
      bestS = s;
      best = i;
    }
  }
  return best < 0 ? undefined : { index: best, lr: (lrs[best] ?? NaN) / 10 };
}

/**
 * The whole range test from one run's learning rates and raw losses (losses[t] measured at lrs[t]).
 * The curve first ends at the first non-finite loss or non-positive/non-finite η (or where either
 * array ends); the rest is smoothed, cut by `stopIndex`, and the three suggestions are read from
 * points 0..stop−1.
 */
export function rangeTest(
  lrs: ArrayLike<number>,
  losses: ArrayLike<number>,
  opts: RangeTestOptions = {},
): RangeTestResult {
  const beta = opts.beta ?? DEFAULT_BETA;
  const factor = opts.factor ?? DEFAULT_STOP_FACTOR;
  const n = Math.min(lrs.length, losses.length);
  const outLrs: number[] = [];
  const raw: number[] = [];
  let reason: StopReason = 'end';
  for (let t = 0; t < n; t++) {
    const lr = lrs[t] ?? NaN;
    const loss = losses[t] ?? NaN;
    if (!(lr > 0) || !Number.isFinite(lr) || !Number.isFinite(loss)) {
      reason = 'non-finite';
      break;
    }
    outLrs.push(lr);
    raw.push(loss);
  }
  const smoothed = smoothLosses(raw, beta);
  const stop = stopIndex(smoothed, factor);
  // The smoothed values of finite losses are finite unless they overflow; either way stopIndex cut.
  if (stop < smoothed.length) reason = Number.isFinite(smoothed[stop]) ? 'exceeded' : 'non-finite';
  const curveLrs = outLrs.slice(0, stop);
  const curve = smoothed.slice(0, stop);
  const suggestions: {
    steepest?: Suggestion;
    valley?: Suggestion;
    minimumOverTen?: Suggestion;
  } = {};
  const st = steepest(curveLrs, curve);
  if (st) suggestions.steepest = st;
  const va = valley(curveLrs, curve);
  if (va) suggestions.valley = va;
  const mi = minimumOverTen(curveLrs, curve);
  if (mi) suggestions.minimumOverTen = mi;
  return { lrs: outLrs, raw, smoothed, stop, reason, suggestions };
}

/** How one suggestion's η varies across several runs (seeds). */
export interface SpreadStat {
  readonly min: number;
  readonly median: number;
  readonly max: number;
  /** How many of the runs gave this suggestion at all. */
  readonly count: number;
}

export type SuggestionSpread = { readonly [K in SuggestionKind]?: SpreadStat };

/**
 * For the range tests of several seeds: min / median / max of each suggestion's η over the runs
 * that gave one, so the UI can show that the suggestion moves with the seed. With an even count
 * the median is the geometric mean of the two middle values: the midpoint on the log-η axis the
 * suggestions are drawn on. A kind no run suggested is absent.
 */
export function suggestionSpread(results: readonly RangeTestResult[]): SuggestionSpread {
  const out: { [K in SuggestionKind]?: SpreadStat } = {};
  for (const kind of SUGGESTION_KINDS) {
    const values = results
      .map((r) => r.suggestions[kind]?.lr)
      .filter((v): v is number => v !== undefined && v > 0 && Number.isFinite(v))
      .sort((a, b) => a - b);
    const count = values.length;
    if (count === 0) continue;
    const lo = values[Math.floor((count - 1) / 2)] ?? NaN;
    const hi = values[Math.floor(count / 2)] ?? NaN;
    out[kind] = {
      min: values[0] ?? NaN,
      median: lo === hi ? lo : Math.sqrt(lo * hi),
      max: values[count - 1] ?? NaN,
      count,
    };
  }
  return out;
}
