import { Fragment, type ReactNode } from 'react';
import { Box, Card, CardContent, CardHeader, Chip, List, ListItem, ListItemText, Typography } from '@mui/material';
import { Link, useCreatePath, useGetMany, useTranslate } from 'react-admin';
import type { ClientRecord, Resource } from '@incident-desk/shared';
import { useFirmFormat } from '../common/FirmDateField';
import { Countdown } from '../common/clock';
import { enumLabel, useAppLocale } from '../common/enums';
import { USER_TEXT } from '../common/UserText';
import { deadlinesParams, nextDayFilter, useAsOf, useDashboardList } from './api';
import type { DashIncident, DashObligation } from './types';

/** A part of a line: the UI's text, or `{ user }` for what users wrote (a client's name, a title). */
export type Part = string | null | undefined | false | { user: string | null | undefined };

/** Parts joined with " · " (the empty ones left out); what users wrote is marked as such. */
export const Parts = ({ items }: { items: Part[] }) => {
  const shown = items.filter((p): p is string | { user: string } => !!p && (typeof p === 'string' || !!p.user));
  return (
    <>
      {shown.map((p, n) => (
        <Fragment key={n}>
          {n > 0 && ' · '}
          {typeof p === 'string' ? p : <span {...USER_TEXT}>{p.user}</span>}
        </Fragment>
      ))}
    </>
  );
};

/** A dashboard card: title, an optional total (`data-testid={countTestId}`), content. */
export const DashCard = ({
  title,
  testId,
  count,
  countTestId,
  countColor = 'default',
  children,
}: {
  title: string;
  testId: string;
  count?: number;
  countTestId?: string;
  countColor?: 'default' | 'error' | 'warning' | 'primary';
  children: ReactNode;
}) => {
  const translate = useTranslate();
  return (
    <Card data-testid={testId} variant="outlined" sx={{ height: '100%' }}>
      <CardHeader
        title={translate(title)}
        slotProps={{ title: { variant: 'subtitle1', component: 'h2', sx: { fontWeight: 600 } } }}
        action={
          count === undefined ? undefined : (
            <Chip label={count} color={count > 0 ? countColor : 'default'} data-testid={countTestId} data-count={count} sx={{ mt: 0.5, mr: 1, fontWeight: 600 }} />
          )
        }
        sx={{ pb: 0 }}
      />
      <CardContent>{children}</CardContent>
    </Card>
  );
};

/** "Nothing here" in a list. */
export const Empty = ({ text }: { text: string }) => {
  const translate = useTranslate();
  return (
    <Typography variant="body2" color="text.secondary" data-testid="dashboard-empty">
      {translate(text)}
    </Typography>
  );
};

/** "… and 12 more" under a truncated list. */
export const More = ({ shown, total, to }: { shown: number; total: number; to?: string }) => {
  const translate = useTranslate();
  if (total <= shown) return null;
  const text = translate('incidentDesk.dashboard.more', { count: total - shown });
  return (
    <Typography variant="body2" sx={{ mt: 1 }}>
      {to ? <Link to={to}>{text}</Link> : text}
    </Typography>
  );
};

/** Incidents and clients by id, for the lines of the lists (one request each, for the ids shown). */
export const useRefs = (incidentIds: (string | null | undefined)[], clientIds: (string | null | undefined)[]) => {
  const ids = (list: (string | null | undefined)[]) => [...new Set(list.filter((x): x is string => !!x))];
  const incidents = useGetMany<DashIncident & { id: string }>('incidents', { ids: ids(incidentIds) }, { enabled: ids(incidentIds).length > 0 });
  const clients = useGetMany<ClientRecord>('clients', { ids: ids(clientIds) }, { enabled: ids(clientIds).length > 0 });
  return {
    incident: (id: string | null | undefined) => (id ? incidents.data?.find((i) => i.id === id) : undefined),
    client: (id: string | null | undefined) => (id ? clients.data?.find((c) => c.id === id) : undefined),
  };
};

/** "INC-2026-0002" linking to the incident. */
export const IncidentLink = ({ incident }: { incident?: Pick<DashIncident, 'id' | 'reference' | 'title'> }) => {
  const createPath = useCreatePath();
  if (!incident) return null;
  return (
    <Link to={createPath({ resource: 'incidents', id: incident.id, type: 'show' })} title={incident.title} data-testid="incident-link" data-href={`#/incidents/${incident.id}/show`}>
      {incident.reference}
    </Link>
  );
};

/**
 * A card of pending obligations (the clocks) for a filter, nearest first: the total in the header
 * (`data-testid={countTestId}`), each line `data-testid="deadline"` with its rule, incident, client, due time in the
 * firm's zone and a live countdown.
 */
