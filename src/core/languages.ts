/**
 * The page's languages: vocabulary of the link (`lang=`), of the words (src/i18n) and of the page,
 * so the URL and the i18n layers share it without importing each other.
 */

/** The languages the page speaks (BCP 47 tags, as `<html lang>` takes them). */
export const LANGUAGES = ['en', 'zh-Hans', 'zh-Hant'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language's own name, for the language selector (never translated). */
export const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  'zh-Hans': '简体中文',
  'zh-Hant': '繁體中文',
};
