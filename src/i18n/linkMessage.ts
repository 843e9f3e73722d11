import type { TFunction } from 'i18next';
import type { LinkMessage } from '../url/message';
import { createI18n } from './i18n';

/** Why part of a link was not used, in `t`'s language (list items and item names included). */
export function linkMessage(m: LinkMessage, t: TFunction): string {
  const what = m.values.what;
  const values =
    typeof what === 'string' ? { ...m.values, what: t(`link.items.${what}`) } : m.values;
  const text = t(`link.${m.key}`, values);
  return m.item ? t('link.itemPrefix', { item: t(`link.item.${m.item}`), text }) : text;
}

let english: TFunction | undefined;

/** The same in English, for what runs without a page: the figure script, tests, logs. */
export function englishLinkMessage(m: LinkMessage): string {
  english ??= createI18n('en').getFixedT('en');
  return linkMessage(m, english);
}
