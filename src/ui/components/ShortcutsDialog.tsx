import { useEffect, useRef } from 'react';
import { SHORTCUT_KEYS, type ShortcutKey } from '../shortcuts';
import { useFormat } from '../format';

interface Props {
  open: boolean;
  onClose: () => void;
  /** Keys whose controls the teacher hid or locked: listed, marked as off. */
  off: ReadonlySet<ShortcutKey>;
}

/** The `?` dialog: every shortcut and what it does. A native modal dialog (Esc closes it). */
export function ShortcutsDialog({ open, onClose, off }: Props) {
  const { t } = useFormat();
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
      <h2 id="shortcuts-title">{t('shortcuts.title')}</h2>
      <dl>
        {SHORTCUT_KEYS.map((k) => (
          <div key={k} data-shortcut={k} data-off={off.has(k) || undefined}>
            <dt>
              <kbd>{t(`shortcuts.key.${k}`)}</kbd>
            </dt>
            <dd>
              {t(`shortcuts.does.${k}`)}
              {off.has(k) && <small> — {t('shortcuts.off')}</small>}
            </dd>
          </div>
        ))}
      </dl>
      <p className="small muted">{t('shortcuts.note')}</p>
      <form method="dialog">
        <button type="submit">{t('shortcuts.close')}</button>
      </form>
    </dialog>
  );
}
