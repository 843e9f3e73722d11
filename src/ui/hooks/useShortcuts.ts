import { useEffect, useRef } from 'react';
import { focusKind, shortcutFor, type ShortcutAction } from '../shortcuts';

/**
 * Calls `onAction` for the lab's keyboard shortcuts (see shortcutFor), anywhere on the page. The
 * key's default is prevented only when it was used, so space does not also scroll the page.
 */
export function useShortcuts(presets: number, onAction: (a: ShortcutAction) => boolean): void {
  // The latest handler, without re-adding the listener on every render.
  const handler = useRef(onAction);
  useEffect(() => {
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
