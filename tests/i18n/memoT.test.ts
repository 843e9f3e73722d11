import i18next, { type TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../src/core/languages';
import { createI18n } from '../../src/i18n/i18n';
import { MEMO_SIZE, memoT } from '../../src/i18n/memoT';
import { en, zhHans, zhHant, type Strings } from '../../src/i18n/resources';

type Tree = { readonly [key: string]: string | Tree };

/** Every key the page can ask for, with i18next's plural suffixes dropped. */
function keys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return typeof value === 'string'
      ? [path.replace(/_(zero|one|two|few|many|other)$/, '')]
      : keys(value, path);
  });
}

/** Options the page passes: none, plural counts, and values for every {{variable}} a string names. */
const OPTIONS = [
  undefined,
  { count: 0 },
  { count: 1 },
  { count: 2 },
  { count: 1, run: 3, lr: '0.01', loss: '1.5e-3', steps: 40, message: 'x' },
  { n: -0, step: 7, cursor: 12, name: 'a.csv' },
];

/** A `t` that answers with its arguments and counts its calls. */
function counting(): { t: TFunction; calls: () => number } {
  let calls = 0;
  const t = ((key: string, options?: Record<string, unknown>) => {
    calls += 1;
    return `${key}|${Object.entries(options ?? {})
      .map(([k, v]) => `${k}=${Object.is(v, -0) ? '-0' : String(v)}`)
      .join(',')}`;
  }) as unknown as TFunction;
  return { t, calls: () => calls };
}

describe('memoT', () => {
  const sets: Record<string, Strings> = { en, 'zh-Hans': zhHans, 'zh-Hant': zhHant };
  it('gives every string of every language exactly as i18next translates it, asked once or twice', () => {
    // The reference is a second instance of the same resources without the memory: i18next's own
    // translation, call by call.
    for (const lang of LANGUAGES) {
      const page = createI18n(lang).getFixedT(lang);
      const plain = i18next.createInstance();
      void plain.init({
        lng: lang,
        fallbackLng: 'en',
        load: 'currentOnly',
        resources: Object.fromEntries(
          Object.entries(sets).map(([l, s]) => [l, { translation: s }]),
        ),
        interpolation: { escapeValue: false },
        initAsync: false,
        returnNull: false,
      });
      const reference = plain.getFixedT(lang);
      for (const key of new Set(keys(en as unknown as Tree))) {
        for (const options of OPTIONS) {
          const want = reference(key, options);
          expect(page(key, options), `${lang} ${key}`).toEqual(want);
          expect(page(key, options), `${lang} ${key}, remembered`).toEqual(want);
        }
      }
    }
  });

  it("leaves alone a t that follows the instance's language", async () => {
    // getFixedT without a language translates into whatever the instance speaks at the call: a
    // remembered English title would outlive a switch to Chinese.
    const i18n = createI18n('en');
    const follows = i18n.getFixedT(null, 'translation');
    expect(follows('app.title')).toBe(en.app.title);
    await i18n.changeLanguage('zh-Hans');
    expect(follows('app.title')).toBe(zhHans.app.title);
    expect(zhHans.app.title).not.toBe(en.app.title);
  });

  it('remembers a call with the same key and values, and no other', () => {
    const { t, calls } = counting();
    const m = memoT(t);
    expect(m('a', { n: 1 })).toBe('a|n=1');
    expect(m('a', { n: 1 })).toBe('a|n=1');
    expect(calls()).toBe(1);
    // Another value, another type of the same text, -0 (Intl writes "-0"): each its own call.
    expect(m('a', { n: 2 })).toBe('a|n=2');
    expect(m('a', { n: '1' })).toBe('a|n=1');
    expect(m('a', { n: -0 })).toBe('a|n=-0');
    expect(m('a', { n: 0 })).toBe('a|n=0');
    expect(m('a')).toBe('a|');
    expect(calls()).toBe(6);
    // Keys and values that spell another call's parts are not that call.
    expect(m('a1:nn1:1')).toBe('a1:nn1:1|');
    expect(m('a', { n: 'x', m: 'y' })).toBe('a|n=x,m=y');
    expect(m('a', { n: 'x1:ms1:y' })).toBe('a|n=x1:ms1:y');
    expect(calls()).toBe(9);
  });

  it('translates every time a call whose options hold an object', () => {
    const { t, calls } = counting();
    const m = memoT(t);
    const options = { run: { id: 1 } };
    m('a', options);
    m('a', options);
    expect(calls()).toBe(2);
  });

  it(`starts afresh after ${MEMO_SIZE} strings, so the memory stays bounded`, () => {
    const { t, calls } = counting();
    const m = memoT(t);
    for (let i = 0; i < MEMO_SIZE; i++) m('step', { i });
    m('step', { i: 0 });
    expect(calls()).toBe(MEMO_SIZE);
    m('step', { i: MEMO_SIZE });
    m('step', { i: 0 });
    expect(calls()).toBe(MEMO_SIZE + 2);
  });
});
