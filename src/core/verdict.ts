import type { Minimum, Scene } from './scenes';
import { stepOfLoss, type Trajectory } from './trajectory';

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
/** A crossing of the floor in small steps counts as overshoot once the swing beyond it reaches this many tolerances. */
export const SMOOTH_SWING = 4;
/** Steps over which sustained growth of the excess loss is measured (even, so a 2-cycle compares like with like). */
export const GROWTH_WINDOW = 10;
/** Minimum relative growth over the window to call it growth (a 2-cycle is flat to rounding). */
export const GROWTH_MIN = 1e-3;
/** With noise: growth means the last quarter's mean excess is this many times the previous quarter's. */
export const NOISE_GROWTH = 2;
/** With noise: "reached" allows this many times the noise-floor bound P·ησ²/2 (fluctuations). */
export const NOISE_FLOOR_MARGIN = 3;

/**
 * Labels a run from its own numbers. With e_t = L(θ_t) − L(θ*) (the excess loss), u the sharpest
 * direction at the minimum and s_t = (θ_t − θ*)·u:
 *
 * 1. **diverged at step k** — a loss or parameter became non-finite at step k; or the run ends above
 *    its starting excess (e_T > e_0) *and* is still growing (the mean of the last two excesses exceeds
 *    the mean of the two GROWTH_WINDOW steps earlier by more than GROWTH_MIN); then k is the first step
 *    after which e_t stays above e_0.
 * 2. **too large** — the path overshoots the valley floor: s_t changes sign between two steps, both
 *    |s| above tol = OVERSHOOT_TOLERANCE·‖θ_0 − θ*‖; or it crosses in small steps (momentum) and
 *    then swings more than SMOOTH_SWING·tol beyond the floor. Then `oscillating` if it still reached the bottom
 *    (rule 3's test), else `stalled`.
 * 3. **just right** — no overshoot and e_T ≤ REACHED_FRACTION·e_0: it reached the bottom in the budget.
 * 4. **too small** — otherwise: it moved without overshooting but did not get there.
 *
 * With gradient noise of σ > 0 the path jitters across the floor by itself, and the loss settles
 * on a noise floor instead of reaching the bottom, so three tests change: growth compares the means
 * of the last two quarters (see `grows`); overshoot means that s_t is
 * anti-correlated from one step to the next over the second half of the run (the mean of
 * s_t·s_{t+1}/(s_t² + s_{t+1}²) is negative: on a quadratic its expectation has the sign of 1 − ηλmax,
 * noise or not); and a run has also reached the bottom when the mean excess over its last quarter
 * is within NOISE_FLOOR_MARGIN times the noise floor of gradient descent. That floor, for
 * g̃ = ∇L + σz near a minimum with Hessian eigenvalues λᵢ, is the stationary excess
 * Σᵢ λᵢη²σ²/(2(1 − (1 − ηλᵢ)²)) = Σᵢ ησ²/(2(2 − ηλᵢ)), between P·ησ²/4 and P·ησ²/2 for any
 * λᵢ with ηλᵢ ≤ 1: so the bound P·ησ²/2 needs no knowledge of the Hessian.
 *
 * On a quadratic the error along eigenvector i is multiplied by (1 − ηλᵢ) each step, so rule 2
 * fires when η > 1/λmax and rule 1 when η > 2/λmax (given enough steps): the boundaries of these
 * verdicts are the theoretical ones (docs/THEORY.md, Gradient descent on a quadratic), up to a band
 * just above 1/λmax where the first overshoot, |1 − ηλmax|·|s_0|, is smaller than the rounding
 * tolerance (η below about 1.003/λmax for the default bowl).
 */
