import { useAppLocale } from '../common/enums';
import { SETTINGS_TEXT, type SettingsText } from './texts';

type Section = keyof SettingsText;

/** `text('settings', 'name')`, `text('mfa', 'on', { n: 3 })` in the UI language. */
export function useSettingsText() {
  const locale = useAppLocale();
  return <S extends Section>(section: S, key: keyof SettingsText[S], vars: Record<string, string | number> = {}) =>
    String(SETTINGS_TEXT[locale][section][key]).replace(/%\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
}
