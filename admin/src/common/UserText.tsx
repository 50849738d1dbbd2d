import type { ReactNode } from 'react';
import { DataTable, TextField, type DataTableColumnProps } from 'react-admin';

/**
 * Marks what users wrote (titles, names, notes, subjects…) in the DOM: `data-user-text`. Everything else on a page is
 * the UI's own text, in the UI language; the English browser test skips exactly these elements when it looks for
 * Chinese characters.
 */
export const USER_TEXT = { 'data-user-text': '' } as const;

export const UserText = ({ children }: { children: ReactNode }) => <span {...USER_TEXT}>{children}</span>;

/** A table column of text users wrote (a title, a name): react-admin's column with its text marked as such. */
export const UserTextColumn = ({ source, ...props }: Omit<DataTableColumnProps, 'children'> & { source: string }) => (
  <DataTable.Col source={source} {...props}>
    <TextField source={source} {...USER_TEXT} />
  </DataTable.Col>
);
