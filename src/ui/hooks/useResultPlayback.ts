import { useCallback, useState } from 'react';
import type { ExperimentResult } from '../../protocol/results';
import type { Frame } from '../runInputs';
import { usePlayback, type StartAction } from './usePlayback';

/** The inputs the playback's start is decided from. */
export interface StartInputs {
  readonly result: ExperimentResult | undefined;
  readonly steps: number;
  /** The partial frame drawn while a network's runs stream, if any. */
  readonly streaming: Frame | undefined;
}

/** What the playback's start remembers between renders. */
export interface StartState {
  /** The inputs last seen (undefined before the first render). */
  readonly seen?: StartInputs;
  /** Whether a result has been started since the page opened or `fromStart` was called. */
  readonly played: boolean;
  /** Whether curves streamed since the last result (a network's): that result stays at the end. */
  readonly streamed: boolean;
}

export const START: StartState = { played: false, streamed: false };

/**
 * The playback's start for new inputs: a result that arrives while none has been played yet starts
 * from step 0, or stays at the end when its curves were drawn as they streamed; later results keep
 * the cursor. Returns `state` itself when nothing changed. As two effects would, one on
 * [result, steps] (the start), then one on [streaming]; both run on the first render.
 */
export function advanceStart(
  state: StartState,
  now: StartInputs,
): { readonly state: StartState; readonly action?: StartAction } {
  const { seen } = state;
  const resultChanged = !seen || seen.result !== now.result || seen.steps !== now.steps;
  const streamingChanged = !seen || seen.streaming !== now.streaming;
  if (!resultChanged && !streamingChanged) return { state };
  let { played, streamed } = state;
  let action: StartAction | undefined;
  if (resultChanged && now.result) {
    if (!played) {
      played = true;
      // Curves the user has watched grow are not taken back to step 0 when the result arrives.
      action = streamed ? 'end' : 'restart';
    }
    streamed = false;
  }
  if (streamingChanged && now.streaming) streamed = true;
  return { state: { seen: now, played, streamed }, action };
}

/**
 * The playback of the results: the first result plays from step 0, as the lecture figure
 * unfolding; later results (a slider moved) keep the cursor where the user left it, so the figure
 * redraws in place. `fromStart` makes the next result unfold from step 0 again (a preset picked).
 * Curves the user has watched grow as they streamed (`streaming`, the partial frame drawn) are not
 * taken back to step 0.
 *
 * The start is decided while rendering, from what changed since the last render (React's way of
 * adjusting state to new props), so the render that draws a result draws it playing already.
 * Started from an effect, the first figure was rendered a second time (the page again, with
 * `playing` set), often before the browser could paint it (a Chromium trace of the page). The
 * inputs must keep their identity from render to render while unchanged (the result is state,
 * `streaming` a memo), or each render would be a change.
 */
export function useResultPlayback(
  result: ExperimentResult | undefined,
  steps: number,
  streaming: Frame | undefined,
) {
  const playback = usePlayback(steps);
  const [start, setStart] = useState(START);
  const { startWhileRendering } = playback;
  const next = advanceStart(start, { result, steps, streaming });
  if (next.state !== start) {
    // React renders this component again at once, with these updates, before its children.
    setStart(next.state);
    if (next.action) startWhileRendering(next.action);
  }
  const fromStart = useCallback(() => setStart((s) => ({ ...s, played: false })), []);
  return { ...playback, fromStart };
}

export type ResultPlayback = ReturnType<typeof useResultPlayback>;
