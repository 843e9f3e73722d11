import { Component, type ReactNode } from 'react';
import { createI18n } from '../i18n/i18n';
import { pickLanguage } from '../url/language';
import { decode } from '../url/codec';

interface State {
  error?: Error;
}

/**
 * The last line against a blank page: if rendering throws, say so and offer a way back. The URL is
 * left as it was, so nothing the user set is lost by reloading.
 */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = {};

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    // Outside the page's i18n provider (it may be what failed): the language from the link or browser.
    const lang = pickLanguage(decode(window.location.search).state.lang, navigator.languages);
    const t = createI18n(lang).getFixedT(lang);
    return (
      <div className="app" data-status="running" role="alert">
        <h1>lr-lab</h1>
        <p>{t('error.drawing', { message: this.state.error.message })}</p>
        <p>
          <button type="button" onClick={() => window.location.reload()}>
            {t('error.reload')}
          </button>{' '}
          <a href="./">{t('error.home')}</a>
        </p>
      </div>
    );
  }
}
