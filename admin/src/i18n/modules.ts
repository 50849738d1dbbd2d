/**
 * Each feature folder keeps its own messages in `<folder>/messages.ts`, exporting `en` and `zhCN` (the same keys in
 * both), so that a new screen adds its labels beside its code without editing one shared file.
 *
 * They are not loaded with the app. At build time (the `incident-desk-messages` plugin in vite.config.ts) they are read
 * and cut by language and by when they are needed, into two parts per language, each a chunk of its own:
 * - `start`: react-admin's own messages, the features of the first screen (FIRST_SCREEN_FEATURES: the layout, the
 *   dashboards, the command palette, the sign-in page inside the app) and every resource's name (the menu);
 * - `rest`: every other feature's messages, loaded with the first page that is not the dashboard (lazyPage waits for
 *   them): a page shows other features' labels too (the incident page those of tasks, timeline, clocks,
 *   communications, attachments), so a page needs them all.
 * Only the UI's language is loaded; the other one when the user switches (i18n/catalog.ts).
 */
export type Messages = { [key: string]: string | Messages };

/** The folders whose messages the first screen (layout, dashboard of each role) uses. */
export const FIRST_SCREEN_FEATURES = ['common', 'login', 'dashboard', 'work', 'notifications', 'communications', 'settings'];

/** The parts of one language's messages (see above). */
export const MESSAGE_PARTS = ['start', 'rest'] as const;
export type MessagePart = (typeof MESSAGE_PARTS)[number];

export function deepMerge(target: Messages, source: Messages): Messages {
  const out: Messages = { ...target };
  for (const [key, value] of Object.entries(source)) {
    const existing = out[key];
    out[key] = typeof value === 'object' && typeof existing === 'object' ? deepMerge(existing, value) : value;
  }
  return out;
}

/** `resources.<name>.name` of each resource in `messages` (the menu's entries), and nothing else. */
export function resourceNames(messages: Messages): Messages {
  const resources = messages.resources;
  if (typeof resources !== 'object') return {};
  const names = Object.entries(resources).flatMap(([name, r]) => (typeof r === 'object' && typeof r.name === 'string' ? [[name, { name: r.name }]] : []));
  return names.length ? { resources: Object.fromEntries(names) } : {};
}
