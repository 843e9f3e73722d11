import { createContext, useContext } from 'react';
import { getI18n } from 'react-i18next';
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

/**
 * The page's formatters, provided once by the page (App, from useLanguage) for every component.
 * Each component asking react-i18next's `useTranslation` for its own `t` cost more than the
 * translating itself: the hook copies the i18next instance for every component it mounts in, and
 * recomputes its options on every render (a Chromium profile of the 64-run sweep's first result:
 * about 45 ms of it).
 */
export const FormatContext = createContext<Format | undefined>(undefined);

/** Formatters of a component drawn without the page around it (a test's): i18next's own instance. */
const unprovided = new WeakMap<object, Format>();

/** The formatters for the page's language. */
export function useFormat(): Format {
  const provided = useContext(FormatContext);
  if (provided) return provided;
  const i18n = getI18n();
  const known = unprovided.get(i18n);
  if (known?.lang === i18n.language) return known;
  const made = makeFormat(i18n.getFixedT(i18n.language), i18n.language);
  unprovided.set(i18n, made);
  return made;
}
