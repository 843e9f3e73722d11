import { useCallback, useEffect, useRef, useState } from 'react';
import { decode, type Rejection } from '../../url/codec';
import { shareUrl } from '../shareUrl';
import type { LabState } from '../../url/state';

/** Least time between two writes of the address bar. */
const URL_WRITE_MS = 200;

/**
 * The lab's state, read from the URL once and written back after every change (replaceState, so
 * dragging a slider does not flood the history). The URL is the only store: a reload or a shared
 * link starts from exactly this state.
 *
 * Writes are spaced URL_WRITE_MS apart, the last one always made: a replaceState costs a few
 * milliseconds, and Chromium ignores them beyond a couple of hundred in ten seconds, which a
 * dragged slider reaches; a link copied or a page left in between gets the latest state at once.
 */
export function useLabState(): {
  state: LabState;
  rejected: readonly Rejection[];
  update: (change: Partial<LabState>) => void;
} {
  const [initial] = useState(() => decode(window.location.search));
  const [state, setState] = useState<LabState>(initial.state);
  const writer = useRef<ReturnType<typeof spacedWriter>>(null);
  useEffect(() => {
    const w = spacedWriter(URL_WRITE_MS);
    writer.current = w;
    return () => w.flush();
  }, []);
  useEffect(() => writer.current?.write(state), [state]);
  const update = useCallback((change: Partial<LabState>) => {
    setState((prev) => ({ ...prev, ...change }));
  }, []);
  return { state, rejected: initial.rejected, update };
}

/** Writes the URL at most once per `ms`, always ending with the latest state. */
function spacedWriter(ms: number) {
  let pending: LabState | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = -Infinity;
  const flush = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (pending) writeUrl(pending);
    pending = undefined;
    last = performance.now();
  };
  const onHide = () => flush();
  window.addEventListener('pagehide', onHide);
  document.addEventListener('visibilitychange', onHide);
  return {
    write(state: LabState) {
      pending = state;
      const wait = last + ms - performance.now();
      if (wait <= 0) flush();
      else timer ??= setTimeout(flush, wait);
    },
    flush() {
      flush();
      window.removeEventListener('pagehide', onHide);
      document.removeEventListener('visibilitychange', onHide);
    },
  };
}

function writeUrl(state: LabState): void {
  const url = shareUrl(state);
  try {
    window.history.replaceState(null, '', url);
  } catch {
    // A sandboxed page may refuse; the lab still works, only the address bar lags behind.
  }
}
