import { describe, expect, it } from 'vitest';
import {
  DEFAULT_GAMMA,
  DEFAULT_SCHEDULE,
  SCHEDULE_PARAMS,
  SCHEDULES,
  isConstant,
  scheduleFactor,
  scheduleFactors,
  type ScheduleSpec,
} from '../../src/core/schedules';
import { expectClose } from '../helpers/numeric';

/**
 * Schedule factors against values worked out by hand. Powers of ½ and ramps (t + 1)/W are exact or
 * correctly rounded in float64, so those compare with toBe; γ = 0.97 powers and cosines compare to
 * relative 1e-15 (Math.pow and Math.cos are within an ulp or two, 2.2e-16 relative each) and, where
 * the exact value is 0, to absolute 1e-16: cos of the rounded π is −1 + 7e-33, which rounds to −1,
 * so ½(1 + cos π) is 0 up to one rounding of 1.
 */
const REL = 1e-15;

const sched = (over: Partial<ScheduleSpec>): ScheduleSpec => ({ ...DEFAULT_SCHEDULE, ...over });
const T = 100;

describe('scheduleFactor by hand', () => {
  it('constant: 1 at every step', () => {
    expect(Array.from(scheduleFactors(sched({ schedule: 'constant' }), T))).toEqual(
      new Array(T).fill(1),
    );
  });

  it('step: γ^⌊t/every⌋ (γ = ½, every 20: 1 ×20, ½ ×20, ¼ …)', () => {
    const f = scheduleFactors(sched({ schedule: 'step', gamma: 0.5, every: 20 }), T);
    for (let t = 0; t < T; t++) expect(f[t], `t = ${t}`).toBe(0.5 ** Math.floor(t / 20));
    // Spot values by hand: the last step of each plateau and the first of the next.
    expect([f[0], f[19], f[20], f[39], f[40], f[79], f[80], f[99]]).toEqual([
      1, 1, 0.5, 0.5, 0.25, 0.125, 0.0625, 0.0625,
    ]);
    // every = 1 is exp with the same γ; every = 0 is treated as 1 (no division by zero).
    const e1 = scheduleFactors(sched({ schedule: 'step', gamma: 0.5, every: 1 }), 10);
    expect(Array.from(e1)).toEqual([
      1,
      0.5,
      0.25,
      0.125,
      1 / 16,
      1 / 32,
      1 / 64,
      1 / 128,
      1 / 256,
      1 / 512,
    ]);
    expect(scheduleFactors(sched({ schedule: 'step', gamma: 0.5, every: 0 }), 10)).toEqual(e1);
  });

  it('exp: γ^t (γ = ½ exactly; γ = 0.97: 1, 0.97, 0.9409, 0.912673, …)', () => {
    const half = scheduleFactors(sched({ schedule: 'exp', gamma: 0.5 }), 60);
    for (let t = 0; t < 60; t++) expect(half[t]).toBe(2 ** -t);
    const f = scheduleFactors(sched({ schedule: 'exp', gamma: 0.97 }), T);
    [1, 0.97, 0.9409, 0.912673].forEach((want, t) =>
      expectClose(f[t]!, want, { rel: REL }, `t = ${t}`),
    );
    // 0.97^99 = e^{99 ln 0.97} = 0.04902…: by repeated multiplication, accurate to ~100 ulps.
    let p = 1;
    for (let t = 0; t < 99; t++) p *= 0.97;
    expectClose(f[99]!, p, { rel: 1e-13 }, 't = 99');
  });

  it('cosine: ½(1 + cos(πs/S)) is 1 at s = 0, ½ at s = S/2, 0 at s = S', () => {
    const s = sched({ schedule: 'cosine' });
    expect(scheduleFactor(s, 0, T)).toBe(1);
    expectClose(scheduleFactor(s, T / 2, T), 0.5, { rel: REL }, 's = S/2');
    expectClose(scheduleFactor(s, T / 4, T), 0.5 + Math.SQRT1_2 / 2, { rel: REL }, 's = S/4');
    expectClose(scheduleFactor(s, T, T), 0, { rel: 0, abs: 1e-16 }, 's = S');
    // Steps run t = 0..T−1, so the last factor used is ½(1 + cos(π(S−1)/S)) = sin²(π/(2S)) > 0:
    // the run's last step is small but not zero.
    const f = scheduleFactors(s, T);
    expectClose(f[T - 1]!, Math.sin(Math.PI / (2 * T)) ** 2, { rel: 1e-12 }, 'last step');
    expect(f[T - 1]).toBeGreaterThan(0);
    // Decreasing throughout, and symmetric about S/2: f(s) + f(S − s) = 1.
    for (let t = 1; t < T; t++) expect(f[t]!).toBeLessThan(f[t - 1]!);
    for (let t = 1; t < T; t++) {
      expectClose(f[t]! + f[T - t]!, 1, { rel: 1e-15 }, `f(${t}) + f(${T - t})`);
    }
  });

  it('gamma and every are read only by the schedules that list them', () => {
    for (const schedule of SCHEDULES) {
      const base = scheduleFactors(sched({ schedule, gamma: 0.5, every: 20 }), T);
      const g = scheduleFactors(sched({ schedule, gamma: 0.9, every: 20 }), T);
      const e = scheduleFactors(sched({ schedule, gamma: 0.5, every: 7 }), T);
      expect(g.join() !== base.join(), `${schedule} reads gamma`).toBe(
        SCHEDULE_PARAMS[schedule].includes('gamma'),
      );
      expect(e.join() !== base.join(), `${schedule} reads every`).toBe(
        SCHEDULE_PARAMS[schedule].includes('every'),
      );
    }
    expect(DEFAULT_GAMMA.exp).toBe(0.97);
  });
});

