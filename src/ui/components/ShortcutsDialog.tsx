import { useEffect, useRef } from 'react';
import type { ShortcutKey } from '../shortcuts';

const STRINGS = {
  title: 'Keyboard shortcuts',
  keys: {
    space: 'Space',
    left: '←',
    right: '→',
    digits: '1 … 9',
    help: '?',
  } satisfies Record<ShortcutKey, string>,
  does: {
    space: 'Play or pause',
    left: 'One step back',
    right: 'One step forward',
    digits: 'Open a preset (the number on its button)',
    help: 'This list',
  } satisfies Record<ShortcutKey, string>,
  note: 'Shortcuts wait while you type in a field; on a focused slider the arrows move the slider.',
  off: 'Turned off by the teacher for this lesson',
  close: 'Close',
} as const;

interface Props {
  open: boolean;
  onClose: () => void;
  /** Keys whose controls the teacher hid or locked: listed, marked as off. */
  off: ReadonlySet<ShortcutKey>;
}

/** The `?` dialog: every shortcut and what it does. A native modal dialog (Esc closes it). */
export function ShortcutsDialog({ open, onClose, off }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="shortcuts"
      data-testid="shortcuts"
      aria-labelledby="shortcuts-title"
      onClose={onClose}
    >
      <h2 id="shortcuts-title">{STRINGS.title}</h2>
      <dl>
        {(Object.keys(STRINGS.keys) as ShortcutKey[]).map((k) => (
          <div key={k} data-shortcut={k} data-off={off.has(k) || undefined}>
            <dt>
              <kbd>{STRINGS.keys[k]}</kbd>
            </dt>
            <dd>
              {STRINGS.does[k]}
              {off.has(k) && <small> — {STRINGS.off}</small>}
            </dd>
          </div>
        ))}
      </dl>
      <p className="small muted">{STRINGS.note}</p>
      <form method="dialog">
        <button type="submit">{STRINGS.close}</button>
      </form>
    </dialog>
  );
}
