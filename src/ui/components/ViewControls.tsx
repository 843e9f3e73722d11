import { useId } from 'react';
import { LANGUAGE_NAMES, LANGUAGES, type Language } from '../../url/language';
import { PALETTES, type PaletteKind } from '../../core/palettes';
import type { LabState } from '../../url/state';
import { useFormat } from '../format';

interface Props {
  state: LabState;
  update: (change: Partial<LabState>) => void;
}

/** How the page speaks and draws: the language and the verdict palette, both kept in the link. */
export function ViewControls({ state, update }: Props) {
  const { t, lang } = useFormat();
  const names: Record<PaletteKind, string> = {
    notes: t('app.paletteNotes'),
    safe: t('app.paletteSafe'),
  };
  return (
    <section className="view-controls" aria-label={t('app.view')}>
      <Choice
        label={t('app.language')}
        testId="language"
        options={LANGUAGES}
        value={lang}
        // Each language in its own words and script, so a reader finds theirs.
        name={(l) => LANGUAGE_NAMES[l]}
        lang={(l) => l}
        pick={(l: Language = 'en') => update({ lang: l })}
      />
      <Choice
        label={t('app.palette')}
        testId="palette"
        options={PALETTES}
        value={state.palette}
        name={(p) => names[p]}
        pick={(p: PaletteKind = 'notes') => update({ palette: p })}
      />
    </section>
  );
}

/**
 * A select among `options` whose label only screen readers read (the page shows the choices'
 * names); `pick` gets the option chosen, or undefined for a value that is none of them.
 */
function Choice<T extends string>({
  label,
  testId,
  options,
  value,
  name,
  lang,
  pick,
}: {
  label: string;
  testId: string;
  options: readonly T[];
  value: string;
  name: (option: T) => string;
  lang?: (option: T) => string;
  pick: (option: T | undefined) => void;
}) {
  const id = useId();
  return (
    <span>
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <select
        id={id}
        data-testid={testId}
        value={value}
        onChange={(e) => pick(options.find((o) => o === e.currentTarget.value))}
      >
        {options.map((o) => (
          <option key={o} value={o} lang={lang?.(o)}>
            {name(o)}
          </option>
        ))}
      </select>
    </span>
  );
}
