import { useLocaleState } from 'react-admin';
import { ENUM_LABELS, enumChoices, type Locale, type LocalText } from '@incident-desk/shared';

/** Current UI locale narrowed to the app's locales. */
export const useAppLocale = (): Locale => {
  const [locale] = useLocaleState();
  return locale === 'zh-CN' ? 'zh-CN' : 'en';
};

/**
 * Choices for an enum (`role`, `operatorType`, `clientStatus`, `auditAction`) labelled in the current locale
 * from the shared ENUM_LABELS. Use with `translateChoice={false}`: the labels are already translated.
 */
export const useEnumChoices = (kind: string) => enumChoices(kind, useAppLocale());

/** A label for an enum value from the shared labels; the raw value when unknown, "—" when empty. */
export const enumLabel = (kind: string, value: string | null | undefined, locale: Locale) =>
  value ? (ENUM_LABELS[kind]?.[value]?.[locale] ?? value) : '—';

export const LOCALE_CHOICES = [
  { id: 'zh-CN', name: 'app.locales.zh_CN' },
  { id: 'en', name: 'app.locales.en' },
];

/** A text kept in both languages (playbooks, templates) in the UI language, the other one when it is empty. */
export const localText = (t: LocalText | null | undefined, locale: Locale) => (t ? t[locale] || t[locale === 'en' ? 'zh-CN' : 'en'] || '' : '');
