import { describe, expect, it } from 'vitest';
import { createI18n } from '../../src/i18n/i18n';
import { en, zhHans, zhHant, type Strings } from '../../src/i18n/resources';
import { verdictLabel, verdictSentence, formatLoss, formatLr } from '../../src/ui/labels';
import { captionLines } from '../../src/ui/figure/caption';
import { SHORTCUT_KEYS } from '../../src/ui/shortcuts';
import { PRESETS } from '../../src/url/presets';

type Tree = { readonly [key: string]: string | Tree };

/** Every leaf as "group.key" → text, with i18next's plural suffix (_one, _other) dropped. */
function leaves(tree: Tree, prefix = ''): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') {
      const base = path.replace(/_(zero|one|two|few|many|other)$/, '');
      out.set(base, [...(out.get(base) ?? []), value]);
    } else {
      for (const [k, v] of leaves(value, path)) out.set(k, [...(out.get(k) ?? []), ...v]);
    }
  }
  return out;
}

/** The {{variables}} and <tags> a text uses, sorted, as one string to compare. */
function slots(text: string): string {
  const vars = [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => `{{${m[1]}}}`);
  const tags = [...text.matchAll(/<\/?(\w+)>/g)].map((m) => m[0]);
  return [...new Set([...vars, ...tags])].sort().join(' ');
}

const SETS: Record<string, Strings> = { 'zh-Hans': zhHans, 'zh-Hant': zhHant };
const english = leaves(en);

describe('the resource sets', () => {
  for (const [name, set] of Object.entries(SETS)) {
    const theirs = leaves(set);
    it(`${name} has every English key and no other`, () => {
      expect([...theirs.keys()].sort()).toEqual([...english.keys()].sort());
    });
    it(`${name} uses the same variables and markup as English in every string`, () => {
      for (const [key, texts] of english) {
        const want = new Set(texts.map(slots));
        for (const text of theirs.get(key) ?? []) {
          // A plural form may leave out {{count}} (English "1 run" could say "one run").
          expect(
            want.has(slots(text)) || want.has(slots(`${text}{{count}}`)),
            `${name} ${key}`,
          ).toBe(true);
        }
      }
    });
    it(`${name} has a Chinese text for every key that English words`, () => {
      for (const [key, texts] of theirs) {
        const words = (english.get(key) ?? []).some((t) => /[a-z]{3,}/.test(slotless(t)));
        if (words)
          expect(
            texts.some((t) => /[\u4e00-\u9fff]/.test(t)),
            `${name} ${key}`,
          ).toBe(true);
      }
    });
  }
  it('keeps Simplified and Traditional apart where the characters differ', () => {
    // 学习率 / 學習率, 训练 / 訓練, 发散 / 發散: the notes' terms in each script.
    expect(zhHans.verdict.diverged).toContain('发散');
    expect(zhHant.verdict.diverged).toContain('發散');
    expect(zhHans.runs.lr).toBe('学习率 η');
    expect(zhHant.runs.lr).toBe('學習率 η');
    const traditionalOnly = /[學習訓練發驗證損設線網數]/;
    for (const [key, texts] of leaves(zhHans)) {
      for (const text of texts) {
        expect(traditionalOnly.test(text), `zh-Hans ${key}: ${text}`).toBe(false);
      }
    }
    const simplifiedOnly = /[学习训练发验证损设线网数]/;
    for (const [key, texts] of leaves(zhHant)) {
      for (const text of texts)
        expect(simplifiedOnly.test(text), `zh-Hant ${key}: ${text}`).toBe(false);
    }
  });
});

/** The text without its {{variables}} and tags, to see whether it has words of its own. */
const slotless = (t: string) => t.replace(/\{\{\w+\}\}|<\/?\w+>/g, '');

