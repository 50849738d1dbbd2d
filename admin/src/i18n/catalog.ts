import type { Locale } from '@incident-desk/shared';
import { deepMerge, type MessagePart, type Messages } from './modules';

/**
 * The messages loaded so far, per language, and their loading (the parts are in i18n/modules.ts). Small and free of
 * react-admin: the first script (main.tsx) starts loading the start part while the password is checked.
 */
const LOADERS: Record<Locale, Record<MessagePart, () => Promise<{ default: Messages }>>> = {
  en: {
    start: () => import('virtual:incident-desk-messages/en/start'),
    rest: () => import('virtual:incident-desk-messages/en/rest'),
  },
  'zh-CN': {
    start: () => import('virtual:incident-desk-messages/zh-CN/start'),
    rest: () => import('virtual:incident-desk-messages/zh-CN/rest'),
  },
};

const loaded: Partial<Record<Locale, Messages>> = {};
const loading = new Map<string, Promise<void>>();
const arrived = new Set<string>();

/** Loads a part of a language's messages (once; a failed load is tried again on the next call). */
export function loadMessages(locale: Locale, part: MessagePart): Promise<void> {
  const key = `${locale}/${part}`;
  let p = loading.get(key);
  if (!p) {
    p = LOADERS[locale][part]().then(
      ({ default: messages }) => {
        loaded[locale] = deepMerge(loaded[locale] ?? {}, messages);
        arrived.add(key);
      },
      (e: unknown) => {
        loading.delete(key);
        throw e;
      },
    );
    loading.set(key, p);
  }
  return p;
}

/** Whether that part has arrived. */
export const hasMessages = (locale: Locale, part: MessagePart): boolean => arrived.has(`${locale}/${part}`);

/** A language's messages loaded so far (undefined before its start part). */
export const loadedMessages = (locale: Locale): Messages | undefined => loaded[locale];
