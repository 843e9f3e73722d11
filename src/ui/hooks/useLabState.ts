import { useCallback, useEffect, useState } from 'react';
import { decode, encode, type Rejection } from '../../url/codec';
import type { LabState } from '../../url/state';

/**
 * The lab's state, read from the URL once and written back on every change (replaceState, so
 * dragging a slider does not flood the history). The URL is the only store: a reload or a shared
 * link starts from exactly this state.
 */
export function useLabState(): {
  state: LabState;
  rejected: readonly Rejection[];
  update: (change: Partial<LabState>) => void;
} {
  const [initial] = useState(() => decode(window.location.search));
  const [state, setState] = useState<LabState>(initial.state);
  useEffect(() => writeUrl(state), [state]);
  const update = useCallback((change: Partial<LabState>) => {
    setState((prev) => ({ ...prev, ...change }));
  }, []);
  return { state, rejected: initial.rejected, update };
}

function writeUrl(state: LabState): void {
  const url = `${window.location.pathname}?${encode(state)}${window.location.hash}`;
  try {
    window.history.replaceState(null, '', url);
  } catch {
    // A sandboxed page may refuse; the lab still works, only the address bar lags behind.
  }
}