export function verdictOf(run: Trajectory, scene: Scene, noise = 0): Verdict {
  if (run.nonFiniteAt !== undefined) return { kind: 'diverged', divergedAt: run.nonFiniteAt };
  const T = run.losses.length - 1;
  if (T < 1) return { kind: 'too-small' };
  if (scene.minima.length === 0) return curveVerdict(run, noise);
  const min = nearestMinimum(run, scene);
  const excess = (t: number) => Math.max(0, (run.losses[t] ?? 0) - min.loss);
  const e0 = excess(0);

  if (grows(excess, T, e0, noise)) {
    let k = T;
    while (k > 0 && excess(k - 1) > e0) k--;
    return { kind: 'diverged', divergedAt: k };
  }

  const reached =
    excess(T) <= REACHED_FRACTION * e0 ||
    (noise > 0 && onNoiseFloor(excess, T, run.lr * noise * noise * scene.dims));
  if (noise > 0 ? anticorrelated(run, scene.dims, min) : overshoots(run, scene.dims, min))
    return { kind: 'too-large', detail: reached ? 'oscillating' : 'stalled' };
  return { kind: reached ? 'just-right' : 'too-small' };
}

/** A rise of the loss from one step to the next by more than this fraction is not rounding. */
export const RISE_TOLERANCE = 1e-4;
/** A run has settled when its last PLATEAU_FRACTION of steps lowered the loss by under 1 %. */
export const PLATEAU_FRACTION = 0.1;

/**
 * The verdict of a run on a loss whose minimum is unknown (a network), from its loss curve alone,
 * with L_t ≥ 0:
 *
 * 1. **diverged** — as rule 1, with the loss itself for the excess;
 * 2. **too large** — the loss rises from one step to the next by more than RISE_TOLERANCE
 *    relative (full-batch gradient descent with η below 2/L, L the gradient's Lipschitz constant,
 *    never raises the loss: the descent lemma, e.g. Nesterov 2004, §1.2.3); `oscillating` if it
 *    still settled (rule 3's test), else `stalled`. With noise (minibatches) single rises are
 *    expected, so it needs the last quarter's mean above the quarter before's;
 * 3. **just right** — it settled: over its last PLATEAU_FRACTION of steps the loss fell by less
 *    than 1 % of what it fell in all;
 * 4. **too small** — still falling at the end.
 */
function curveVerdict(run: Trajectory, noise: number): Verdict {
  // A strided trace (`lossEvery`, src/core/experiment.ts trainLossEvery) is judged on its recorded
  // points as a curve of its own, t indexing them: each rule compares values of the curve far apart
  // (quarters, the last tenth, the start) or one recorded value with the one before, so it reads the
  // same trend on every e-th point as on every point, only sampled; a run that leaves the numbers is
  // cut at its first non-finite recorded point or parameter (cutAtNonFinite) and is diverged by
  // rule 0 above at that step. divergedAt is turned back into a step.
  const T = run.losses.length - 1;
  const loss = (t: number) => Math.max(0, run.losses[t] ?? 0);
  const l0 = loss(0);
  if (grows(loss, T, l0, noise)) {
    let k = T;
    while (k > 0 && loss(k - 1) > l0) k--;
    return { kind: 'diverged', divergedAt: stepOfLoss(run, k) };
  }
  const tail = Math.max(1, Math.round(T * PLATEAU_FRACTION));
  const fell = l0 - loss(T);
  const settled = fell > 0 && loss(T - tail) - loss(T) <= REACHED_FRACTION * fell;
  let rises: boolean;
  if (noise > 0) {
    const q = Math.max(1, Math.floor(T / 4));
    let last = 0;
    let before = 0;
    for (let i = 0; i < q; i++) {
      last += loss(T - i);
      before += loss(Math.max(0, T - q - i));
    }
    rises = last > before;
  } else {
    rises = false;
    for (let t = 1; t <= T && !rises; t++) {
      rises = loss(t) > loss(t - 1) * (1 + RISE_TOLERANCE);
    }
  }
  if (rises) return { kind: 'too-large', detail: settled ? 'oscillating' : 'stalled' };
  return { kind: settled ? 'just-right' : 'too-small' };
}

/**
 * Rule 1's sustained growth above the start. Without noise: the mean of the last two excesses beats
 * that of the two GROWTH_WINDOW steps earlier (an even window that leaves step 0 out, so a short run
 * onto a 2-cycle is not growth). With noise, single values jump about, so quarters are compared: the
 * last quarter's mean excess must be above e_0 and NOISE_GROWTH times the quarter before's; a stable
 * run hovers on its noise floor (ratio ≈ 1), an unstable one multiplies by |1 − ηλmax|² every step.
 */
