import type { TFunction } from 'i18next';
import type { Band, StabilityBands } from '../core/stability';
import type { Verdict } from '../core/verdict';
import type { OptimizerKind } from '../core/optimizers';

/** The verdict in words, as the runs table and the live region say it, in `t`'s language. */
export function verdictLabel(v: Verdict, t: TFunction): string {
  switch (v.kind) {
    case 'too-small':
      return t('verdict.tooSmall');
    case 'just-right':
      return t('verdict.justRight');
    case 'too-large':
      return v.detail === 'oscillating'
        ? t('verdict.tooLargeOscillating')
        : t('verdict.tooLargeStalled');
    case 'diverged':
      return t('verdict.diverged', { step: v.divergedAt ?? '?' });
  }
}

/**
 * One plain sentence on what happened to the run, in the notes' words (the legend, the runs table
 * and the charts say it the same way). `steps` is the run's budget, for "after N steps". The two kinds of too large are different messages: one
 * overshoots yet still reaches the bottom, the other bounces and stalls above it.
 */
export function verdictSentence(v: Verdict, t: TFunction, steps: number): string {
  switch (v.kind) {
    case 'too-small':
      return t('verdict.sayTooSmall', { steps });
    case 'just-right':
      return t('verdict.sayJustRight', { steps });
    case 'too-large':
      return v.detail === 'oscillating'
        ? t('verdict.sayTooLargeOscillating')
        : t('verdict.sayTooLargeStalled');
    case 'diverged':
      return t('verdict.sayDiverged', { step: v.divergedAt ?? '?' });
  }
}

/**
 * Significant digits in the language's own number format. Grouping is off: a learning rate or loss
 * reads as one number ("1230", not "1,230"), as it is written in a link.
 */
const significant = (x: number, digits: number, lang: string, keepZeros: boolean) =>
  numberFormat(lang, {
    maximumSignificantDigits: digits,
    minimumSignificantDigits: keepZeros ? digits : 1,
    useGrouping: false,
  }).format(x);

const formats = new Map<string, Intl.NumberFormat>();

/**
 * An Intl.NumberFormat, made once per language and options: making one costs tens of
 * microseconds, and a slider move formats every number on the page again.
 */
export function numberFormat(lang: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = JSON.stringify([lang, options]);
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(lang, options);
    formats.set(key, format);
  }
  return format;
}

/**
 * A learning rate for display: three significant digits, exponent notation when tiny or huge
 * (toExponential's "1.00e-4", which every language here reads, rather than Intl's "1.00E-4").
 */
export function formatLr(lr: number, lang = 'en'): string {
  if (lr !== 0 && (Math.abs(lr) < 1e-3 || Math.abs(lr) >= 1e4)) return lr.toExponential(2);
  return significant(lr, 3, lang, false);
}

/** A loss for display (four significant digits); never prints NaN or Infinity. */
export function formatLoss(x: number | undefined, lang = 'en'): string {
  if (x === undefined || !Number.isFinite(x)) return '—';
  if (x === 0) return '0';
  return Math.abs(x) < 1e-3 || Math.abs(x) >= 1e5
    ? x.toExponential(2)
    : significant(x, 4, lang, true);
}

/** Where a learning rate stands against the exact thresholds, in words (slider text, table). */
export function bandLabel(band: Band, bands: StabilityBands, t: TFunction): string {
  const [low, high] = bands.labels;
  switch (band) {
    case 'monotone':
      return t('band.monotone', { low });
    case 'oscillating':
      return t('band.oscillating', { low, high });
    case 'diverging':
      return t('band.diverging', { high });
  }
}

/** The band in one short plain word (beside the slider); the thresholds are in the disclosure. */
export function bandWord(band: Band, t: TFunction): string {
  switch (band) {
    case 'monotone':
      return t('band.shortMonotone');
    case 'oscillating':
      return t('band.shortOscillating');
    case 'diverging':
      return t('band.shortDiverging');
  }
}

/** Optimizers named after their authors keep their names in every language. */
export const OPTIMIZER_PROPER_NAMES: Partial<Record<OptimizerKind, string>> = {
  adagrad: 'Adagrad',
  rmsprop: 'RMSProp',
  adam: 'Adam',
  adamw: 'AdamW',
};

/** An optimizer's name in the page's language (a proper name as it is). */
export function optimizerName(kind: OptimizerKind, t: TFunction): string {
  return OPTIMIZER_PROPER_NAMES[kind] ?? t(`optimizer.${kind}`);
}

/** An optimizer's name in a word, for a label at a line's end (a proper name as it is). */
export function optimizerShortName(kind: OptimizerKind, t: TFunction): string {
  return OPTIMIZER_PROPER_NAMES[kind] ?? t(`optimizer.${kind}Short`);
}
