import { describe, expect, it } from 'vitest';
import { createI18n } from '../../src/i18n/i18n';
import { decode } from '../../src/url/codec';
import { englishLinkMessage, linkMessage } from '../../src/i18n/linkMessage';

/** The one rejection a query gives, by parameter. */
function only(query: string) {
  const { rejected } = decode(query);
  expect(rejected).toHaveLength(1);
  return rejected[0]!;
}

describe('why a link was not used, as a message key', () => {
  it('keeps the English reason as it was written', () => {
    expect(englishLinkMessage(only('?lr=abc').message)).toBe('learning rate "abc" is not a number');
    expect(englishLinkMessage(only('?lr=1,2,3,4,5,6,7,8,9').message)).toBe(
      '9 learning rates; at most 8',
    );
    expect(englishLinkMessage(only('?steps=2.5').message)).toBe('2.5 is not a whole number');
    expect(englishLinkMessage(only('?steps=0').message)).toBe('0 is outside 1…2000');
    expect(englishLinkMessage(only('?kfold=1').message)).toBe(
      '1 fold is no cross-validation: use 0 or 2…10',
    );
    expect(englishLinkMessage(only('?zoom=3').message)).toBe('unknown field; ignored');
  });
  it('says the same in Chinese through the resources, the raw text kept as given', () => {
    const i18n = createI18n('en');
    const hans = i18n.getFixedT('zh-Hans');
    const hant = i18n.getFixedT('zh-Hant');
    expect(linkMessage(only('?lr=abc').message, hans)).toBe('学习率：“abc”不是数');
    expect(linkMessage(only('?lr=abc').message, hant)).toBe('學習率：「abc」不是數');
    expect(linkMessage(only('?lr=1,2,3,4,5,6,7,8,9').message, hans)).toBe('9 个学习率；最多 8 个');
    expect(linkMessage(only('?scene=<b>x</b>').message, hant)).toContain('「<b>x</b>」');
    expect(linkMessage(only('?steps=0').message, i18n.getFixedT('en'))).toBe(
      englishLinkMessage(only('?steps=0').message),
    );
  });
});
