import { describe, expect, it } from 'vitest';
import { decode, encode } from '../../src/url/codec';
import { languageOfTag, pickLanguage } from '../../src/url/language';

describe('languageOfTag', () => {
  it('reads Simplified Chinese from the mainland and Singapore, and from the script subtag', () => {
    for (const tag of ['zh-CN', 'zh-SG', 'zh-Hans', 'zh', 'zh-Hans-HK', 'zh_CN', 'ZH-cn']) {
      expect(languageOfTag(tag), tag).toBe('zh-Hans');
    }
  });
  it('reads Traditional Chinese from Taiwan, Hong Kong and Macau, and from the script subtag', () => {
    for (const tag of ['zh-TW', 'zh-HK', 'zh-MO', 'zh-Hant', 'zh-Hant-CN', 'zh_TW', 'zh-hant-tw']) {
      expect(languageOfTag(tag), tag).toBe('zh-Hant');
    }
  });
  it('reads any English as English and other languages as none', () => {
    expect(languageOfTag('en-GB')).toBe('en');
    expect(languageOfTag('en')).toBe('en');
    for (const tag of ['fr-FR', 'ja', '', 'zhx', 'cmn'])
      expect(languageOfTag(tag), tag).toBe(undefined);
  });
});

describe('pickLanguage', () => {
  it('follows the link when it chooses', () => {
    expect(pickLanguage('zh-Hant', ['zh-CN', 'en'])).toBe('zh-Hant');
    expect(pickLanguage('en', ['zh-TW'])).toBe('en');
  });
  it('else takes the first browser language the page speaks', () => {
    expect(pickLanguage('auto', ['fr-FR', 'zh-HK', 'en-US'])).toBe('zh-Hant');
    expect(pickLanguage('auto', ['de', 'en-US', 'zh-CN'])).toBe('en');
    expect(pickLanguage('auto', ['zh-SG'])).toBe('zh-Hans');
  });
  it('else English', () => {
    expect(pickLanguage('auto', [])).toBe('en');
    expect(pickLanguage('auto', ['fr', 'ja-JP'])).toBe('en');
  });
});

describe('the lang and palette link fields', () => {
  it('read a chosen language and palette and write them back', () => {
    const { state, rejected } = decode('?lang=zh-Hant&palette=safe');
    expect(rejected).toEqual([]);
    expect(state.lang).toBe('zh-Hant');
    expect(state.palette).toBe('safe');
    const query = new URLSearchParams(encode(state));
    expect(query.get('lang')).toBe('zh-Hant');
    expect(query.get('palette')).toBe('safe');
  });
  it('leave the browser language and the notes’ colours out of links', () => {
    const query = new URLSearchParams(encode(decode('').state));
    expect(query.has('lang')).toBe(false);
    expect(query.has('palette')).toBe(false);
  });
  it('name a language or palette they do not know, and fall back to the defaults', () => {
    const { state, rejected } = decode('?lang=fr&palette=rainbow');
    expect(state.lang).toBe('auto');
    expect(state.palette).toBe('notes');
    expect(rejected.map((r) => r.param).sort()).toEqual(['lang', 'palette']);
  });
});
