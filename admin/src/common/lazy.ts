import { lazy, type ComponentType } from 'react';

/**
 * A page of a resource, loaded when it is first shown (its own chunk): `lazyPage(() => import('./IncidentList'),
 * 'IncidentList')`. react-admin's Layout shows its loading indicator meanwhile (a Suspense boundary).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function lazyPage<M extends Record<string, unknown>, P = any>(load: () => Promise<M>, name: keyof M & string): ComponentType<P> {
  const page = lazy(async () => ({ default: (await load())[name] as ComponentType<P> }));
  loaders.set(page, load);
  return page;
}

const loaders = new WeakMap<object, () => Promise<unknown>>();

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
