import { useCallback, useEffect, useRef, useState } from 'react';

/** How long playing all steps takes, whatever their number. */
const PLAY_MS = 2500;

function reducedMotion(): boolean {
  return window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
}

/**
 * The animation cursor over steps 0..steps: play moves it forward on animation frames (or jumps to
 * the end when the user prefers reduced motion), pause stops it, step and scrub set it.
 */
export function usePlayback(steps: number) {
  const [rawCursor, setCursor] = useState(0);
  const [playing, setPlaying] = useState(false);
  const frame = useRef(0);
  // Fewer steps than before (a new result) simply shows the end.
  const cursor = Math.min(rawCursor, steps);

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
  }, [playing, steps]);

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
    [steps],
  );
  const play = useCallback(
    () => startFrom(cursor >= steps ? 0 : cursor),
    [startFrom, cursor, steps],
  );
  const restart = useCallback(() => startFrom(0), [startFrom]);
  const pause = useCallback(() => setPlaying(false), []);
  const step = useCallback(() => {
    setPlaying(false);
    setCursor((c) => Math.min(steps, c + 1));
  }, [steps]);
  const scrub = useCallback(
    (c: number) => {
      setPlaying(false);
      setCursor(Math.max(0, Math.min(steps, Math.round(c))));
    },
    [steps],
  );

  return { cursor, playing, play, pause, step, scrub, restart };
}

export type Playback = ReturnType<typeof usePlayback>;
