import { useFullscreen } from '../hooks/useFullscreen';
import { useFormat } from '../format';

interface Props {
  present: boolean;
  onPresent: (on: boolean) => void;
  onShortcuts: () => void;
}

/**
 * Presenter mode on and off, full screen, and the shortcuts list. Full screen is asked for in the
 * click itself (browsers grant it only to a user's gesture); a link that opens in presenter mode
 * offers the button instead.
 */
export function PresenterBar({ present, onPresent, onShortcuts }: Props) {
  const { t } = useFormat();
  const fullscreen = useFullscreen();
  return (
    <section className="presenter-bar" aria-label={t('presenter.label')}>
      <button
        type="button"
        aria-pressed={present}
        title={t('presenter.presentTitle')}
        data-testid="presenter-toggle"
        onClick={() => {
          onPresent(!present);
          void (present ? fullscreen.exit() : fullscreen.enter());
        }}
      >
        {/* The short word on the bar; what it does in the tooltip. */}
        {t(present ? 'layout.presentOff' : 'layout.presentOn')}
      </button>
      {present && !fullscreen.on && (
        <button type="button" onClick={() => void fullscreen.enter()}>
          {t('presenter.fullscreen')}
        </button>
      )}
      <button type="button" aria-keyshortcuts="?" onClick={onShortcuts}>
        <kbd aria-hidden="true">?</kbd>{' '}
        <span className="visually-hidden">{t('presenter.shortcuts')}</span>
      </button>
      {fullscreen.refused && !fullscreen.on && (
        <span role="status" className="said" data-testid="fullscreen-refused">
          {t('presenter.refused')}
        </span>
      )}
    </section>
  );
}
