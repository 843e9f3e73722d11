import { useLayoutEffect, useMemo, useState } from 'react';
import { createI18n } from '../../i18n/i18n';
import { pickLanguage } from '../../url/language';
import type { LabState } from '../../url/state';
import { makeFormat, type Format } from '../format';

/**
 * The page's language: the link's, else the browser's (the selector writes it back into the link).
 * Returns the i18next instance to provide and the formatters bound to the language.
 */
export function useLanguage(state: LabState) {
  const lang = pickLanguage(state.lang, navigator.languages);
  const [i18n] = useState(() => createI18n(lang));
  const f: Format = useMemo(() => makeFormat(i18n.getFixedT(lang), lang), [i18n, lang]);
  useLayoutEffect(() => {
    void i18n.changeLanguage(lang);
    document.documentElement.lang = lang;
    document.title = i18n.getFixedT(lang)('app.title');
  }, [i18n, lang]);
  return { i18n, f };
}
