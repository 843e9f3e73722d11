import { PRESETS, type PresetId } from '../../url/presets';
import { useFormat } from '../format';

interface Props {
  /** The preset whose state is on the page, if any. */
  active: PresetId | undefined;
  onPick: (id: PresetId) => void;
}

/**
 * Every lesson in one click, as one compact row (it scrolls sideways when the screen is narrow); the
 * digit keys 1–9 pick them too (shown on each button).
 */
export function PresetsBar({ active, onPick }: Props) {
  const { t } = useFormat();
  return (
    <nav className="presets" aria-label={t('presets.label')}>
      {PRESETS.map((p, i) => (
        <button
          key={p.id}
          type="button"
          data-preset={p.id}
          aria-pressed={active === p.id}
          aria-keyshortcuts={i < 9 ? String(i + 1) : undefined}
          // The short name on the button, the lesson's full name and what it shows in the tooltip.
          title={`${t(`presets.name.${p.id}`)}: ${t(`presets.title.${p.id}`)}`}
          onClick={() => onPick(p.id)}
        >
          {i < 9 && <kbd aria-hidden="true">{i + 1}</kbd>}{' '}
          <span className="preset-name">{t(`layout.presetShort.${p.id}`)}</span>
        </button>
      ))}
    </nav>
  );
}
