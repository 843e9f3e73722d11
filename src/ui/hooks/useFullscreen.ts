import { useCallback, useEffect, useState } from 'react';

/** Whether the page is full screen, and asking for it (only a user's gesture can). */
export function useFullscreen(): {
  on: boolean;
  /** Why the last request did not give full screen, if it did not. */
  refused: boolean;
  enter: () => Promise<void>;
  exit: () => Promise<void>;
} {
  const [on, setOn] = useState(() => document.fullscreenElement !== null);
  const [refused, setRefused] = useState(false);
  useEffect(() => {
    const sync = () => setOn(document.fullscreenElement !== null);
    document.addEventListener('fullscreenchange', sync);
    return () => document.removeEventListener('fullscreenchange', sync);
  }, []);
  const enter = useCallback(async () => {
    const root = document.documentElement;
    // Absent on iPhone Safari, refused without a gesture, in some frames and by policy: say so,
    // and the presenter styles still apply.
    if (typeof root.requestFullscreen !== 'function') {
      setRefused(true);
      return;
    }
    try {
      await root.requestFullscreen();
      setRefused(false);
    } catch {
      setRefused(true);
    }
  }, []);
  const exit = useCallback(async () => {
    if (document.fullscreenElement === null) return;
    try {
      await document.exitFullscreen();
    } catch {
      // Already left (the user pressed Esc): nothing to undo.
    }
  }, []);
  return { on, refused, enter, exit };
}