export const DeadlinesCard = ({
  title,
  testId,
  countTestId,
  filter,
  perPage = 10,
  showClient = true,
}: {
  title: string;
  testId: string;
  countTestId: string;
  filter: Record<string, unknown>;
  perPage?: number;
  showClient?: boolean;
}) => {
  const locale = useAppLocale();
  const format = useFirmFormat();
  const { data: list, isPending, error } = useDashboardList<DashObligation>('obligations', deadlinesParams(filter, perPage));
  const { data, total } = list ?? {};
  const refs = useRefs(data?.map((o) => o.incidentId) ?? [], showClient ? (data?.map((o) => o.clientId) ?? []) : []);
  return (
    <DashCard title={title} testId={testId} count={isPending || error ? undefined : (total ?? 0)} countTestId={countTestId} countColor="error">
      {isPending ? null : error ? (
        <Empty text="incidentDesk.dashboard.load_error" />
      ) : !data?.length ? (
        <Empty text="incidentDesk.dashboard.no_deadlines" />
      ) : (
        <>
          <List dense disablePadding>
            {data.map((o) => {
              const incident = refs.incident(o.incidentId);
              const client = showClient ? refs.client(o.clientId) : undefined;
              return (
                <ListItem key={o.id} disableGutters data-testid="deadline" data-obligation-id={o.id} data-due-at={o.dueAt} data-status={o.status}>
                  <ListItemText
                    primary={
                      <Box component="span" sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', alignItems: 'baseline' }}>
                        <span>{enumLabel('obligationRule', o.rule, locale)}</span>
                        <IncidentLink incident={incident} />
                      </Box>
                    }
                    secondary={<Parts items={[{ user: client?.name }, o.authority?.[locale], format.dateTime(o.dueAt)]} />}
                  />
                  <Countdown dueAt={o.dueAt} sx={{ flexShrink: 0, ml: 1 }} />
                </ListItem>
              );
            })}
          </List>
          <More shown={data.length} total={total ?? data.length} />
        </>
      )}
    </DashCard>
  );
};

/** The clocks of the next 24 hours: open obligations due by then, overdue ones included (the consultant's and the manager's card). */
export const NextDayDeadlines = () => {
  const asOf = useAsOf();
  return (
    <DeadlinesCard
      title="incidentDesk.dashboard.deadlines_24h"
      testId="dashboard-deadlines"
      countTestId="deadlines-count"
      filter={nextDayFilter(asOf)}
    />
  );
};

/**
 * A titled box around a chart, `data-testid={testId}` (the chart's svg is inside); `values`, when given, are the
 * figures charted, as JSON in `data-values` (what a test compares with the API).
 */
export const ChartBox = ({ testId, title, values, children }: { testId: string; title: string; values?: unknown; children: ReactNode }) => {
  const translate = useTranslate();
  return (
    <Box data-testid={testId} data-values={values === undefined ? undefined : JSON.stringify(values)} sx={{ width: '100%' }}>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 0.5 }}>
        {translate(title)}
      </Typography>
      {children}
    </Box>
  );
};

/**
 * A card listing the first lines of a resource's list for a filter, with the server's total in the header
 * (`data-testid={countTestId}`) and each line `data-testid={lineTestId}`.
 */
export function ListCard<T extends { id: string }>({
  title,
  testId,
  countTestId,
  lineTestId,
  resource,
  filter,
  sort,
  perPage = 6,
  empty,
  countColor = 'warning',
  line,
  refs,
}: {
  title: string;
  testId: string;
  countTestId: string;
  lineTestId: string;
  resource: Resource;
  filter: Record<string, unknown>;
  sort: { field: string; order: 'ASC' | 'DESC' };
  perPage?: number;
  empty: string;
  countColor?: 'default' | 'error' | 'warning' | 'primary';
  /** the text of a line: primary, secondary and something on the right */
  line: (record: T, refs: ReturnType<typeof useRefs>) => { primary: ReactNode; secondary?: ReactNode; right?: ReactNode };
  /** which ids of a record to look up (incident, client) */
  refs?: (record: T) => { incidentId?: string | null; clientId?: string | null };
}) {
  const { data: list, isPending, error } = useDashboardList<T>(resource, { filter, sort, pagination: { page: 1, perPage } });
  const { data, total } = list ?? {};
  const wanted = (data ?? []).map((r) => refs?.(r) ?? {});
  const lookup = useRefs(wanted.map((w) => w.incidentId), wanted.map((w) => w.clientId));
  return (
    <DashCard title={title} testId={testId} count={isPending || error ? undefined : (total ?? 0)} countTestId={countTestId} countColor={countColor}>
      {isPending ? null : error ? (
        <Empty text="incidentDesk.dashboard.load_error" />
      ) : !data?.length ? (
        <Empty text={empty} />
      ) : (
        <>
          <List dense disablePadding>
            {data.map((r) => {
              const l = line(r, lookup);
              return (
                <ListItem key={r.id} disableGutters data-testid={lineTestId} data-id={r.id}>
                  <ListItemText primary={l.primary} secondary={l.secondary} />
                  {l.right}
                </ListItem>
              );
            })}
          </List>
          <More shown={data.length} total={total ?? data.length} />
        </>
      )}
    </DashCard>
  );
}
