import { describe, expect, it } from 'vitest';
import { DEVICE_PLAN } from '../../bench/gpu/measure';
import { planFromEnv } from '../../bench/gpu/plan';

describe('planFromEnv', () => {
  it('is the full device plan when nothing is set', () => {
    const plan = planFromEnv({});
    expect(plan).toEqual(DEVICE_PLAN);
    // The rows: both analytic scenes at K = 1…256, the network at K = 4 and 64.
    expect(plan.scenes).toEqual(['valley', 'rosenbrock']);
    expect(plan.ks).toEqual([1, 16, 64, 256]);
    expect(plan.mlpKs).toEqual([4, 64]);
  });

  it('takes a shorter plan for a check on SwiftShader', () => {
    const plan = planFromEnv({
      GPU_BENCH_SCENES: 'valley',
      GPU_BENCH_KS: '1,64',
      GPU_BENCH_REPS: '1',
      GPU_BENCH_MLP_KS: '',
      GPU_BENCH_MLP_EPOCHS: '2',
    });
    expect(plan).toEqual({
      ...DEVICE_PLAN,
      scenes: ['valley'],
      ks: [1, 64],
      reps: 1,
      mlpKs: [],
      mlpEpochs: 2,
    });
  });

  it('refuses bad values, naming the variable', () => {
    expect(() => planFromEnv({ GPU_BENCH_KS: '1,x' })).toThrow(/GPU_BENCH_KS=1,x/);
    expect(() => planFromEnv({ GPU_BENCH_KS: '0' })).toThrow(/positive integers/);
    expect(() => planFromEnv({ GPU_BENCH_REPS: '2,3' })).toThrow(/GPU_BENCH_REPS.*one/);
    expect(() => planFromEnv({ GPU_BENCH_SCENES: 'valley,bowl' })).toThrow(/GPU_BENCH_SCENES/);
    expect(() => planFromEnv({ GPU_BENCH_SCENES: '' })).toThrow(/GPU_BENCH_SCENES/);
  });
});
