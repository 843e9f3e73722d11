/**
 * The Node runner's plan (bench/gpuNode.ts) from its environment: the full DEVICE_PLAN unless
 * GPU_BENCH_* variables shorten it (a check on SwiftShader, which is hundreds of times slower per
 * dispatch than a GPU). Bad values are refused with the variable named, never guessed at.
 */
import { FUSED_SCENES, type FusedScene } from '../../src/train/fused/analyticKernel';
import { DEVICE_PLAN, type GpuPlan } from './measure';

type Env = Readonly<Record<string, string | undefined>>;

function ints(env: Env, name: string, fallback: readonly number[]): number[] {
  const raw = env[name];
  if (raw === undefined) return [...fallback];
  const out = raw
    .split(',')
    .filter((s) => s.trim() !== '')
    .map(Number);
  if (out.some((x) => !Number.isInteger(x) || x < 1)) {
    throw new Error(`${name}=${raw}: expected positive integers, comma-separated`);
  }
  return out;
}

function int(env: Env, name: string, fallback: number): number {
  const xs = ints(env, name, [fallback]);
  if (xs.length !== 1) throw new Error(`${name}=${env[name]}: expected one positive integer`);
  return xs[0]!;
}

export function planFromEnv(env: Env): GpuPlan {
  const scenes = (env.GPU_BENCH_SCENES ?? DEVICE_PLAN.scenes.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = scenes.filter((s) => !(FUSED_SCENES as readonly string[]).includes(s));
  if (bad.length || !scenes.length) {
    throw new Error(
      `GPU_BENCH_SCENES=${env.GPU_BENCH_SCENES}: expected some of ${FUSED_SCENES.join(', ')}`,
    );
  }
  return {
    ...DEVICE_PLAN,
    scenes: scenes as FusedScene[],
    ks: ints(env, 'GPU_BENCH_KS', DEVICE_PLAN.ks),
    reps: int(env, 'GPU_BENCH_REPS', DEVICE_PLAN.reps),
    mlpKs: ints(env, 'GPU_BENCH_MLP_KS', DEVICE_PLAN.mlpKs),
    mlpEpochs: int(env, 'GPU_BENCH_MLP_EPOCHS', DEVICE_PLAN.mlpEpochs),
  };
}
