import { settingKey, type Experiment, type RunResult } from '../core/experiment';
import type { Scene } from '../core/scenes';
import { cutAtNonFinite } from '../core/trajectory';
import { verdictOf } from '../core/verdict';
import { fingerprint } from '../core/fingerprint';
import { hasOwnOptimizer } from '../core/runOptimizers';
import type { BackendName } from '../core/backends';
import type { ExperimentResult, SliderGrid } from '../protocol/results';
import type { BackendChoice } from '../url/state';

/** Same experiment apart from the learning rates: the runs' numbers are comparable. */
export function sameSetting(a: Experiment, b: Experiment): boolean {
  return settingKey(a) === settingKey(b);
}

/** A slider grid as the main thread keeps it, with each learning rate's row. */
export interface SliderGridRows {
  readonly backend: BackendName;
  /** The backend choice of the request it came with: a different choice may train elsewhere. */
  readonly choice: BackendChoice;
  readonly grid: SliderGrid;
  /** Rows are bit for bit what a request would train, not only previews. */
  readonly exact: boolean;
  readonly rows: Map<number, number>;
}

export interface DisplayRuns {
  /** One entry per requested learning rate: the exact run, a row of the slider grid, or nothing yet. */
  readonly runs: readonly (RunResult | undefined)[];
  /** Every entry is an exact run of the current parameters (from the result or an exact grid). */
  readonly exact: boolean;
  /** The fingerprint of these runs' losses when they are exact. */
  readonly fingerprint?: string;
  /** Exact runs drawn from the slider grid: no need to wait for the worker's answer. */
  readonly fromGrid: boolean;
}

/**
 * What to draw for the requested parameters: exact runs where the latest result has them, else the
 * slider grid's row for that learning rate (trained on the same backend, so a preview that the exact
 * run replaces a moment later), else nothing.
 */
export function displayRuns(
  wanted: Experiment & { readonly backend: string },
  scene: Scene,
  latest: { readonly result: ExperimentResult; readonly choice: BackendChoice } | undefined,
  grid: SliderGridRows | undefined,
  backend: string | undefined,
): DisplayRuns {
  // A result answers these parameters only if it was trained for the same backend choice, too.
  const result =
    latest && latest.choice === wanted.backend && sameSetting(latest.result.experiment, wanted)
      ? latest.result
      : undefined;
  const usable =
    grid &&
    grid.backend === backend &&
    grid.choice === wanted.backend &&
    sameSetting(grid.grid.experiment, wanted);
  const g = usable ? grid : undefined;
  let fromResult = result !== undefined && result.runs.length === wanted.lrs.length;
  let exact = true;
  const runs = wanted.lrs.map((lr, i) => {
    const run = result?.runs[i];
    if (run && run.lr === lr) return run;
    fromResult = false;
    // The grid trains the experiment's own optimizer: a run with another has no row there.
    const row = hasOwnOptimizer(wanted, i) ? undefined : g?.rows.get(lr);
    if (!g || row === undefined) {
      exact = false;
      return undefined;
    }
    if (!g.exact) exact = false;
    const t = cutAtNonFinite(lr, g.grid.losses[row]!, g.grid.paths[row]!, scene.dims);
    return { ...t, verdict: verdictOf(t, scene, wanted.noise) };
  });
  if (fromResult) return { runs, exact: true, fingerprint: result?.fingerprint, fromGrid: false };
  if (!exact) return { runs, exact: false, fromGrid: false };
  const print = fingerprint(runs.map((r) => r?.losses ?? []));
  return { runs, exact: true, fingerprint: print, fromGrid: true };
}

/** Row index of each learning rate in a slider grid. */
export function gridRows(grid: SliderGrid): Map<number, number> {
  return new Map(grid.experiment.lrs.map((lr, i) => [lr, i]));
}
