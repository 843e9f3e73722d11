import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { Band, StabilityBands } from '../core/stability';
import type { Verdict } from '../core/verdict';
import {
  bandLabel,
  bandWord,
  formatLoss,
  formatLr,
  numberFormat,
  verdictLabel,
  verdictSentence,
} from './labels';

/** The page's formatters bound to its language: numbers through Intl, words through i18next. */
export interface Format {
  readonly t: TFunction;
  readonly lang: string;
  lr(x: number): string;
  loss(x: number | undefined): string;
  /** A count or a plain measurement, with the language's digits and grouping. */
  num(x: number, maximumFractionDigits?: number): string;
  verdict(v: Verdict): string;
  /** What happened to the run, in one plain sentence; `steps` is the run's budget. */
  sentence(v: Verdict, steps: number): string;
  band(band: Band, bands: StabilityBands): string;
  /** The band in one short word, without its thresholds. */
  bandWord(band: Band): string;
}

/** The formatters for one language and its `t`. */
export function makeFormat(t: TFunction, lang: string): Format {
  return {
    t,
    lang,
    lr: (x) => formatLr(x, lang),
    loss: (x) => formatLoss(x, lang),
    num: (x, digits = 0) =>
      numberFormat(lang, {
        maximumFractionDigits: digits,
        minimumFractionDigits: digits,
      }).format(x),
    verdict: (v) => verdictLabel(v, t),
    sentence: (v, steps) => verdictSentence(v, t, steps),
    band: (band, bands) => bandLabel(band, bands, t),
    bandWord: (band) => bandWord(band, t),
  };
}

/** The formatters for the current language (re-made when the language changes). */
export function useFormat(): Format {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return useMemo(() => makeFormat(t, lang), [t, lang]);
}