describe('i18next with these resources', () => {
  it('interpolates and pluralises per language', () => {
    const i18n = createI18n('en');
    const enT = i18n.getFixedT('en');
    expect(enT('app.training', { count: 1 })).toBe('Training 1 run…');
    expect(enT('app.training', { count: 4 })).toBe('Training 4 runs…');
    const hans = i18n.getFixedT('zh-Hans');
    expect(hans('app.training', { count: 1 })).toBe('正在训练 1 次运行…');
    expect(hans('app.training', { count: 4 })).toBe('正在训练 4 次运行…');
    expect(i18n.getFixedT('zh-Hant')('runs.removeRun', { run: 3 })).toBe('刪除第 3 次執行');
  });
  it('says the verdicts in each language, the step of divergence included', () => {
    const i18n = createI18n('en');
    const v = { kind: 'diverged', divergedAt: 7 } as const;
    expect(verdictLabel(v, i18n.getFixedT('en'))).toBe('diverged at step 7');
    expect(verdictLabel(v, i18n.getFixedT('zh-Hans'))).toBe('在第 7 步发散');
    expect(verdictLabel(v, i18n.getFixedT('zh-Hant'))).toBe('在第 7 步發散');
    expect(verdictLabel({ kind: 'just-right' }, i18n.getFixedT('zh-Hant'))).toBe('剛剛好');
  });
  it('tells the two kinds of too large apart, in a label and a sentence that say what happened', () => {
    const i18n = createI18n('en');
    const en = i18n.getFixedT('en');
    const over = { kind: 'too-large', detail: 'oscillating' } as const;
    const stuck = { kind: 'too-large', detail: 'stalled' } as const;
    expect(verdictLabel(over, en)).toBe('a bit large — overshoots, still converges');
    expect(verdictLabel(stuck, en)).toBe('too large — bounces, stuck');
    expect(verdictSentence(over, en, 60)).toMatch(/still reaches the bottom/);
    expect(verdictSentence(stuck, en, 60)).toMatch(/never gets down/);
    expect(verdictSentence({ kind: 'too-small' }, en, 60)).toContain('after 60 steps');
    expect(verdictSentence({ kind: 'diverged', divergedAt: 7 }, en, 60)).toContain('from step 7');
    // The notes' words in Chinese: 太大 and 震荡 for the bounce, 发散 / 發散 for the flight.
    expect(verdictLabel(stuck, i18n.getFixedT('zh-Hans'))).toBe('太大：来回震荡，卡住');
    expect(
      verdictSentence({ kind: 'diverged', divergedAt: 7 }, i18n.getFixedT('zh-Hant'), 60),
    ).toContain('第 7 步');
    // Every verdict has a sentence of its own in every language.
    for (const lang of ['en', 'zh-Hans', 'zh-Hant']) {
      const t = i18n.getFixedT(lang);
      const said = [
        { kind: 'too-small' },
        { kind: 'just-right' },
        over,
        stuck,
        { kind: 'diverged', divergedAt: 3 },
      ].map((v) => verdictSentence(v as Parameters<typeof verdictSentence>[0], t, 60));
      expect(new Set(said).size, lang).toBe(5);
    }
  });
});

describe('number formats', () => {
  it('keep three significant digits for learning rates and four for losses', () => {
    // 0.123456 → 0.123; 1234.5 → 1230 (no grouping); 1e-4 stays in exponent notation.
    expect(formatLr(0.123456, 'en')).toBe('0.123');
    expect(formatLr(1234.5, 'zh-Hans')).toBe('1230');
    expect(formatLr(1e-4, 'zh-Hant')).toBe('1.00e-4');
    // 1 → "1.000": the trailing zeros say four digits were kept.
    expect(formatLoss(1, 'en')).toBe('1.000');
    expect(formatLoss(0.0123456, 'zh-Hans')).toBe('0.01235');
    expect(formatLoss(Number.NaN, 'en')).toBe('—');
  });
});

describe('the classroom and sharing strings', () => {
  const sets = { en, 'zh-Hans': zhHans, 'zh-Hant': zhHant } as const;

  it('every preset has a name and a title, and every shortcut a key and a meaning, in each language', () => {
    for (const [lang, set] of Object.entries(sets)) {
      const keys = leaves(set as unknown as Tree);
      for (const p of PRESETS) {
        expect(keys.has(`presets.name.${p.id}`), `${lang} presets.name.${p.id}`).toBe(true);
        expect(keys.has(`presets.title.${p.id}`), `${lang} presets.title.${p.id}`).toBe(true);
      }
      for (const k of SHORTCUT_KEYS) {
        expect(keys.has(`shortcuts.key.${k}`), `${lang} shortcuts.key.${k}`).toBe(true);
        expect(keys.has(`shortcuts.does.${k}`), `${lang} shortcuts.does.${k}`).toBe(true);
      }
    }
  });

  it('the English caption is the text the CLI wrote before translation, byte for byte', () => {
    const t = createI18n('en').getFixedT('en');
    const caption = {
      scene: 'Lecture valley',
      lrs: [0.01, 0.1],
      steps: 80,
      seed: 7,
      fingerprint: 'abcd1234',
      backend: 'cpu',
    };
    // Written out from the former template literals in caption.ts, with formatLr's own output.
    const lrs = `${formatLr(0.01)}, ${formatLr(0.1)}`;
    expect(captionLines(caption, t)).toEqual([
      `Lecture valley — learning rates η = ${lrs} — 80 steps`,
      'seed 7 · backend cpu · fingerprint abcd1234',
      'Left: the loss surface and each run’s path. Right: loss versus step (log scale).',
    ]);
    const zh = captionLines(caption, createI18n('zh-Hant').getFixedT('zh-Hant'));
    expect(zh[0]).toBe(`Lecture valley — 學習率 η = ${lrs} — 80 步`);
    expect(zh.join('\n')).not.toMatch(/learning|seed|backend|fingerprint|Left/);
  });

  it('the prediction score counts in English plurals and in Chinese without them', () => {
    const en1 = createI18n('en').getFixedT('en');
    expect(en1('prediction.score', { right: 1, count: 1 })).toBe('1 of 1 prediction right.');
    expect(en1('prediction.score', { right: 2, count: 4 })).toBe('2 of 4 predictions right.');
    const hans = createI18n('zh-Hans').getFixedT('zh-Hans');
    expect(hans('prediction.score', { right: 2, count: 4 })).toBe('4 个预测中对了 2 个。');
  });
});
