import polyglotI18nProvider from 'ra-i18n-polyglot';
import type { I18nProvider, TranslationMessages } from 'react-admin';
import type { Locale } from '@incident-desk/shared';
import enMessages from './en';
import zhMessages from './zh-CN';

export const LOCALES: { locale: Locale; name: string }[] = [
  { locale: 'zh-CN', name: '中文' },
  { locale: 'en', name: 'English' },
];

const MESSAGES: Record<Locale, TranslationMessages> = { 'zh-CN': zhMessages, en: enMessages };

/** Our own copy of the choice: react-admin's store (which also keeps it) is reset on logout. */
const LOCALE_KEY = 'incidentDesk.locale';

const isLocale = (value: unknown): value is Locale => value === 'zh-CN' || value === 'en';

const storedLocale = (): Locale | null => {
  try {
    const own = window.localStorage.getItem(LOCALE_KEY);
    if (isLocale(own)) return own;
    const raw = window.localStorage.getItem('RaStore.locale');
    const fromStore = raw ? JSON.parse(raw) : null;
    if (isLocale(fromStore)) return fromStore;
  } catch {
    // storage unavailable
  }
  return null;
};

/** The stored choice, else English for an English browser, else Chinese. */
export const getDefaultLocale = (): Locale => {
  const stored = storedLocale();
  if (stored) return stored;
  const browser = typeof navigator !== 'undefined' ? navigator.language || '' : '';
  return browser.toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
};

export const getMessages = (locale: string): TranslationMessages => MESSAGES[isLocale(locale) ? locale : 'en'];

const polyglotProvider = polyglotI18nProvider(getMessages, getDefaultLocale(), LOCALES);

const setDocumentLanguage = (locale: string) => {
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
};
setDocumentLanguage(polyglotProvider.getLocale());

export const i18nProvider: I18nProvider = {
  ...polyglotProvider,
  changeLocale: async (locale, options) => {
    await polyglotProvider.changeLocale(locale, options);
    try {
      window.localStorage.setItem(LOCALE_KEY, locale);
    } catch {
      // storage unavailable
    }
    setDocumentLanguage(locale);
  },
};
