import polyglotI18nProvider from 'ra-i18n-polyglot';
import type { I18nProvider, TranslationMessages } from 'react-admin';
import type { Locale } from '@incident-desk/shared';
import { hasMessages, loadedMessages, loadMessages } from './catalog';
import type { MessagePart } from './modules';
import { getDefaultLocale, isLocale, LANGUAGES, rememberDeviceLocale, setDocumentLanguage } from './locale';

/**
 * The UI's translations (ra-i18n-polyglot) over the messages loaded so far (i18n/catalog.ts): the start part of the
 * UI's language before the app shows (i18nReady), the rest with the first page that needs it (loadPageMessages), the
 * other language when the user switches to it.
 */
const asLocale = (locale: string): Locale => (isLocale(locale) ? locale : 'en');

/** Set once a page has asked for the rest: a language switched to afterwards loads its rest too, before it applies. */
let restWanted = false;

const getMessages = (value: string): TranslationMessages | Promise<TranslationMessages> => {
  const locale = asLocale(value);
  const parts: MessagePart[] = restWanted ? ['start', 'rest'] : ['start'];
  const current = () => loadedMessages(locale) as TranslationMessages;
  if (parts.every((part) => hasMessages(locale, part))) return current();
  return Promise.all(parts.map((part) => loadMessages(locale, part))).then(current);
};

let polyglot: I18nProvider | undefined;

const provider = (): I18nProvider => {
  if (!polyglot) throw new Error('the messages are not loaded yet: render the app after i18nReady()');
  return polyglot;
};

/** Loads the start part of the UI's language; the app renders once it has arrived (main.tsx). */
export const i18nReady = (): Promise<void> => {
  const locale = getDefaultLocale();
  return loadMessages(locale, 'start').then(() => {
    // polyglot wants the messages of its first language at hand (they are now)
    polyglot ??= polyglotI18nProvider(getMessages, locale, LANGUAGES);
    setDocumentLanguage(polyglot.getLocale());
  });
};

/** The rest of the UI's language (every page but the dashboard waits for it: common/lazy.ts). */
export const loadPageMessages = (): Promise<void> => {
  restWanted = true;
  if (!polyglot) return i18nReady().then(loadPageMessages);
  const locale = asLocale(polyglot.getLocale());
  if (hasMessages(locale, 'rest')) return Promise.resolve();
  return loadMessages(locale, 'rest').then(() => {
    // the translations again, with the texts just arrived (a language switched to meanwhile loaded its own)
    if (provider().getLocale() === locale) return provider().changeLocale(locale);
  });
};

/** The current UI language, for what is computed outside React's render (record representations). */
export const currentLocale = (): Locale => (provider().getLocale() === 'en' ? 'en' : 'zh-CN');

export const i18nProvider: I18nProvider = {
  translate: (key, options) => provider().translate(key, options),
  changeLocale: async (locale, options) => {
    await provider().changeLocale(locale, options);
    rememberDeviceLocale(locale);
  },
  getLocale: () => provider().getLocale(),
  getLocales: () => LANGUAGES,
};
