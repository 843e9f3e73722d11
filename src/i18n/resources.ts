/*
 * Every string the page shows, in English, Simplified Chinese (zh-Hans) and Traditional Chinese
 * (zh-Hant). Chinese terms follow the study notes in seed/ (学习率, 训练集 / 验证集 / 测试集, 种子,
 * 震荡, 过拟合, 交叉验证); zh-Hant uses Traditional characters and Taiwan usage (學習率, 連結, 雜訊).
 *
 * To add a string:
 *   1. Add the key to `en` under the component's group (src/i18n/en/<area>.ts), e.g. `present: { start: 'Start the lesson' }`.
 *   2. Add the same key to src/i18n/zh-Hans and src/i18n/zh-Hant, same area (tests/i18n/resources.test.ts fails until all three
 *      have it, with the same {{variables}}).
 *   3. In a component: `const { t } = useFormat();` (src/ui/format.ts) then `t('present.start')`.
 * Values go in as {{variables}} — `t('runs.removeRun', { run: 2 })` — never by joining strings, since
 * the word order differs. Counts use i18next plurals: `key_one` / `key_other` in English (pass
 * `{ count }`), only `key_other` in Chinese, which has no plural forms. Markup inside a sentence
 * goes through <Trans components={{ b: <strong /> }}> with `<b>…</b>` in the string.
 * Numbers: format them with useFormat() (Intl.NumberFormat in the page's language) before passing.
 */
export { en } from './en';
export { zhHans } from './zh-Hans';
export { zhHant } from './zh-Hant';
export type { StringTree, Strings } from './strings';
