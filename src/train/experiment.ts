import { setUp, summarise, type Experiment, type RunResult } from '../core/experiment';
import { scheduleFactors } from '../core/schedules';
import { cutAtNonFinite } from '../core/trajectory';
import { sceneOps } from './sceneLoss';
import { sceneSurface, type Surface } from './surfaceGrid';
import type { TF } from './tf';
import { trainBatched, type TrainHooks } from './trainer';

export interface ExperimentResult {
  /** What was trained: the runs answer exactly these parameters. */
  readonly experiment: Experiment;
  readonly runs: RunResult[];
  readonly fingerprint: string;
  readonly start: number[];
  readonly surface: Surface;
  /** Wall time of the batched training alone. */
  readonly trainMs: number;
}

/**
 * Trains all runs of an experiment as one batch on the active backend, evaluates the surface with
 * the same batched loss, and labels the runs. Resolves null if cancelled.
 */
export async function runExperiment(
  tf: TF,
  exp: Experiment,
  hooks: TrainHooks & { now: () => number },
  surfaces: Map<string, Surface> = new Map(),
): Promise<ExperimentResult | null> {
  const { scene, start, noise } = setUp(exp);
  const ops = sceneOps(tf, exp.scene, { kappa: exp.kappa });
  try {
    const t0 = hooks.now();
    const out = await trainBatched(tf, ops, trainRequest(exp, exp.lrs, start, noise), hooks);
    const trainMs = hooks.now() - t0;
    if (!out) return null;
    // The surface depends on the scene alone; keyed by backend too, since values differ in the last bits.
    const key = `${exp.scene}/${exp.kappa}/${tf.getBackend()}`;
    const surface = surfaces.get(key) ?? (await sceneSurface(tf, scene, ops.loss));
    surfaces.set(key, surface);
    const trajectories = exp.lrs.map((lr, k) =>
      cutAtNonFinite(lr, out.losses[k]!, out.paths[k]!, scene.dims),
    );
    return {
      experiment: exp,
      ...summarise(scene, trajectories, exp.noise),
      start,
      surface,
      trainMs,
    };
  } finally {
    ops.dispose();
  }
}

/** The trainer's request for an experiment's optimizer and schedule, with the given learning rates. */
export function trainRequest(
  exp: Experiment,
  lrs: readonly number[],
  start: readonly number[],
  noise: Float64Array,
) {
  return {
    lrs,
    steps: exp.steps,
    start,
    noise,
    optimizer: exp,
    factors: scheduleFactors(exp, exp.steps),
  };
}

/** Milliseconds per step for a short run of this experiment's shape, after a warm-up run. */
export async function probeStepMs(tf: TF, exp: Experiment, now: () => number): Promise<number> {
  const { start } = setUp(exp);
  const ops = sceneOps(tf, exp.scene, { kappa: exp.kappa });
  const steps = 30;
  try {
    const req = {
      ...trainRequest({ ...exp, steps }, exp.lrs, start, new Float64Array(0)),
      chunk: steps + 1,
    };
    await trainBatched(tf, ops, { ...req, steps: 5, factors: undefined });
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = now();
      await trainBatched(tf, ops, req);
      times.push((now() - t0) / steps);
    }
    return times.sort((a, b) => a - b)[1]!;
  } finally {
    ops.dispose();
  }
}
