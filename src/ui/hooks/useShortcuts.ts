import { useEffect, useLayoutEffect, useRef } from 'react';
import { focusKind, shortcutFor, type ShortcutAction } from '../shortcuts';

/**
 * Calls `onAction` for the lab's keyboard shortcuts (see shortcutFor), anywhere on the page. The
 * key's default is prevented only when it was used, so space does not also scroll the page.
 */
export function useShortcuts(presets: number, onAction: (a: ShortcutAction) => boolean): void {
  // The latest handler, without re-adding the listener on every render. Set in a layout effect,
  // in the same task as the commit: a key pressed the moment the page shows a change (playback
  // reaching the end) reads the state it shows, never the render before (a passive effect can run
  // after that key's event on a busy machine).
  const handler = useRef(onAction);
  useLayoutEffect(() => {
    handler.current = onAction;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const action = shortcutFor(e, focusKind(document.activeElement), presets);
      if (action && handler.current(action)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [presets]);
}
