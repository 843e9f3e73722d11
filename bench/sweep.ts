/**
 * `sweep_k64_over_k1`: one batched sweep of 64 learning rates against one run of a single learning
 * rate, same scene, steps and backend, through the same entry point (`runSweep`, which trains,
 * cuts and labels). Whole trajectories are dispatch-bound (docs/THEORY.md, Dispatch-bound
 * training), so the ratio stays small.
 */
import { makeScene, type SceneId } from '../src/core/scenes';
import { sweepLrs } from '../src/core/sweep';
import { runSweep } from '../src/train/analysis';
import type { TF } from '../src/train/tf';
import { benchExperiment } from './experiment';
import { median } from './stats';

const WARMUP = 2;
const REPS = 9;
const COUNT = 64;

/** Median over REPS of (64-rate sweep ms ÷ 1-rate run ms), the two timed back to back each time. */
export async function benchSweep(
  tf: TF,
  scene: SceneId,
): Promise<{ ratio: number; sweepMs: number; singleMs: number }> {
  const s = makeScene(scene, { kappa: 10 });
  const exp = benchExperiment(scene, [], s.defaultSteps);
  const lrs = sweepLrs(10 ** s.lrRange[0], 10 ** s.lrRange[1], COUNT);
  const one = [s.defaultLrs[1]!];
  const time = async (x: readonly number[]) => {
    const t0 = performance.now();
    if (!(await runSweep(tf, exp, x))) throw new Error('sweep cancelled');
    return performance.now() - t0;
  };
  const ratios: number[] = [];
  const sweeps: number[] = [];
  const singles: number[] = [];
  for (let r = 0; r < WARMUP + REPS; r++) {
    const k64 = await time(lrs);
    const k1 = await time(one);
    if (r < WARMUP) continue;
    ratios.push(k64 / k1);
    sweeps.push(k64);
    singles.push(k1);
  }
  return { ratio: median(ratios), sweepMs: median(sweeps), singleMs: median(singles) };
}
