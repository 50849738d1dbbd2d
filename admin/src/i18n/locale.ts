import { LOCALES, type Locale } from '@incident-desk/shared';

/**
 * The UI language: the device's own choice, the user's profile language after sign-in, the browser's. Kept apart from the
 * message files so that the sign-in page, which shows before the rest of the app has loaded, needs nothing else.
 */
const LANGUAGE_NAMES: Record<Locale, string> = { 'zh-CN': '中文', en: 'English' };

/** The language menu's choices: shared's locales, each under its own name. */
export const LANGUAGES: { locale: Locale; name: string }[] = LOCALES.map((locale) => ({ locale, name: LANGUAGE_NAMES[locale] }));

/** Our own copy of the choice: react-admin's store (which also keeps it) is reset on logout. */
const LOCALE_KEY = 'incidentDesk.locale';
/** The language of the user's profile, waiting to be applied after sign-in (see ProfileLocale in layout.tsx). */
const PROFILE_LOCALE_KEY = 'incidentDesk.profileLocale';

export const isLocale = (value: unknown): value is Locale => (LOCALES as readonly unknown[]).includes(value);

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

export const setDocumentLanguage = (locale: string) => {
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
};

/** While the profile's language is being applied it is not remembered as this device's own choice. */
let applyingProfile: string | null = null;

/** The user chose `locale` on this device (the language switcher): it wins over the profile's from now on. */
export const rememberDeviceLocale = (locale: string) => {
  try {
    if (applyingProfile === locale) applyingProfile = null;
    else window.localStorage.setItem(LOCALE_KEY, locale);
  } catch {
    // storage unavailable
  }
  setDocumentLanguage(locale);
};

/**
 * At sign-in: the user's profile language applies, unless this device has its own choice (made with the language
 * switcher, here or on the sign-in page), which wins.
 */
export const rememberProfileLocale = (locale: unknown) => {
  try {
    if (isLocale(locale) && !isLocale(window.localStorage.getItem(LOCALE_KEY))) window.sessionStorage.setItem(PROFILE_LOCALE_KEY, locale);
    else window.sessionStorage.removeItem(PROFILE_LOCALE_KEY);
  } catch {
    // storage unavailable
  }
};

/** The profile language to switch to from `current`, if one waits (once: it is forgotten as it is read). */
export const takeProfileLocale = (current: string): Locale | null => {
  try {
    const locale = window.sessionStorage.getItem(PROFILE_LOCALE_KEY);
    window.sessionStorage.removeItem(PROFILE_LOCALE_KEY);
    if (!isLocale(locale) || locale === current) return null;
    applyingProfile = locale;
    return locale;
  } catch {
    return null;
  }
};
