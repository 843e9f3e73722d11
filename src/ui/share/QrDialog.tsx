import { useId, useRef, useState } from 'react';
import { qrSymbol, type QrSymbol } from './qrPath';
import { useFormat } from '../format';

/**
 * A button that shows the current link as a QR code in a dialog filling most of the screen, big
 * enough to scan from the back of a room. The link is read when the dialog opens: the URL is the
 * state, so it is always the run on screen.
 */
export function QrDialog() {
  const { t } = useFormat();
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [shown, setShown] = useState<{ url: string; symbol: QrSymbol | null } | null>(null);
  const open = () => {
    const url = window.location.href;
    let symbol: QrSymbol | null = null;
    try {
      symbol = qrSymbol(url);
    } catch {
      // Longer than a version-40 symbol holds at level M (2331 bytes): say so instead.
    }
    setShown({ url, symbol });
    dialog.current?.showModal();
  };
  const close = () => {
    dialog.current?.close();
    setShown(null);
  };
  return (
    <span className="field">
      <button type="button" onClick={open}>
        {t('qr.open')}
      </button>
      <dialog
        ref={dialog}
        className="qr-dialog"
        aria-labelledby={titleId}
        onClose={() => setShown(null)}
      >
        <h2 id={titleId}>{t('qr.title')}</h2>
        {shown?.symbol ? (
          <svg
            className="qr-code"
            data-testid="qr-code"
            data-url={shown.url}
            viewBox={`0 0 ${shown.symbol.side} ${shown.symbol.side}`}
            role="img"
            aria-label={t('qr.label')}
            shapeRendering="crispEdges"
          >
            <rect width={shown.symbol.side} height={shown.symbol.side} fill="#fff" />
            <path d={shown.symbol.d} fill="#000" />
          </svg>
        ) : (
          shown && <p role="alert">{t('qr.tooLong')}</p>
        )}
        <p className="muted small">{t('qr.hint')}</p>
        <p className="qr-url">
          <code>{shown?.url}</code>
        </p>
        <button type="button" onClick={close} autoFocus>
          {t('qr.close')}
        </button>
      </dialog>
    </span>
  );
}
