import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGE_NAMES, LANGUAGES, type Language } from '../../url/language';
import { PALETTES, type PaletteKind } from '../../core/palettes';
import type { LabState } from '../../url/state';

interface Props {
  state: LabState;
  update: (change: Partial<LabState>) => void;
}

/** How the page speaks and draws: the language and the verdict palette, both kept in the link. */
export function ViewControls({ state, update }: Props) {
  const { t, i18n } = useTranslation();
  const langId = useId();
  const paletteId = useId();
  const names: Record<PaletteKind, string> = {
    notes: t('app.paletteNotes'),
    safe: t('app.paletteSafe'),
  };
  return (
    <section className="view-controls" aria-label={t('app.view')}>
      <span>
        <label htmlFor={langId} className="visually-hidden">
          {t('app.language')}
        </label>
        <select
          id={langId}
          data-testid="language"
          value={i18n.language}
          onChange={(e) =>
            update({
              lang: LANGUAGES.find((l: Language) => l === e.currentTarget.value) ?? 'en',
            })
          }
        >
          {LANGUAGES.map((l) => (
            // Each language in its own words and script, so a reader finds theirs.
            <option key={l} value={l} lang={l}>
              {LANGUAGE_NAMES[l]}
            </option>
          ))}
        </select>
      </span>
      <span>
        <label htmlFor={paletteId} className="visually-hidden">
          {t('app.palette')}
        </label>
        <select
          id={paletteId}
          data-testid="palette"
          value={state.palette}
          onChange={(e) =>
            update({ palette: PALETTES.find((p) => p === e.currentTarget.value) ?? 'notes' })
          }
        >
          {PALETTES.map((p) => (
            <option key={p} value={p}>
              {names[p]}
            </option>
          ))}
        </select>
      </span>
    </section>
  );
}
