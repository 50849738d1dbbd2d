import { useLocaleState } from 'react-admin';
import { enumChoices, type Locale } from '@incident-desk/shared';

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

export const GRADES = ['especially_major', 'major', 'relatively_major', 'general'] as const;

export const LOCALE_CHOICES = [
  { id: 'zh-CN', name: 'app.locales.zh_CN' },
  { id: 'en', name: 'app.locales.en' },
];
