import { useCallback, useEffect, useRef } from 'react';
import type { ExperimentResult } from '../../protocol/results';
import type { Frame } from '../runInputs';
import { usePlayback } from './usePlayback';

/**
 * The playback of the results: the first result plays from step 0, as the lecture figure
 * unfolding; later results (a slider moved) keep the cursor where the user left it, so the figure
 * redraws in place. `fromStart` makes the next result unfold from step 0 again (a preset picked).
 * Curves the user has watched grow as they streamed (`streaming`, the partial frame drawn) are not
 * taken back to step 0.
 */
export function useResultPlayback(
  result: ExperimentResult | undefined,
  steps: number,
  streaming: Frame | undefined,
) {
  const playback = usePlayback(steps);
  const played = useRef(false);
  /** Whether the runs were drawn as they came (a network): their final result then stays at the end. */
  const streamed = useRef(false);
  const { restart, scrub } = playback;
  useEffect(() => {
    if (result && !played.current) {
      played.current = true;
      // Curves the user has watched grow are not taken back to step 0 when the result arrives.
      if (streamed.current) scrub(steps);
      else restart();
    }
    if (result) streamed.current = false;
  }, [result, restart, scrub, steps]);
  useEffect(() => {
    if (streaming) streamed.current = true;
  }, [streaming]);
  const fromStart = useCallback(() => {
    played.current = false;
  }, []);
  return { ...playback, fromStart };
}

export type ResultPlayback = ReturnType<typeof useResultPlayback>;
