import { useSyncExternalStore } from 'react';

/**
 * The playback cursor, read where it is drawn. Playing moves it on every animation frame; held as
 * the page's state, each frame rendered the whole page again (its top bar, runs table and panels,
 * none of which draws the cursor): a Chromium profile of the lecture figure's 2.5 s playback spent
 * 1.5 s of CPU. As a source, a frame renders only the components that subscribe to it: the views,
 * the scrubber, a data scene's minibatch strip and k-fold chart.
 */
export interface CursorSource {
  /** The step drawn up to (0…steps). */
  readonly get: () => number;
  /** Calls `listener` after each move; returns the unsubscribe. */
  readonly subscribe: (listener: () => void) => () => void;
}

/** The cursor's current step; the calling component renders again when it moves. */
export function useCursor(source: CursorSource): number {
  return useSyncExternalStore(source.subscribe, source.get, source.get);
}

const unsubscribed = () => () => undefined;

/** A cursor that stays at `step` (the step a network's streaming curves have reached). */
export function fixedCursor(step: number): CursorSource {
  return { get: () => step, subscribe: unsubscribed };
}
