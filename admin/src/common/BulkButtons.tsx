import { useState, type ReactElement, type ReactNode } from 'react';
import { Button as MuiButton, Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, TextField } from '@mui/material';
import { Button, useListContext, useTranslate, type Identifier, type RaRecord } from 'react-admin';
import { useBulk } from './bulk';
import { useSmall } from './responsive';

/** The selected records of a list (this page's as records; others by id alone). */
export function useSelectedRecords<R extends RaRecord>(): R[] {
  const { selectedIds, data } = useListContext<R>();
  return selectedIds.map((id: Identifier) => data?.find((r) => r.id === id) ?? ({ id } as R));
}

/**
 * A bulk action of a list: one button applying `act` to each selected record (each through its single-record
 * endpoint); the refused ones are listed with their reason.
 */
export function BulkButton<R extends RaRecord>({ resource, label, icon, testId, act, describe }: {
  resource: string;
  label: string;
  icon: ReactElement;
  testId: string;
  act: (record: R) => Promise<unknown>;
  describe: (record: R) => string;
}) {
  const selected = useSelectedRecords<R>();
  const { run, busy, dialog } = useBulk(resource);
  return (
    <>
      <Button label={label} onClick={() => run(selected, describe, act)} disabled={busy} data-testid={testId}>
        {icon}
      </Button>
      {dialog}
    </>
  );
}

/**
 * A bulk action with a value chosen in a small dialog (a status, an owner, a phase to move to): `extra` adds fields under
 * the choice (a reason), `canConfirm` says when the choice is complete.
 */
export function BulkChoiceButton<R extends RaRecord>({
  resource, label, icon, testId, title, field, selectLabel, choices, act, describe, disabled = false, canConfirm = () => true, extra,
}: {
  resource: string;
  label: string;
  icon: ReactElement;
  testId: string;
  title: string;
  field: string;
  /** the choice's label (default: the field's) */
  selectLabel?: string;
  choices: { id: string; name: string }[];
  act: (record: R, value: string) => Promise<unknown>;
  describe: (record: R) => string;
  disabled?: boolean;
  canConfirm?: (value: string) => boolean;
  extra?: (value: string) => ReactNode;
}) {
  const translate = useTranslate();
  const selected = useSelectedRecords<R>();
  const fullScreen = useSmall();
  const { run, busy, dialog } = useBulk(resource);
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState('');
  const apply = async () => {
    setOpen(false);
    await run(selected, describe, (r) => act(r, value));
  };
  return (
    <>
      <Button label={label} onClick={() => setOpen(true)} disabled={busy || disabled} data-testid={testId}>
        {icon}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} fullWidth maxWidth="xs" fullScreen={fullScreen}>
        <DialogTitle>{translate(title, { smart_count: selected.length })}</DialogTitle>
        <DialogContent>
          <TextField
            select
            fullWidth
            name={field}
            label={translate(selectLabel ?? `resources.${resource}.fields.${field}`)}
            value={value}
            onChange={(e) => setValue(e.target.value)}
            sx={{ mt: 1 }}
          >
            {choices.map((c) => (
              <MenuItem key={c.id} value={c.id} data-value={c.id}>
                {c.name}
              </MenuItem>
            ))}
          </TextField>
          {extra?.(value)}
        </DialogContent>
        <DialogActions>
          <MuiButton onClick={() => setOpen(false)}>{translate('ra.action.cancel')}</MuiButton>
          <MuiButton variant="contained" disabled={!value || !canConfirm(value)} onClick={apply} data-testid="bulk-confirm">
            {translate('ra.action.confirm')}
          </MuiButton>
        </DialogActions>
      </Dialog>
      {dialog}
    </>
  );
}
