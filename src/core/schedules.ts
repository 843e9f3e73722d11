/** Learning-rate schedules: η_t = η · factor(t). */
export const SCHEDULES = ['constant', 'step', 'exp', 'cosine'] as const;
export type ScheduleKind = (typeof SCHEDULES)[number];

/** A schedule and its parameters, flat so that each one is a URL field. */
export interface ScheduleSpec {
  readonly schedule: ScheduleKind;
  /** Steps of linear warm-up before the schedule starts (0: none); combines with every schedule. */
  readonly warmup: number;
  /** Decay factor: per `every` steps (step) or per step (exp). */
  readonly gamma: number;
  /** Steps between decays (step). */
  readonly every: number;
}

/** Which parameters each schedule reads (warm-up applies to all). */
export const SCHEDULE_PARAMS: Record<ScheduleKind, readonly ('gamma' | 'every')[]> = {
  constant: [],
  step: ['gamma', 'every'],
  exp: ['gamma'],
  cosine: [],
};

export const DEFAULT_SCHEDULE: ScheduleSpec = {
  schedule: 'constant',
  warmup: 0,
  gamma: 0.5,
  every: 20,
};

/** The default decay factor per schedule: halve every 20 steps, or lose 3% per step. */
export const DEFAULT_GAMMA: Record<ScheduleKind, number> = {
  constant: 0.5,
  step: 0.5,
  exp: 0.97,
  cosine: 0.5,
};

/**
 * factor(t) for the update of step t (t = 0..T−1) of a T-step run. With W warm-up steps:
 *
 * - t < W:  (t + 1)/W  (linear warm-up, Goyal et al. 2017, so the first step is not zero);
 * - after, with s = t − W and S = T − W the steps left:
 *   - constant: 1
 *   - step:     γ^⌊s/every⌋
 *   - exp:      γ^s
 *   - cosine:   ½(1 + cos(π s/S))  (SGDR without restarts, Loshchilov & Hutter 2017, down to 0).
 */
export function scheduleFactor(spec: ScheduleSpec, t: number, T: number): number {
  const W = Math.min(spec.warmup, T);
  if (t < W) return (t + 1) / W;
  return SCHEDULE_FACTOR[spec.schedule](spec, t - W, T - W);
}

/**
 * Each schedule's factor after the warm-up, at s steps past it with S steps left in all (formulas
 * in scheduleFactor's comment). A new schedule fails to compile until it has an entry here.
 */
const SCHEDULE_FACTOR: Record<ScheduleKind, (spec: ScheduleSpec, s: number, S: number) => number> =
  {
    constant: () => 1,
    step: (spec, s) => spec.gamma ** Math.floor(s / Math.max(1, spec.every)),
    exp: (spec, s) => spec.gamma ** s,
    cosine: (_, s, S) => 0.5 * (1 + Math.cos((Math.PI * s) / Math.max(1, S))),
  };

/** factor(t) for t = 0..T−1. */
export function scheduleFactors(spec: ScheduleSpec, T: number): Float64Array {
  const out = new Float64Array(T);
  for (let t = 0; t < T; t++) out[t] = scheduleFactor(spec, t, T);
  return out;
}

/** True when every factor is 1, so trainers can skip the multiplication. */
export function isConstant(factors: ArrayLike<number>): boolean {
  for (let i = 0; i < factors.length; i++) if (factors[i] !== 1) return false;
  return true;
}
