import { contourPaths, type ContourPath } from '../../charts/contourPaths';
import { contourPlot } from '../../charts/contours2d';
import { FIGURE_HEIGHT, FIGURE_WIDTH } from '../../charts/figure';
import { makeScene } from '../../core/scenes';
import { sliceViewScene } from '../../core/scenes/sliceView';
import type { ExperimentResult } from '../../train/experiment';
import type { Frame } from '../runInputs';

/**
 * A 2-D surface's contour lines for the standard figure size, traced as the worker traces them
 * (src/worker/trainService.ts) so a figure drawn outside the page has the same lines.
 */
export function resultContours(result: ExperimentResult): ContourPath[] | undefined {
  const { surface, slice } = result;
  if (surface.dims !== 2) return undefined;
  const [xr = [0, 1], yr = [0, 1]] = slice
    ? [slice.window.alpha, slice.window.beta]
    : makeScene(result.experiment.scene, result.experiment).view;
  return contourPaths(
    surface,
    contourPlot(FIGURE_WIDTH, FIGURE_HEIGHT, [
      [xr[0], xr[1]],
      [yr[0], yr[1]],
    ]),
  );
}

/**
 * What the page draws for a finished result of its own parameters (App's frame when every run is
 * exact): the scene (a network in the plane of its slice), surface, contours, runs and, for data
 * scenes, each run's validation curve. Used where there is no page: `npm run figure`.
 */
export function resultFrame(result: ExperimentResult): Frame {
  const trained = makeScene(result.experiment.scene, result.experiment);
  const { slice, data } = result;
  return {
    scene: slice ? sliceViewScene(trained, slice.window, slice.names) : trained,
    draggable: false,
    steps: result.experiment.steps,
    surface: result.surface,
    contours: resultContours(result),
    start: result.start,
    runs: result.runs,
    validation:
      data &&
      result.runs.map((_, i) =>
        data.val[i]
          ? {
              losses: data.val[i],
              bestStep: data.bestStep[i]!,
              stopStep: data.stopStep[i]!,
              test: data.test[i]!,
            }
          : undefined,
      ),
  };
}
