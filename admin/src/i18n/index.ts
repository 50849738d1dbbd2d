import polyglotI18nProvider from 'ra-i18n-polyglot';
import type { I18nProvider, TranslationMessages } from 'react-admin';
import type { Locale } from '@incident-desk/shared';
import enMessages from './en';
import zhMessages from './zh-CN';
import { getDefaultLocale, isLocale, LOCALES, rememberDeviceLocale, setDocumentLanguage } from './locale';

const MESSAGES: Record<Locale, TranslationMessages> = { 'zh-CN': zhMessages, en: enMessages };

export const getMessages = (locale: string): TranslationMessages => MESSAGES[isLocale(locale) ? locale : 'en'];

const polyglotProvider = polyglotI18nProvider(getMessages, getDefaultLocale(), LOCALES);
setDocumentLanguage(polyglotProvider.getLocale());

/** The current UI language, for what is computed outside React's render (record representations). */
export const currentLocale = (): Locale => (polyglotProvider.getLocale() === 'en' ? 'en' : 'zh-CN');

export const i18nProvider: I18nProvider = {
  ...polyglotProvider,
  changeLocale: async (locale, options) => {
    await polyglotProvider.changeLocale(locale, options);
    rememberDeviceLocale(locale);
  },
};
