/**
 * What goes in front of the browser tab's title (the unread notifications' count, "(3) "): the layout writes the title
 * (the page's, then "· Incident Desk") and puts this in front; the bell sets it.
 */
let prefix = '';
const listeners = new Set<() => void>();

export const titlePrefix = () => prefix;

export function setTitlePrefix(value: string) {
  if (value === prefix) return;
  prefix = value;
  for (const l of listeners) l();
}

/** Calls `listener` when the prefix changes; returns the way to stop. */
export function onTitlePrefix(listener: () => void): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}
