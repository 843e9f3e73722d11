import { en } from '../i18n/resources';

/** What a link's list holds, named in messages about it. */
export type LinkItem = keyof typeof en.link.item;
export type LinkMessageKey = Exclude<keyof typeof en.link, 'item' | 'items' | 'itemPrefix'>;

/**
 * Why part of a link was not used, as a resource key under `link.` with its values, so the page
 * says it in its own language; `item` names the list entry it is about ("learning rate …").
 */
export interface LinkMessage {
  readonly key: LinkMessageKey;
  readonly values: Readonly<Record<string, string | number>>;
  readonly item?: LinkItem;
}

/** Fills {{name}} slots from `values` (i18next's syntax, for the English text kept beside the key). */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? ''));
}

/**
 * The message in English, as the codec's `reason` (tests, logs, and the page's English); a `what`
 * value names a list's items in the plural.
 */
export function englishOf(m: LinkMessage): string {
  const values =
    typeof m.values.what === 'string' && m.values.what in en.link.items
      ? { ...m.values, what: en.link.items[m.values.what as LinkItem] }
      : m.values;
  const text = fill(en.link[m.key], values);
  return m.item ? fill(en.link.itemPrefix, { item: en.link.item[m.item], text }) : text;
}
