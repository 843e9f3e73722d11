import type { Language } from '../core/languages';
import type { LangChoice } from './state';

/** The page's languages are the core's vocabulary (src/core/languages.ts); kept here for the link's readers. */
export { LANGUAGES, LANGUAGE_NAMES, type Language } from '../core/languages';

/** Regions that write Traditional characters when a tag names no script. */
const TRADITIONAL_REGIONS = new Set(['TW', 'HK', 'MO']);

/**
 * One browser language tag read as a language the page speaks, or undefined. A script subtag
 * decides first (zh-Hant-HK, zh-Hans-TW), then the region (zh-TW, zh-HK, zh-MO → Traditional;
 * zh-CN, zh-SG and bare zh → Simplified), as CLDR's likely subtags do for Chinese.
 */
export function languageOfTag(tag: string): Language | undefined {
  const parts = tag.trim().replace(/_/g, '-').split('-');
  const base = parts[0]?.toLowerCase();
  if (base === 'en') return 'en';
  if (base !== 'zh') return undefined;
  const rest = parts.slice(1);
  const script = rest.find((p) => p.length === 4)?.toLowerCase();
  if (script === 'hant') return 'zh-Hant';
  if (script === 'hans') return 'zh-Hans';
  const region = rest.find((p) => p.length === 2)?.toUpperCase();
  return region && TRADITIONAL_REGIONS.has(region) ? 'zh-Hant' : 'zh-Hans';
}

/**
 * The page's language: the link's choice when it makes one, else the first of the browser's
 * preferred languages (navigator.languages, passed in) that the page speaks, else English.
 */
export function pickLanguage(choice: LangChoice, preferred: readonly string[]): Language {
  if (choice !== 'auto') return choice;
  for (const tag of preferred) {
    const hit = languageOfTag(tag);
    if (hit) return hit;
  }
  return 'en';
}
