import { decode } from '../url/codec';
import { pickLanguage } from '../url/language';
import { formatLoss, formatLr } from './labels';

/**
 * Makes the number formats the first figure uses (its learning rates and losses), while the
 * page's own code is still loading. The first Intl.NumberFormat of a page loads the browser's
 * locale data: 60–900 ms here in a fresh Chromium page (measured on this 2-core machine under
 * load; a tenth of the main thread's time before the first figure), which otherwise falls inside
 * the first render. The formats are cached (labels.ts numberFormat), so the render finds them made.
 */
export function warmFormats(search: string): void {
  try {
    const lang = pickLanguage(decode(search).state.lang, navigator.languages);
    formatLr(0.5, lang);
    formatLoss(0.5, lang);
  } catch {
    // Only a head start: the first render makes them if this could not.
  }
}
