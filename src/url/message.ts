/** What a link's list holds, named in messages about it. */
export const LINK_ITEMS = ['lr', 'start', 'split', 'xcols', 'ropt', 'domain'] as const;
export type LinkItem = (typeof LINK_ITEMS)[number];

/**
 * Why a field was refused, as resource keys under `link.` (src/i18n/<language>/link.ts holds the words in
 * every language, typed against this list, so a key missing on either side does not compile).
 */
export const LINK_MESSAGE_KEYS = [
  'notNumber',
  'notFinite',
  'notWhole',
  'outside',
  'tooMany',
  'tooFew',
  'notOneOf',
  'notBinary',
  'notGroup',
  'unknownPreset',
  'networkStart',
  'notSumOne',
  'trainBelow',
  'oneFold',
  'tooLong',
  'unknownVersion',
  'unknownField',
  'repeated',
  'badRunOptimizer',
  'badFileName',
  'badHash',
  'badColumns',
  'formulaEmpty',
  'formulaTooLong',
  'formulaUnexpected',
  'formulaUnclosed',
  'formulaUnknownName',
  'formulaNeedsArgument',
  'formulaNotFinite',
  'formulaTooComplex',
  'domainOrder',
] as const;
export type LinkMessageKey = (typeof LINK_MESSAGE_KEYS)[number];

/** The words of `link.`: one per message key, and the names of a list's items. */
export type LinkStrings = Record<LinkMessageKey | 'itemPrefix', string> & {
  readonly item: Record<LinkItem, string>;
  readonly items: Record<LinkItem, string>;
};

/**
 * Why part of a link was not used, as a resource key under `link.` with its values, so the page
 * says it in its own language; `item` names the list entry it is about ("learning rate …").
 */
export interface LinkMessage {
  readonly key: LinkMessageKey;
  readonly values: Readonly<Record<string, string | number>>;
  readonly item?: LinkItem;
}
