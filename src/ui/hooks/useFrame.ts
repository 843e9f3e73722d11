import { useMemo } from 'react';
import type { Scene } from '../../core/scenes';
import type { ExperimentResult } from '../../protocol/results';
import type { ContourPath } from '../../geometry/contours';
import type { LabState } from '../../url/state';
import { sameSetting, type DisplayRuns } from '../displayRuns';
import type { Frame } from '../runInputs';
import { frameOf } from '../figure/resultFrame';

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
    return frameOf(result, {
      runs: own
        ? display.runs.map(
            (r, i) => r ?? (result.runs[i]?.lr === state.lrs[i] ? result.runs[i] : undefined),
          )
        : result.runs,
      ...(own ? { scene } : {}),
      contours,
      draggable: true,
      concealed,
    });
  }, [result, state, scene, display, contours, concealed]);
}
