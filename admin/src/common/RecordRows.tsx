import { forwardRef, useDeferredValue, useEffect, useMemo, type FocusEvent, type KeyboardEvent, type MouseEvent, type ReactElement, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import {
  DataTable, DataTableBody, DataTableRow, ListContextProvider, SimpleList, useCreatePath, useDataProvider, useListContext, useRecordContext, useResourceContext, useResourceDefinition,
  type DataTableProps, type DataTableRowProps,
} from 'react-admin';
import { pageOf } from '../resources';
import { prefetchRecordPage, preloadWhenIdle } from './lazy';
import { useSmall } from './responsive';

/**
 * A list row that is a link: reachable with Tab, opened with Enter like a click (`data-testid="list-row"`, `data-id`,
 * `data-href` for the preloading of its page).
 */
const LinkRow = forwardRef<HTMLTableRowElement, DataTableRowProps>((props, ref) => {
  const record = useRecordContext();
  const resource = useResourceContext();
  const { hasShow, hasEdit } = useResourceDefinition();
  const createPath = useCreatePath();
  const navigate = useNavigate();
  const type = hasShow ? 'show' : hasEdit ? 'edit' : null;
  const to = record && resource && type ? createPath({ resource, id: record.id, type }) : null;
  const queryClient = useQueryClient();
  const dataProvider = useDataProvider();
  // the page about to open: its chunk and what it asks for (lazyPage's `prefetch`), from the moment the row is pointed
  // at or focused (and at the latest on the click, before the page's frame is drawn)
  const prefetch = () => {
    if (to && record && resource && type) prefetchRecordPage(pageOf(resource, type), record.id, { queryClient, dataProvider });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTableRowElement>) => {
    if (to && e.key === 'Enter' && e.target === e.currentTarget) {
      e.preventDefault();
      prefetch();
      navigate(to);
    }
  };
  // opens the record at once (react-admin's row click first asks, asynchronously, where to go); a click on a link,
  // button or checkbox in the row is theirs
  const onClick = (e: MouseEvent<HTMLTableRowElement>) => {
    if (!to || (e.target as HTMLElement).closest('a, button, input, label, [role="button"], [role="checkbox"]')) return;
    prefetch();
    navigate(to);
  };
  return (
    <DataTableRow
      ref={ref}
      {...props}
      tabIndex={to ? 0 : undefined}
      onKeyDown={onKeyDown}
      onClick={onClick}
      onPointerEnter={prefetch}
      onFocus={(e: FocusEvent<HTMLTableRowElement>) => e.target === e.currentTarget && prefetch()}
      data-testid="list-row"
      data-id={record ? String(record.id) : undefined}
      data-href={to ? `#${to}` : undefined}
      sx={{ ...(props.sx as object), '&:focus-visible': { outline: '2px solid', outlineColor: 'primary.main', outlineOffset: -2 } }}
    />
  );
});
LinkRow.displayName = 'LinkRow';

const LinkBody = (props: object) => <DataTableBody {...props} row={LinkRow} />;

export interface RecordRowsProps extends Omit<DataTableProps, 'children' | 'body'> {
  /** the columns (DataTable.Col) of the table shown from 600 px up */
  children: ReactNode;
  /** below 600 px the rows are cards: these three lines, each an element rendered in the record's context (default: the record's name) */
  card?: { primary?: ReactElement; secondary?: ReactElement; tertiary?: ReactElement };
}

/**
 * The rows of a resource's list: a table whose rows are links (Tab, Enter) from 600 px up, cards (SimpleList: each a
 * link) on a phone. While it is shown, the resource's show page loads in the background, ready for the click.
 */
export const RecordRows = ({ children, card = {}, rowClick = 'show', ...rest }: RecordRowsProps) => {
  const small = useSmall();
  const resource = useResourceContext();
  useEffect(() => {
    if (resource) preloadWhenIdle(pageOf(resource, 'show'));
  }, [resource]);
  if (small) {
    return (
      <SimpleList
        primaryText={card.primary}
        secondaryText={card.secondary}
        tertiaryText={card.tertiary}
        rowClick="show"
        rowSx={rest.rowSx as never}
        sx={{ '& .MuiListItemText-root': { minWidth: 0 } }}
      />
    );
  }
  return (
    <DeferredRows>
      <DataTable rowClick={rowClick} body={LinkBody} {...rest}>
        {children}
      </DataTable>
    </DeferredRows>
  );
};

/**
 * The table renders a change of the list (its rows arriving, another page, a filter) as a deferred render, which React
 * splits into short tasks, rather than in the task that delivered the answer: react-query's answer reaches react-admin's
 * list through useSyncExternalStore, a synchronous render of every row with its fields at once (the incident list's
 * longest task, 340 ms under load). The filters, pagination, bulk toolbar and the rows' selection follow the list at
 * once; new rows a moment later.
 */
const DeferredRows = ({ children }: { children: ReactElement }) => {
  const list = useListContext();
  // only the rows wait: the selection (a row's checkbox) and the rest of the list's state stay current, or a checkbox
  // would show its old state until the deferred render and a click could seem lost
  const data = useDeferredValue(list.data);
  const value = useMemo(() => (data === list.data ? list : ({ ...list, data } as typeof list)), [list, data]);
  return <ListContextProvider value={value}>{children}</ListContextProvider>;
};
