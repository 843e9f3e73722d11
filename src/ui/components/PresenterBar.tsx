import { useFullscreen } from '../hooks/useFullscreen';

const STRINGS = {
  label: 'Presenter',
  present: 'Presenter mode',
  presentTitle: 'Large type, thick lines, high contrast, full screen',
  fullscreen: 'Full screen',
  shortcuts: 'Shortcuts',
  refused:
    'The browser did not allow full screen here; press F11 (or the browser’s full-screen key) instead.',
} as const;

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
  const fullscreen = useFullscreen();
  return (
    <section className="presenter-bar" aria-label={STRINGS.label}>
      <button
        type="button"
        aria-pressed={present}
        title={STRINGS.presentTitle}
        data-testid="presenter-toggle"
        onClick={() => {
          onPresent(!present);
          void (present ? fullscreen.exit() : fullscreen.enter());
        }}
      >
        {STRINGS.present}
      </button>
      {present && !fullscreen.on && (
        <button type="button" onClick={() => void fullscreen.enter()}>
          {STRINGS.fullscreen}
        </button>
      )}
      <button type="button" aria-keyshortcuts="?" onClick={onShortcuts}>
        <kbd aria-hidden="true">?</kbd> {STRINGS.shortcuts}
      </button>
      {fullscreen.refused && !fullscreen.on && (
        <span role="status" className="said" data-testid="fullscreen-refused">
          {STRINGS.refused}
        </span>
      )}
    </section>
  );
}
