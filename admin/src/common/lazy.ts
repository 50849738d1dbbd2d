import { createElement, lazy, type ComponentType } from 'react';
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
  // A React.lazy component suspends the first time it renders, even when its chunk was loaded ahead: it only learns
  // that its import has resolved when it renders. Outside a transition React then commits the fallback and keeps it
  // at least 300 ms (its throttle of revealed Suspense content): the dashboard, loaded while the password was checked,
  // still left the page empty for about 550 ms after the sign-in. Once loaded (ahead or not), the page renders its
  // component directly; React.lazy is only the way in while the chunk is on its way.
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<ComponentType<P>> | undefined;
  const fetchPage = () =>
    (loading ??= withMessages().then(
      (m) => (loaded = m[name] as ComponentType<P>),
      (e: unknown) => {
        loading = undefined; // a failed chunk request is tried again next time
        throw e;
      },
    ));
  const Lazy = lazy(async () => ({ default: await fetchPage() }));
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const page: ComponentType<P> = (props: P) => createElement((loaded ?? Lazy) as ComponentType<any>, props);
  page.displayName = name;
  loaders.set(page, fetchPage);
  if (prefetch) prefetchers.set(page, prefetch);
  return page;
}

/**
 * What a record's page asks for as it opens, asked for ahead (a show page's `prefetch`): the requests the page makes,
 * under the same query keys, so that the page finds them answered or on their way.
 */
export type PrefetchRecord = (id: Identifier, clients: { queryClient: QueryClient; dataProvider: DataProvider }) => void;

const loaders = new WeakMap<object, () => Promise<unknown>>();
const isPage = (page: unknown): page is object => typeof page === 'function' && loaders.has(page);
const prefetchers = new WeakMap<object, PrefetchRecord>();

/**
 * The record's page about to be opened (a list's row pointed at, focused or clicked): its chunk, and what the page asks
 * for when its lazyPage says (`prefetch`), rather than after the click has drawn the page's frame.
 */
export function prefetchRecordPage(page: unknown, id: Identifier, clients: { queryClient: QueryClient; dataProvider: DataProvider }) {
  preloadPage(page);
  const prefetch = isPage(page) ? prefetchers.get(page) : undefined;
  prefetch?.(id, clients);
}

/**
 * Starts loading a page made by lazyPage (its chunk then waits in the browser's module cache); anything else: nothing.
 * Answers when the page can render without suspending (or its load failed: it is asked for again when rendered).
 */
export function preloadPage(page: unknown): Promise<void> {
  const load = isPage(page) ? loaders.get(page) : undefined;
  return load ? load().then(() => undefined, () => undefined) : Promise.resolve();
}

/** Loads a page when the browser is idle (the page the user will most likely open next). */
export function preloadWhenIdle(page: unknown) {
  const w = window as Window & { requestIdleCallback?: (cb: () => void, opts?: { timeout: number }) => number };
  if (w.requestIdleCallback) w.requestIdleCallback(() => preloadPage(page), { timeout: 2000 });
  else window.setTimeout(() => preloadPage(page), 200);
}
