import type { Rejection } from '../../url/codec';
import { linkMessage } from '../../i18n/linkMessage';
import { useFormat } from '../format';

interface Props {
  rejected: readonly Rejection[];
  messages: readonly string[];
  onDismiss: () => void;
}

/** What was not used from the link, and what went differently than asked (a backend that failed). */
export function Notices({ rejected, messages, onDismiss }: Props) {
  const { t } = useFormat();
  if (rejected.length === 0 && messages.length === 0) return null;
  return (
    <section className="notice" role="status" data-testid="notice">
      {rejected.length > 0 && (
        <>
          <p>{t('notice.linkUnused')}</p>
          <ul>
            {rejected.map((r, i) => (
              <li key={i}>
                <code>{r.param}</code>: {linkMessage(r.message, t)}
              </li>
            ))}
          </ul>
        </>
      )}
      {messages.length > 0 && (
        <ul>
          {messages.map((m, i) => (
            <li key={i}>{m}</li>
          ))}
        </ul>
      )}
      <button type="button" onClick={onDismiss}>
        {t('notice.dismiss')}
      </button>
    </section>
  );
}
