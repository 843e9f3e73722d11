import type { Scene } from './scenes';
import type { Trajectory } from './trajectory';

export const VERDICTS = ['too-small', 'just-right', 'too-large', 'diverged'] as const;
export type VerdictKind = (typeof VERDICTS)[number];

export interface Verdict {
  readonly kind: VerdictKind;
  /** For `too-large`: whether the run still settled (`oscillating`) or hovers above the floor (`stalled`). */
  readonly detail?: 'oscillating' | 'stalled';
  /** For `diverged`: the step at which the run is considered to have left. */
  readonly divergedAt?: number;
}

/** A run has "reached the bottom" when its excess loss is at most this fraction of the start's. */
export const REACHED_FRACTION = 0.01;
/** Sign changes smaller than this fraction of the start's distance to θ* are rounding, not overshoot. */
export const OVERSHOOT_TOLERANCE = 1e-3;
/** Steps over which sustained growth of the excess loss is measured (even, so a 2-cycle compares like with like). */
export const GROWTH_WINDOW = 10;
/** Minimum relative growth over the window to call it growth (a 2-cycle is flat to rounding). */
export const GROWTH_MIN = 1e-3;

/**
 * Labels a run from its own numbers. With e_t = L(θ_t) − L(θ*) (the excess loss), u the sharpest
 * direction at the minimum and s_t = (θ_t − θ*)·u:
 *
 * 1. **diverged at step k** — a loss or parameter became non-finite at step k; or the run ends above
 *    its starting excess (e_T > e_0) *and* is still growing (the mean of the last two excesses exceeds
 *    the mean of the two GROWTH_WINDOW steps earlier by more than GROWTH_MIN); then k is the first step
 *    after which e_t stays above e_0.
 * 2. **too large** — the path overshoots the valley floor: s_t changes sign between two steps, both
 *    |s| above OVERSHOOT_TOLERANCE·‖θ_0 − θ*‖. Then `oscillating` if it still reached the bottom
 *    (rule 3's test), else `stalled`.
 * 3. **just right** — no overshoot and e_T ≤ REACHED_FRACTION·e_0: it reached the bottom in the budget.
 * 4. **too small** — otherwise: it moved without overshooting but did not get there.
 *
 * On a quadratic the error along eigenvector i is multiplied by (1 − ηλᵢ) each step, so rule 2 fires
 * exactly when η > 1/λmax and rule 1 exactly when η > 2/λmax (given enough steps): the boundaries
 * of these verdicts are the theoretical ones (DESIGN §6).
 */
export function verdictOf(run: Trajectory, scene: Scene): Verdict {
  if (run.nonFiniteAt !== undefined) return { kind: 'diverged', divergedAt: run.nonFiniteAt };
  const T = run.losses.length - 1;
  if (T < 1) return { kind: 'too-small' };
  const excess = (t: number) => Math.max(0, (run.losses[t] ?? 0) - scene.minLoss);
  const e0 = excess(0);

  const W = Math.min(GROWTH_WINDOW, T - 1 - ((T - 1) % 2));
  if (W >= 2 && excess(T) > e0) {
    const recent = (excess(T) + excess(T - 1)) / 2;
    const earlier = (excess(T - W) + excess(T - W - 1)) / 2;
    if (recent > earlier * (1 + GROWTH_MIN)) {
      let k = T;
      while (k > 0 && excess(k - 1) > e0) k--;
      return { kind: 'diverged', divergedAt: k };
    }
  }

  const reached = excess(T) <= REACHED_FRACTION * e0;
  if (overshoots(run, scene))
    return { kind: 'too-large', detail: reached ? 'oscillating' : 'stalled' };
  return { kind: reached ? 'just-right' : 'too-small' };
}

function overshoots(run: Trajectory, scene: Scene): boolean {
  const P = scene.dims;
  const steps = run.losses.length;
  const along = (t: number) => {
    let s = 0;
    for (let p = 0; p < P; p++) {
      s += ((run.path[t * P + p] ?? 0) - (scene.minimum[p] ?? 0)) * (scene.sharpDirection[p] ?? 0);
    }
    return s;
  };
  let r0 = 0;
  for (let p = 0; p < P; p++) r0 += ((run.path[p] ?? 0) - (scene.minimum[p] ?? 0)) ** 2;
  const tol = OVERSHOOT_TOLERANCE * Math.sqrt(r0);
  let prev = along(0);
  for (let t = 1; t < steps; t++) {
    const s = along(t);
    if (Math.sign(s) * Math.sign(prev) < 0 && Math.abs(s) > tol && Math.abs(prev) > tol)
      return true;
    prev = s;
  }
  return false;
}
