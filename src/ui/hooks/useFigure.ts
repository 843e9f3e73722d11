import { useMemo } from 'react';
import type { Scene } from '../../core/scenes';
import type { LabState } from '../../url/state';
import { displayRuns } from '../displayRuns';
import type { FigureCaption } from '../figure/caption';
import { partialFrame, streamsFor } from '../figure/partialFrame';
import type { Format } from '../format';
import type { Training } from './useTraining';
import { useFrame } from './useFrame';

/**
 * What the worker's answers draw for the parameters on screen: the runs (exact, or previewed from
 * the slider grid), the figure's frame, a network's losses as they come, whether the page is done
 * (the contract knows done and running only; a failure is running with data-error, and a notice),
 * and, once every run is exact, the figure the exports save with its caption.
 */
export function useFigure(
  state: LabState,
  scene: Scene,
  training: Training,
  concealed: boolean,
  { t }: Format,
) {
  const result = training.result;
  const steps = result?.experiment.steps ?? state.steps;
  const backendName = training.backend?.name;
  const display = useMemo(
    () =>
      displayRuns(
        state,
        scene,
        result && training.resultChoice && { result, choice: training.resultChoice },
        training.grid,
        backendName,
      ),
    [state, scene, result, training.resultChoice, training.grid, backendName],
  );
  const frame = useFrame(result, state, scene, display, training.contours, concealed);
  // Results as they come: a network's losses so far, drawn on the loss chart (and named in the
  // legend) until its final result, which alone has verdicts, a fingerprint and "done".
  const partial = training.partial;
  const streaming = useMemo(
    () =>
      partial && training.status === 'running' && !display.exact && streamsFor(partial, state)
        ? partialFrame(partial, scene, concealed)
        : undefined,
    [partial, training.status, display.exact, state, scene, concealed],
  );
  const done = display.exact && (training.status === 'done' || display.fromGrid);
  // Sharing and export work from the first exact result: the link is the state, the file names
  // the fingerprint and backend of what it holds.
  const shareable = display.exact && display.fingerprint !== undefined;
  const caption: FigureCaption | undefined =
    shareable && display.fingerprint && training.backend
      ? {
          scene: t(`scene.${state.scene}`),
          lrs: state.lrs,
          steps,
          seed: state.seed,
          fingerprint: display.fingerprint,
          backend: training.backend.name,
        }
      : undefined;
  return {
    steps,
    display,
    frame,
    streaming,
    status: done ? ('done' as const) : ('running' as const),
    failed: training.status === 'error',
    exact: shareable ? frame : undefined,
    caption,
  };
}

export type Figure = ReturnType<typeof useFigure>;
