import { useCallback, useEffect, useRef, useState } from 'react';
import type { CursorSource } from './useCursor';

/** How long playing all steps takes, whatever their number. */
const PLAY_MS = 2500;
/** The cursor at the last step, whatever the number of steps. */
const END = Number.POSITIVE_INFINITY;

function reducedMotion(): boolean {
  return window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
}

/** Plays from step 0, or shows the end at once (curves the user has watched grow). */
export type StartAction = 'restart' | 'end';

/** The cursor as a source its readers subscribe to, the end kept as END (below). */
function cursorStore() {
  let raw = 0;
  let steps = 0;
  const listeners = new Set<() => void>();
  const source: CursorSource = {
    get: () => Math.min(raw, steps),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    source,
    /** The step count the cursor is read against (set at each render of its owner). */
    setSteps: (n: number) => {
      steps = n;
    },
    /**
     * Moves the cursor. `notify: false` while its owner renders: its readers render with it then,
     * and a reader told to render during another component's render is an error in React.
     */
    set: (value: number, notify = true) => {
      const next = value >= steps ? END : value;
      if (next === raw) return;
      raw = next;
      if (notify) for (const l of listeners) l();
    },
  };
}

/**
 * The animation cursor over steps 0..steps: play moves it forward on animation frames (or jumps to
 * the end when the user prefers reduced motion), pause stops it, step and scrub set it. The cursor
 * is a source (`cursor`, read with useCursor where it is drawn), so that a frame of playing
 * renders only what draws it; `playing` is state.
 */
export function usePlayback(steps: number) {
  // The end is kept as END, not as a step: a cursor at the end of one result is at the end of the
  // next one, longer or shorter (new data, more steps), and a cursor inside a run stays where the
  // user left it (fewer steps than it simply show the end).
  const [store] = useState(cursorStore);
  store.setSteps(steps);
  const [playing, setPlaying] = useState(false);
  const frame = useRef(0);

  useEffect(() => {
    if (!playing) return;
    let last = performance.now();
    const tick = (now: number) => {
      const advance = ((now - last) / PLAY_MS) * steps;
      if (advance >= 1) {
        last = now;
        const next = Math.min(steps, store.source.get() + Math.floor(advance));
        store.set(next);
        if (next >= steps) setPlaying(false);
      }
      frame.current = requestAnimationFrame(tick);
    };
    frame.current = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame.current);
  }, [playing, steps, store]);

  const startFrom = useCallback(
    (from: number, notify = true) => {
      if (reducedMotion()) {
        store.set(steps, notify);
        setPlaying(false);
      } else {
        store.set(from, notify);
        setPlaying(true);
      }
    },
    [steps, store],
  );
  const play = useCallback(
    () => startFrom(store.source.get() >= steps ? 0 : store.source.get()),
    [startFrom, store, steps],
  );
  const restart = useCallback(() => startFrom(0), [startFrom]);
  const pause = useCallback(() => setPlaying(false), []);
  const step = useCallback(() => {
    setPlaying(false);
    store.set(store.source.get() + 1);
  }, [store]);
  const scrub = useCallback(
    (c: number) => {
      setPlaying(false);
      store.set(Math.max(0, Math.round(c)));
    },
    [store],
  );
  /**
   * The start a result decides while its owner renders (useResultPlayback): from step 0, or at
   * the end. The cursor moves without telling its readers, which render in that same pass.
   */
  const startWhileRendering = useCallback(
    (action: StartAction) => {
      if (action === 'restart') startFrom(0, false);
      else {
        setPlaying(false);
        store.set(steps, false);
      }
    },
    [startFrom, steps, store],
  );

  return { cursor: store.source, playing, play, pause, step, scrub, restart, startWhileRendering };
}

export type Playback = ReturnType<typeof usePlayback>;
