import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { LANGUAGES, type Language } from '../core/languages';
import { rememberTranslations } from './memoT';
import { en, zhHans, zhHant } from './resources';

/**
 * One i18next instance for the page, with every resource bundled (three small sets: no loading,
 * so the first render already speaks the language). English is the fallback for a missing key.
 * Its fixed `t`s remember their strings (memoT.ts).
 */
export function createI18n(lng: Language): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    lng,
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    // 'zh-Hans' must not fall back to a bare 'zh' that does not exist.
    load: 'currentOnly',
    resources: {
      en: { translation: en },
      'zh-Hans': { translation: zhHans },
      'zh-Hant': { translation: zhHant },
    },
    // React escapes what it renders; escaping here too would show &amp; and friends.
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  rememberTranslations(instance);
  return instance;
}
