import { useCallback, useEffect, useRef, useState } from 'react';

/** How long playing all steps takes, whatever their number. */
const PLAY_MS = 2500;
/** The cursor at the last step, whatever the number of steps. */
const END = Number.POSITIVE_INFINITY;

function reducedMotion(): boolean {
  return window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
}

/**
 * The animation cursor over steps 0..steps: play moves it forward on animation frames (or jumps to
 * the end when the user prefers reduced motion), pause stops it, step and scrub set it.
 */
export function usePlayback(steps: number) {
  // The end is kept as END, not as a step: a cursor at the end of one result is at the end of the
  // next one, longer or shorter (new data, more steps), and a cursor inside a run stays where the
  // user left it (fewer steps than it simply show the end).
  const [rawCursor, setRawCursor] = useState(0);
  const [playing, setPlaying] = useState(false);
  const frame = useRef(0);
  const cursor = Math.min(rawCursor, steps);
  const setCursor = useCallback(
    (next: number | ((c: number) => number)) =>
      setRawCursor((c) => {
        const value = typeof next === 'function' ? next(Math.min(c, steps)) : next;
        return value >= steps ? END : value;
      }),
    [steps],
  );

  useEffect(() => {
    if (!playing) return;
    let last = performance.now();
    const tick = (now: number) => {
      const advance = ((now - last) / PLAY_MS) * steps;
      if (advance >= 1) {
        last = now;
        setCursor((c) => {
          const next = Math.min(steps, c + Math.floor(advance));
          if (next >= steps) setPlaying(false);
          return next;
        });
      }
      frame.current = requestAnimationFrame(tick);
    };
    frame.current = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame.current);
  }, [playing, steps, setCursor]);

  const startFrom = useCallback(
    (from: number) => {
      if (reducedMotion()) {
        setCursor(steps);
        setPlaying(false);
      } else {
        setCursor(from);
        setPlaying(true);
      }
    },
    [steps, setCursor],
  );
  const play = useCallback(
    () => startFrom(cursor >= steps ? 0 : cursor),
    [startFrom, cursor, steps],
  );
  const restart = useCallback(() => startFrom(0), [startFrom]);
  const pause = useCallback(() => setPlaying(false), []);
  const step = useCallback(() => {
    setPlaying(false);
    setCursor((c) => c + 1);
  }, [setCursor]);
  const scrub = useCallback(
    (c: number) => {
      setPlaying(false);
      setCursor(Math.max(0, Math.round(c)));
    },
    [setCursor],
  );

  return { cursor, playing, play, pause, step, scrub, restart };
}

export type Playback = ReturnType<typeof usePlayback>;