function grows(excess: (t: number) => number, T: number, e0: number, noise: number): boolean {
  if (noise > 0) {
    const q = Math.floor(T / 4);
    if (q < 1) return false;
    let last = 0;
    let before = 0;
    for (let i = 0; i < q; i++) {
      last += excess(T - i);
      before += excess(T - q - i);
    }
    return last / q > e0 && last > NOISE_GROWTH * before;
  }
  const W = Math.min(GROWTH_WINDOW, T - 2 - ((T - 2) % 2));
  if (W < 2 || excess(T) <= e0) return false;
  const recent = (excess(T) + excess(T - 1)) / 2;
  const earlier = (excess(T - W) + excess(T - W - 1)) / 2;
  return recent > earlier * (1 + GROWTH_MIN);
}

/** The minimum nearest to where the run ends: the one it is judged against (scenes may have several). */
export function nearestMinimum(run: Trajectory, scene: Scene): Minimum {
  const P = scene.dims;
  const T = run.losses.length - 1;
  let best = scene.minima[0]!;
  let bestD = Infinity;
  for (const m of scene.minima) {
    let d = 0;
    for (let p = 0; p < P; p++) d += ((run.path[T * P + p] ?? 0) - (m.theta[p] ?? 0)) ** 2;
    if (d < bestD) {
      bestD = d;
      best = m;
    }
  }
  return best;
}

/** s_t = (θ_t − θ*)·u, the displacement along the sharpest direction at the minimum. */
function alongSharp(run: Trajectory, P: number, min: Minimum): (t: number) => number {
  return (t) => {
    let s = 0;
    for (let p = 0; p < P; p++) {
      s += ((run.path[t * P + p] ?? 0) - (min.theta[p] ?? 0)) * (min.sharpDirection[p] ?? 0);
    }
    return s;
  };
}

/** Mean excess of the last quarter within the margin of the noise-floor bound (ησ²P)/2. */
function onNoiseFloor(excess: (t: number) => number, T: number, etaSigma2P: number): boolean {
  const q = Math.max(1, Math.floor(T / 4));
  let sum = 0;
  for (let i = 0; i < q; i++) sum += excess(T - i);
  return sum / q <= (NOISE_FLOOR_MARGIN * etaSigma2P) / 2;
}

function anticorrelated(run: Trajectory, P: number, min: Minimum): boolean {
  const along = alongSharp(run, P, min);
  const T = run.losses.length - 1;
  let sum = 0;
  let pairs = 0;
  for (let t = Math.floor(T / 2); t < T; t++) {
    const a = along(t);
    const b = along(t + 1);
    const norm = a * a + b * b;
    if (norm > 0) {
      sum += (a * b) / norm;
      pairs++;
    }
  }
  return pairs > 0 && sum / pairs < 0;
}

function overshoots(run: Trajectory, P: number, min: Minimum): boolean {
  const steps = run.losses.length;
  const along = alongSharp(run, P, min);
  let r0 = 0;
  for (let p = 0; p < P; p++) r0 += ((run.path[p] ?? 0) - (min.theta[p] ?? 0)) ** 2;
  const tol = OVERSHOOT_TOLERANCE * Math.sqrt(r0);
  // Gradient descent jumps across the floor: two consecutive clear values (|s| > tol) of opposite
  // sign. Momentum crosses it in small steps, so the values either side of the crossing can both
  // be within the tolerance: such a smooth crossing counts once the swing beyond the floor exceeds
  // SMOOTH_SWING tolerances, which a curved path that merely passes the minimum's plane far from it
  // (Himmelblau) does not reach, while rounding noise around a floor approached from one side never
  // makes a clear value at all.
  let side = 0;
  let prevClear = false;
  let crossed = false;
  for (let t = 0; t < steps; t++) {
    const s = along(t);
    const clear = Math.abs(s) > tol;
    if (clear) {
      if (side !== 0 && Math.sign(s) !== side) {
        if (prevClear) return true;
        crossed = true;
      }
      if (crossed && Math.abs(s) > SMOOTH_SWING * tol) return true;
      side = Math.sign(s);
    }
    prevClear = clear;
  }
  return false;
}
