import type { Experiment, RunResult } from '../core/experiment';
import type { Scene } from '../core/scenes';
import { cutAtNonFinite } from '../core/trajectory';
import { verdictOf } from '../core/verdict';
import type { ExperimentResult } from '../train/experiment';
import type { SliderGrid } from '../train/sliderGrid';

/** Same experiment apart from the learning rates: the runs' numbers are comparable. */
export function sameSetting(a: Experiment, b: Experiment): boolean {
  return (
    a.scene === b.scene &&
    a.kappa === b.kappa &&
    a.seed === b.seed &&
    a.steps === b.steps &&
    a.noise === b.noise
  );
}

export interface DisplayRuns {
  /** One entry per requested learning rate: the exact run, a preview from the slider grid, or nothing yet. */
  readonly runs: readonly (RunResult | undefined)[];
  /** Every entry is an exact run of the current parameters. */
  readonly exact: boolean;
}

/**
 * What to draw for the requested parameters: exact runs where the latest result has them, else the
 * slider grid's row for that learning rate (trained on the same backend, so a preview that the exact
 * run replaces a moment later), else nothing.
 */
export function displayRuns(
  wanted: Experiment,
  scene: Scene,
  result: ExperimentResult | undefined,
  grid: { backend: string; grid: SliderGrid; rows: Map<number, number> } | undefined,
  backend: string | undefined,
): DisplayRuns {
  const exactOk = result !== undefined && sameSetting(result.experiment, wanted);
  const usable = grid && grid.backend === backend && sameSetting(grid.grid.experiment, wanted);
  const g = usable ? grid : undefined;
  let exact = true;
  const runs = wanted.lrs.map((lr, i) => {
    const run = exactOk ? result.runs[i] : undefined;
    if (run && run.lr === lr) return run;
    exact = false;
    const row = g?.rows.get(lr);
    if (!g || row === undefined) return undefined;
    const t = cutAtNonFinite(lr, g.grid.losses[row]!, g.grid.paths[row]!, scene.dims);
    return { ...t, verdict: verdictOf(t, scene, wanted.noise) };
  });
  return { runs, exact: exact && exactOk && result.runs.length === wanted.lrs.length };
}

/** Row index of each learning rate in a slider grid. */
export function gridRows(grid: SliderGrid): Map<number, number> {
  return new Map(grid.experiment.lrs.map((lr, i) => [lr, i]));
}