describe('warm-up', () => {
  it('(t + 1)/W for t < W, then the schedule with s = t − W (constant, W = 4)', () => {
    const f = scheduleFactors(sched({ schedule: 'constant', warmup: 4 }), 10);
    expect(Array.from(f)).toEqual([0.25, 0.5, 0.75, 1, 1, 1, 1, 1, 1, 1]);
  });

  it('step, W = 8, γ = ½, every 20: the first decay comes 20 steps after the warm-up', () => {
    const f = scheduleFactors(sched({ schedule: 'step', gamma: 0.5, every: 20, warmup: 8 }), T);
    for (let t = 0; t < 8; t++) expect(f[t]).toBe((t + 1) / 8);
    for (let t = 8; t < T; t++) expect(f[t], `t = ${t}`).toBe(0.5 ** Math.floor((t - 8) / 20));
    expect([f[8], f[27], f[28], f[48], f[99]]).toEqual([1, 1, 0.5, 0.25, 0.0625]);
  });

  it('exp, W = 16: γ^(t − W) after the ramp', () => {
    const f = scheduleFactors(sched({ schedule: 'exp', gamma: 0.5, warmup: 16 }), 40);
    expect(f[0]).toBe(1 / 16);
    expect(f[15]).toBe(1);
    for (let t = 16; t < 40; t++) expect(f[t]).toBe(2 ** -(t - 16));
  });

  it('cosine, W = 20 of T = 100: the cosine spans the S = 80 steps left', () => {
    const s = sched({ schedule: 'cosine', warmup: 20 });
    expect(scheduleFactor(s, 19, T)).toBe(1);
    expect(scheduleFactor(s, 20, T)).toBe(1); // s = 0
    expectClose(scheduleFactor(s, 60, T), 0.5, { rel: REL }, 's = S/2 = 40');
    expectClose(scheduleFactor(s, T, T), 0, { rel: 0, abs: 1e-16 }, 's = S');
    const f = scheduleFactors(s, T);
    expect(f[0]).toBe(1 / 20);
    expectClose(f[T - 1]!, Math.sin(Math.PI / (2 * 80)) ** 2, { rel: 1e-12 }, 'last step');
  });

  it('W = 0 and W = 1 change nothing but the first step (W = 1: factor 1/1 = 1, then shifted by 1)', () => {
    const plain = scheduleFactors(sched({ schedule: 'exp', gamma: 0.5 }), 10);
    expect(scheduleFactors(sched({ schedule: 'exp', gamma: 0.5, warmup: 0 }), 10)).toEqual(plain);
    const w1 = scheduleFactors(sched({ schedule: 'exp', gamma: 0.5, warmup: 1 }), 10);
    expect(Array.from(w1)).toEqual([1, ...Array.from(plain.subarray(0, 9))]);
  });

  it('warm-up longer than the run: the ramp is cut to the run, (t + 1)/T, ending at 1', () => {
    // W = min(warmup, T): a 200-step warm-up in a 64-step run ramps 1/64, 2/64, …, 64/64, whatever
    // the schedule (it never starts).
    for (const schedule of SCHEDULES) {
      const f = scheduleFactors(sched({ schedule, warmup: 200 }), 64);
      expect(Array.from(f), schedule).toEqual(Array.from({ length: 64 }, (_, t) => (t + 1) / 64));
    }
    // Equal to the run: the same.
    const eq = scheduleFactors(sched({ schedule: 'cosine', warmup: 64 }), 64);
    expect(eq[63]).toBe(1);
  });
});

describe('scheduleFactors and isConstant', () => {
  it('scheduleFactors(spec, T)[t] is scheduleFactor(spec, t, T), T of them', () => {
    for (const schedule of SCHEDULES) {
      const s = sched({ schedule, gamma: 0.8, every: 7, warmup: 5 });
      const f = scheduleFactors(s, 37);
      expect(f).toHaveLength(37);
      for (let t = 0; t < 37; t++) expect(f[t]).toBe(scheduleFactor(s, t, 37));
    }
    expect(scheduleFactors(DEFAULT_SCHEDULE, 0)).toHaveLength(0);
  });

  it('every factor is in (0, 1] for γ in (0, 1]', () => {
    for (const schedule of SCHEDULES) {
      for (const warmup of [0, 10]) {
        const f = scheduleFactors(sched({ schedule, gamma: 0.9, every: 3, warmup }), T);
        for (const x of f) {
          expect(x).toBeGreaterThan(0);
          expect(x).toBeLessThanOrEqual(1);
        }
      }
    }
  });

  it('isConstant: only all-ones', () => {
    expect(isConstant(scheduleFactors(DEFAULT_SCHEDULE, T))).toBe(true);
    expect(isConstant([])).toBe(true);
    expect(isConstant(scheduleFactors(sched({ warmup: 2 }), T))).toBe(false);
    expect(isConstant(scheduleFactors(sched({ schedule: 'cosine' }), T))).toBe(false);
    // step with every ≥ T never decays: constant.
    expect(isConstant(scheduleFactors(sched({ schedule: 'step', every: T }), T))).toBe(true);
  });
});
