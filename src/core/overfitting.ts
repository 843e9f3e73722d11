/**
 * The threshold α on the generalization loss GL (below), in percent: a run overfits once its
 * validation loss ends more than this above its lowest (docs/THEORY.md, Overfitting). Prechelt's
 * stopping criterion GL_α stops at the first step with GL > α; α = 10 lies above the few percent
 * that a minibatch's noise moves a validation curve, so a wobble is not called overfitting.
 */
export const OVERFIT_GL = 10;

/** Where a run's validation loss was lowest, and how far above that it ended. */
export interface Overfit {
  readonly bestStep: number;
  readonly bestLoss: number;
  readonly endStep: number;
  readonly endLoss: number;
}

/**
 * Whether a run overfits, read as a teacher reads the two curves: its validation loss, after its
 * lowest point, ends higher by more than OVERFIT_GL percent, while its training loss went on falling
 * over the same steps. With E_va(t) the validation loss, E_opt = min over s ≤ T of E_va(s) (at
 * the step `bestStep`) and T the last step, Prechelt's generalization loss is
 * GL(T) = 100·(E_va(T)/E_opt − 1); the run overfits when GL(T) > OVERFIT_GL and the training loss
 * at T is below the training loss at `bestStep`. (L. Prechelt, "Early Stopping — But When?", in
 * Neural Networks: Tricks of the Trade, 1998.) Undefined otherwise, or where a loss needed is
 * missing or not finite (a diverged run is not "overfitting": its training loss did not fall).
 *
 * `val` holds the validation loss of every step 0 … T; `trainAtBest` and `trainAtEnd` are the
 * training loss at `bestStep` and at T.
 */
export function overfitting(
  val: ArrayLike<number>,
  bestStep: number,
  trainAtBest: number | undefined,
  trainAtEnd: number | undefined,
): Overfit | undefined {
  const endStep = val.length - 1;
  const bestLoss = val[bestStep];
  const endLoss = val[endStep];
  if (bestLoss === undefined || endLoss === undefined || !(bestStep < endStep)) return undefined;
  if (![bestLoss, endLoss, trainAtBest, trainAtEnd].every((x) => Number.isFinite(x))) {
    return undefined;
  }
  if (!(bestLoss > 0) || 100 * (endLoss / bestLoss - 1) <= OVERFIT_GL) return undefined;
  if (!(trainAtEnd! < trainAtBest!)) return undefined;
  return { bestStep, bestLoss, endStep, endLoss };
}
