import { contourPaths, contourPlot, type ContourPath } from '../../geometry/contours';
import { FIGURE_HEIGHT, FIGURE_WIDTH } from '../../geometry/figure';
import { mixedOptimizers, runOptimizerOf } from '../../core/runOptimizers';
import { makeScene, type Scene } from '../../core/scenes';
import { sliceViewScene } from '../../core/scenes/sliceView';
import type { ExperimentResult } from '../../protocol/results';
import type { Frame } from '../runInputs';

/**
 * A 2-D surface's contour lines for the standard figure size, traced as the worker traces them
 * (src/worker/trainHandler.ts) so a figure drawn outside the page has the same lines.
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
 * What the two views draw for a result: the scene it trained (a network in the plane of its slice),
 * surface, contours, `runs` (the result's own unless the page previews others in their places) and,
 * for data scenes, the validation curve of each run the result itself trained.
 */
export function frameOf(
  result: ExperimentResult,
  {
    runs = result.runs,
    scene = makeScene(result.experiment.scene, result.experiment),
    contours,
    draggable,
    concealed,
  }: {
    runs?: Frame['runs'];
    /** The trained scene, when the caller already has it. */
    scene?: Scene;
    contours: ContourPath[] | undefined;
    draggable: boolean;
    concealed?: boolean;
  },
): Frame {
  const { slice, data } = result;
  return {
    scene: slice ? sliceViewScene(scene, slice.window, slice.names) : scene,
    draggable: draggable && !slice,
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
    ...(concealed === undefined ? {} : { concealed }),
    // Runs of several optimizers: each run's, so the legend tells them apart.
    ...(mixedOptimizers(result.experiment)
      ? {
          optimizers: result.experiment.lrs.map(
            (_, i) => runOptimizerOf(result.experiment, i).optimizer,
          ),
        }
      : {}),
  };
}

/** A finished result of its own parameters, drawn where there is no page (`npm run figure`). */
export function resultFrame(result: ExperimentResult): Frame {
  return frameOf(result, { contours: resultContours(result), draggable: false });
}
