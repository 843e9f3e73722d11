import { useMemo } from 'react';
import { makeScene, type Scene } from '../../core/scenes';
import { sliceViewScene } from '../../core/scenes/sliceView';
import type { ExperimentResult } from '../../train/experiment';
import type { ContourPath } from '../../charts/contourPaths';
import type { LabState } from '../../url/state';
import { sameSetting, type DisplayRuns } from '../displayRuns';
import type { Frame } from '../runInputs';
import { mixedOptimizers, runOptimizerOf } from '../../core/runOptimizers';

/**
 * What the two views draw: the latest result's own scene, with the wanted runs (exact or previewed)
 * once they belong to it. While a run is retrained (another backend, say) its last exact result
 * stays drawn; validation belongs to the result's own runs (a slider preview has none until it
 * trains).
 */
export function useFrame(
  result: ExperimentResult | undefined,
  state: LabState,
  scene: Scene,
  display: DisplayRuns,
  contours: ContourPath[] | undefined,
  concealed: boolean,
): Frame | undefined {
  return useMemo((): Frame | undefined => {
    if (!result) return undefined;
    const own = sameSetting(result.experiment, state);
    const runs = own
      ? display.runs.map(
          (r, i) => r ?? (result.runs[i]?.lr === state.lrs[i] ? result.runs[i] : undefined),
        )
      : result.runs;
    const data = result.data;
    const trained = own ? scene : makeScene(result.experiment.scene, result.experiment);
    const slice = result.slice;
    return {
      // A network is drawn in the plane of its slice.
      scene: slice ? sliceViewScene(trained, slice.window, slice.names) : trained,
      draggable: !slice,
      steps: result.experiment.steps,
      surface: result.surface,
      contours,
      start: result.start,
      runs,
      validation:
        data &&
        runs.map((r, i) =>
          r && result.runs[i]?.lr === r.lr && data.val[i]
            ? {
                losses: data.val[i],
                bestStep: data.bestStep[i]!,
                stopStep: data.stopStep[i]!,
                test: data.test[i]!,
              }
            : undefined,
        ),
      concealed,
      // Runs of several optimizers: each run's, so the legend tells them apart.
      ...(mixedOptimizers(result.experiment)
        ? {
            optimizers: result.experiment.lrs.map(
              (_, i) => runOptimizerOf(result.experiment, i).optimizer,
            ),
          }
        : {}),
    };
  }, [result, state, scene, display, contours, concealed]);
}
