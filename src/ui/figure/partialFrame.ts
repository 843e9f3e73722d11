import type { Experiment } from '../../core/experiment';
import { mixedOptimizers, runOptimizerOf } from '../../core/runOptimizers';
import type { Scene } from '../../core/scenes';
import type { PartialLosses, Surface } from '../../protocol/results';
import type { BackendChoice } from '../../url/state';
import { sameSetting } from '../displayRuns';
import type { Frame, FrameRun, RunValidation } from '../runInputs';

/** A partial result as the page keeps it: the losses so far and what they belong to. */
export interface StreamedLosses {
  readonly experiment: Experiment;
  readonly choice: BackendChoice;
  readonly partial: PartialLosses;
}

const EMPTY = new Float32Array(0);

/**
 * The surface of a partial frame: none. Only the loss chart draws a partial frame; the surface view
 * keeps the last finished result (a network's surface is a slice through its finished paths, so it
 * exists only with the final result).
 */
const NO_SURFACE: Surface = { dims: 1, xs: EMPTY, values: EMPTY };

/** Whether a partial result belongs to the parameters the page shows (same runs, same backend choice). */
export function streamsFor(
  s: StreamedLosses,
  wanted: Experiment & { readonly backend: BackendChoice },
): boolean {
  const { lrs } = s.experiment;
  return (
    s.choice === wanted.backend &&
    sameSetting(s.experiment, wanted) &&
    lrs.length === wanted.lrs.length &&
    lrs.every((lr, i) => lr === wanted.lrs[i])
  );
}

/**
 * The loss chart's frame while a network still trains: each learning rate's run (fold 0's, as the
 * final figure shows) with its losses so far and, for data scenes, its validation losses so far,
 * marked `partial`: no verdict, no best step, no fingerprint — those come only with the final
 * result, which replaces this frame. The x axis spans all the steps from the first partial on, so
 * the curves grow into a chart that does not rescale sideways.
 */
export function partialFrame(s: StreamedLosses, scene: Scene, concealed: boolean): Frame {
  const { experiment, partial: p } = s;
  const runs: FrameRun[] = experiment.lrs.map((lr, j) => ({
    lr,
    losses: p.losses[j * p.k] ?? EMPTY,
    path: EMPTY,
    // Losses recorded at a stride (lossEvery) are placed at their steps, as the final result's.
    ...(p.lossEvery !== undefined && p.lossEvery > 1
      ? { lossEvery: p.lossEvery, lossSteps: p.steps }
      : {}),
  }));
  const validation = p.val?.length
    ? experiment.lrs.map((_, j): RunValidation => ({
        losses: p.val?.[j * p.k] ?? EMPTY,
        // Not known before the run's last step, and never drawn for a partial frame (LossView).
        bestStep: 0,
        stopStep: p.steps,
        test: NaN,
      }))
    : undefined;
  return {
    scene,
    steps: p.steps,
    surface: NO_SURFACE,
    runs,
    start: [],
    draggable: false,
    partial: true,
    concealed,
    ...(validation ? { validation } : {}),
    ...(mixedOptimizers(experiment)
      ? { optimizers: experiment.lrs.map((_, i) => runOptimizerOf(experiment, i).optimizer) }
      : {}),
  };
}
