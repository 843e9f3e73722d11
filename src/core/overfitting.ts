/**
 * The threshold α on the generalization loss GL (below), in percent: a run overfits once its
 * validation loss ends more than this above its lowest (docs/THEORY.md, Overfitting). Prechelt's
 * stopping criterion GL_α stops at the first step with GL > α.
 */
export const OVERFIT_GL = 10;

/**
 * The share of a run's steps that each validation mean spans (at least one step): a minibatch's
 * noise moves single steps of a validation curve by more than OVERFIT_GL percent (the cars network
 * with minibatches of 10: +10 % in its last 4 steps), its means over 5 % of the run far less.
 */
export const OVERFIT_WINDOW = 0.05;

/** Where a run's validation loss was lowest, and where it ended. */
export interface Overfit {
  readonly bestStep: number;
  readonly bestLoss: number;
  readonly endStep: number;
  readonly endLoss: number;
}

/**
 * Whether a run overfits, read as a teacher reads the two curves: its validation loss turned up
 * for good after its lowest stretch while its training loss went on falling. With T the last step,
 * w = ⌈(T + 1)·OVERFIT_WINDOW⌉ and V̄(t) the mean validation loss over steps t − w + 1 … t:
 * b = argmin V̄(t) over t ≥ w − 1 (the lowest stretch), and Prechelt's generalization loss on
 * those means, GL = 100·(V̄(T)/V̄(b) − 1). The run overfits when the stretch at b ends before the
 * last one begins (b ≤ T − w), GL > OVERFIT_GL, and the training loss at T is below the one at b.
 * (L. Prechelt, "Early Stopping — But When?", in Neural Networks: Tricks of the Trade, 1998.)
 * Undefined otherwise, or where a loss needed is missing or not finite (a diverged run is not
 * "overfitting": its training loss did not fall).
 *
 * The answer names the raw curve's lowest step (the first, as early stopping keeps it) and its
 * last: what the page shows. `val` holds the validation loss of every step 0 … T; `trainAt(t)` is
 * the training loss at step t.
 */
export function overfitting(
  val: ArrayLike<number>,
  trainAt: (step: number) => number | undefined,
): Overfit | undefined {
  const T = val.length - 1;
  const w = Math.max(1, Math.ceil((T + 1) * OVERFIT_WINDOW));
  if (T < 2 * w) return undefined;
  // Prefix sums in float64: V̄(t) = (S[t + 1] − S[t + 1 − w]) / w.
  const S = new Float64Array(T + 2);
  let best = 0;
  for (let t = 0; t <= T; t++) {
    const v = val[t]!;
    if (!Number.isFinite(v)) return undefined;
    S[t + 1] = S[t]! + v;
    if (v < val[best]!) best = t;
  }
  const mean = (t: number) => (S[t + 1]! - S[t + 1 - w]!) / w;
  let b = w - 1;
  for (let t = w; t <= T; t++) if (mean(t) < mean(b)) b = t;
  if (b > T - w || !(mean(b) > 0) || 100 * (mean(T) / mean(b) - 1) <= OVERFIT_GL) return undefined;
  const trainAtB = trainAt(b);
  const trainAtEnd = trainAt(T);
  if (!Number.isFinite(trainAtB) || !Number.isFinite(trainAtEnd)) return undefined;
  if (!(trainAtEnd! < trainAtB!)) return undefined;
  return { bestStep: best, bestLoss: val[best]!, endStep: T, endLoss: val[T]! };
}
