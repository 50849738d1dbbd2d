import { useState, type ReactNode } from 'react';
import { Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, List, ListItem, ListItemText } from '@mui/material';
import { HttpError, useNotify, useRefresh, useTranslate, useUnselectAll, type Identifier } from 'react-admin';
import { USER_TEXT } from './UserText';

export interface BulkFailure {
  id: Identifier;
  /** how the user knows the record (reference, title…) */
  label: string;
  message: string;
}

/**
 * The server's reason for refusing one record, in the UI language where the app knows it (the rules' 409s, 403, 404),
 * else as the server wrote it.
 */
export const refusal = (e: unknown, translate: (key: string, options?: object) => string): string => {
  if (!(e instanceof HttpError)) return e instanceof Error && e.message ? e.message : translate('ra.notification.http_error');
  const body = (e.body ?? {}) as { code?: string; openTasks?: unknown[]; allowed?: string[]; errors?: Record<string, string> };
  if (e.status === 409 && Array.isArray(body.openTasks)) return translate('app.bulk.open_required', { smart_count: body.openTasks.length });
  if (e.status === 409 && Array.isArray(body.allowed)) return translate('app.bulk.not_allowed');
  if (e.status === 403) return translate('app.bulk.forbidden');
  if (e.status === 404) return translate('app.bulk.not_found');
  if (body.errors && Object.keys(body.errors).length) return Object.values(body.errors).join('; ');
  return e.message || translate('ra.notification.http_error');
};

/**
 * One action applied to many records, each through the same endpoint (so the same access check, rules and audit) as
 * when it is done to one record, a few at a time. What each record answered is kept: the ones refused are listed by
 * the returned dialog (`data-testid="bulk-failures"`, one `bulk-failure` line per record with its reason); the others
 * are done. Then the selection is cleared and the page reloaded.
 */
export function useBulk(resource: string) {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const unselectAll = useUnselectAll(resource);
  const [failures, setFailures] = useState<BulkFailure[] | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async <R extends { id: Identifier }>(records: R[], label: (r: R) => string, act: (r: R) => Promise<unknown>, concurrency = 4) => {
    setBusy(true);
    const failed: BulkFailure[] = [];
    let done = 0;
    const queue = [...records];
    const worker = async () => {
      for (let r = queue.shift(); r; r = queue.shift()) {
        try {
          await act(r);
          done += 1;
        } catch (e) {
          failed.push({ id: r.id, label: label(r), message: refusal(e, translate) });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, records.length) }, worker));
    // in the order the records were selected
    failed.sort((a, b) => records.findIndex((r) => r.id === a.id) - records.findIndex((r) => r.id === b.id));
    setBusy(false);
    unselectAll();
    refresh();
    notify(failed.length ? 'app.bulk.partly_done' : 'app.bulk.done', {
      type: failed.length ? (done ? 'warning' : 'error') : 'info',
      messageArgs: { done, failed: failed.length, smart_count: done },
    });
    setFailures(failed.length ? failed : null);
    return { done, failed };
  };

  const dialog: ReactNode = failures ? (
    <Dialog open onClose={() => setFailures(null)} fullWidth maxWidth="sm" data-testid="bulk-failures">
      <DialogTitle>{translate('app.bulk.failures_title', { smart_count: failures.length })}</DialogTitle>
      <DialogContent>
        <List dense>
          {failures.map((f) => (
            <ListItem key={String(f.id)} disableGutters data-testid="bulk-failure" data-id={String(f.id)}>
              <ListItemText primary={<Box component="span" {...USER_TEXT}>{f.label}</Box>} secondary={f.message} />
            </ListItem>
          ))}
        </List>
      </DialogContent>
      <DialogActions>
        <Button onClick={() => setFailures(null)}>{translate('ra.action.close')}</Button>
      </DialogActions>
    </Dialog>
  ) : null;

  return { run, busy, dialog };
}
