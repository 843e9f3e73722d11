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
  const [cursor, setCursor] = useState(0);
  const [playing, setPlaying] = useState(false);
  const frame = useRef(0);

  useEffect(() => {
    setCursor((c) => Math.min(c, steps));
  }, [steps]);

  useEffect(() => {
    if (!playing) return;
    if (reducedMotion()) {
      setCursor(steps);
      setPlaying(false);
      return;
    }
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

  const play = useCallback(() => {
    setCursor((c) => (c >= steps ? 0 : c));
    setPlaying(true);
  }, [steps]);
  const pause = useCallback(() => setPlaying(false), []);
  const step = useCallback(() => {
    setPlaying(false);
    setCursor((c) => Math.min(steps, c + 1));
  }, [steps]);
  const scrub = useCallback((c: number) => {
    setPlaying(false);
    setCursor(Math.max(0, Math.min(steps, Math.round(c))));
  }, [steps]);
  const restart = useCallback(() => {
    setCursor(0);
    setPlaying(true);
  }, []);

  return { cursor, playing, play, pause, step, scrub, restart };
}
