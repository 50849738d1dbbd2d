import { createElement, Suspense } from 'react';
import { renderToString } from 'react-dom/server';
import { lazyPage, preloadPage } from './lazy';

// the rest of the UI's messages: loaded with a page that is not on the first screen (none is loaded here)
jest.mock('../i18n', () => ({ loadPageMessages: () => Promise.resolve() }));

/**
 * What a page shows in a first render: its own content, or the Suspense fallback while it suspends (renderToString does
 * not wait: it writes the fallback, with React's markers and a note that the client is to render the rest).
 */
const firstRender = (page: unknown) =>
  renderToString(createElement(Suspense, { fallback: 'loading…' }, createElement(page as () => null)))
    .replace(/<!--.*?-->/g, '')
    .replace(/<template[\s\S]*?<\/template>/g, '');

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('lazyPage', () => {
  it('draws a page loaded ahead in its first render, without suspending', async () => {
    const page = lazyPage(async () => ({ Page: () => 'the page' }), 'Page');
    preloadPage(page);
    await settle();
    expect(firstRender(page)).toBe('the page');
  });

  it('suspends a page whose code has not been asked for, and draws it once loaded', async () => {
    let loads = 0;
    const page = lazyPage(async () => ({ Page: () => 'the page', n: (loads += 1) }), 'Page', { firstScreen: true });
    expect(firstRender(page)).toBe('loading…');
    await settle();
    expect(firstRender(page)).toBe('the page');
    expect(loads).toBe(1);
  });

  it('asks again for code that failed to load (a lost connection), rather than keeping the failure', async () => {
    let fail = true;
    const page = lazyPage(async () => {
      if (fail) throw new Error('chunk failed');
      return { Page: () => 'the page' };
    }, 'Page', { firstScreen: true });
    preloadPage(page);
    await settle();
    expect(firstRender(page)).toBe('loading…');
    await settle(); // the render's own attempt fails too
    fail = false;
    preloadPage(page);
    await settle();
    expect(firstRender(page)).toBe('the page');
  });
});
