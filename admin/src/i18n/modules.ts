/**
 * Each feature folder may keep its own messages in `<folder>/messages.ts` exporting `en` and `zhCN` (the same
 * keys in both). They are found at build time and merged into the app's messages, so a new screen adds its labels
 * beside its code without editing one shared file.
 */
type Messages = { [key: string]: string | Messages };

export function deepMerge(target: Messages, source: Messages): Messages {
  const out: Messages = { ...target };
  for (const [key, value] of Object.entries(source)) {
    const existing = out[key];
    out[key] = typeof value === 'object' && typeof existing === 'object' ? deepMerge(existing, value) : value;
  }
  return out;
}

const found = import.meta.glob<{ en: Messages; zhCN: Messages }>('../*/messages.ts', { eager: true });

export const moduleMessagesEn: Messages = Object.values(found).reduce<Messages>((acc, m) => deepMerge(acc, m.en), {});
export const moduleMessagesZh: Messages = Object.values(found).reduce<Messages>((acc, m) => deepMerge(acc, m.zhCN), {});
