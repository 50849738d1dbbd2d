import type { ReactNode } from 'react';

/**
 * Marks what users wrote (titles, names, notes, subjects…) in the DOM: `data-user-text`. Everything else on a page is
 * the UI's own text, in the UI language; the English browser test skips exactly these elements when it looks for
 * Chinese characters.
 */
export const USER_TEXT = { 'data-user-text': '' } as const;

export const UserText = ({ children }: { children: ReactNode }) => <span {...USER_TEXT}>{children}</span>;
