import { lazy, type ComponentType } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import type { DataProvider, Identifier } from 'react-admin';
import { loadPageMessages } from '../i18n';

/**
 * A page of a resource, loaded when it is first shown (its own chunk): `lazyPage(() => import('./IncidentList'),
 * 'IncidentList')`. react-admin's Layout shows its loading indicator meanwhile (a Suspense boundary). The page waits for
 * the rest of the UI's messages too (i18n/modules.ts), loaded alongside; a part of the first screen (`firstScreen`:
 * the dashboards) has its messages from the start.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function lazyPage<M extends Record<string, unknown>, P = any>(
  load: () => Promise<M>,
  name: keyof M & string,
  { firstScreen = false, prefetch }: { firstScreen?: boolean; prefetch?: PrefetchRecord } = {},
): ComponentType<P> {
  const withMessages = firstScreen ? load : () => Promise.all([load(), loadPageMessages()]).then(([m]) => m);
  const page = lazy(async () => ({ default: (await withMessages())[name] as ComponentType<P> }));
  loaders.set(page, withMessages);
  if (prefetch) prefetchers.set(page, prefetch);
  return page;
}

/**
 * What a record's page asks for as it opens, asked for ahead (a show page's `prefetch`): the requests the page makes,
 * under the same query keys, so that the page finds them answered or on their way.
 */
export type PrefetchRecord = (id: Identifier, clients: { queryClient: QueryClient; dataProvider: DataProvider }) => void;

const loaders = new WeakMap<object, () => Promise<unknown>>();
const prefetchers = new WeakMap<object, PrefetchRecord>();

/**
 * The record's page about to be opened (a list's row pointed at, focused or clicked): its chunk, and what the page asks
 * for when its lazyPage says (`prefetch`), rather than after the click has drawn the page's frame.
 */
export function prefetchRecordPage(page: unknown, id: Identifier, clients: { queryClient: QueryClient; dataProvider: DataProvider }) {
  preloadPage(page);
  const prefetch = page && typeof page === 'object' ? prefetchers.get(page) : undefined;
  prefetch?.(id, clients);
}

/** Starts loading a page made by lazyPage (its chunk then waits in the browser's module cache); anything else: nothing. */
export function preloadPage(page: unknown) {
  const load = page && typeof page === 'object' ? loaders.get(page) : undefined;
  if (load) void load().catch(() => undefined);
}

/** Loads a page when the browser is idle (the page the user will most likely open next). */
export function preloadWhenIdle(page: unknown) {
  const w = window as Window & { requestIdleCallback?: (cb: () => void, opts?: { timeout: number }) => number };
  if (w.requestIdleCallback) w.requestIdleCallback(() => preloadPage(page), { timeout: 2000 });
  else window.setTimeout(() => preloadPage(page), 200);
}
