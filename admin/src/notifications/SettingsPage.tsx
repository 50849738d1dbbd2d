import { useEffect, useState } from 'react';
import { Button, Card, CardContent, Checkbox, FormControlLabel, Stack, TextField, Typography } from '@mui/material';
import { Title, useNotify, useTranslate } from 'react-admin';
import type { AlertingPolicy } from '@incident-desk/shared';
import { API_URL, httpClient } from '../dataProvider';

type Errors = Record<string, string>;

/**
 * The firm's alerting settings (managers, GET/PUT /api/notification-settings): the obligation thresholds, how often
 * an overdue clock escalates, the acknowledgement window of a client's report and the digest hour (firm time zone).
 */
export const SettingsPage = () => {
  const translate = useTranslate();
  const notify = useNotify();
  const [policy, setPolicy] = useState<AlertingPolicy | null>(null);
  const [beforeDue, setBeforeDue] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  useEffect(() => {
    void httpClient(`${API_URL}/notification-settings`).then(({ json }) => {
      const p = (json as { alerting: AlertingPolicy }).alerting;
      setPolicy(p);
      setBeforeDue(p.beforeDueMinutes.join(', '));
    });
  }, []);
  if (!policy) return null;
  const num = (key: keyof AlertingPolicy) => (
    <TextField
      label={translate(`incidentDesk.notifications.settings.${key}`)}
      type="number"
      value={String(policy[key])}
      onChange={(e) => setPolicy({ ...policy, [key]: e.target.value === '' ? ('' as never) : Number(e.target.value) })}
      error={!!errors[`alerting.${key}`]}
      helperText={errors[`alerting.${key}`]}
      inputProps={{ 'data-testid': `setting-${key}` }}
      size="small"
    />
  );
  const save = async () => {
    const list = beforeDue.split(/[,，\s]+/).filter(Boolean).map(Number);
    try {
      const { json } = await httpClient(`${API_URL}/notification-settings`, { method: 'PUT', body: JSON.stringify({ alerting: { ...policy, beforeDueMinutes: list } }) });
      const p = (json as { alerting: AlertingPolicy }).alerting;
      setPolicy(p);
      setBeforeDue(p.beforeDueMinutes.join(', '));
      setErrors({});
      notify('incidentDesk.notifications.settings.saved', { type: 'success' });
    } catch (e) {
      const server = (e as { body?: { serverErrors?: { field: string; message: string }[] } }).body?.serverErrors ?? [];
      setErrors(Object.fromEntries(server.map((x) => [x.field, x.message])));
      notify((e as Error).message, { type: 'error' });
    }
  };
  return (
    <Card data-testid="notification-settings">
      <Title title={translate('incidentDesk.notifications.settings.title')} />
      <CardContent>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          {translate('incidentDesk.notifications.settings.help')}
        </Typography>
        <Stack spacing={2} sx={{ maxWidth: 480 }}>
          <FormControlLabel
            control={<Checkbox checked={policy.halfWindow} onChange={() => setPolicy({ ...policy, halfWindow: !policy.halfWindow })} />}
            label={translate('incidentDesk.notifications.settings.halfWindow')}
          />
          <TextField
            label={translate('incidentDesk.notifications.settings.beforeDueMinutes')}
            value={beforeDue}
            onChange={(e) => setBeforeDue(e.target.value)}
            error={!!errors['alerting.beforeDueMinutes']}
            helperText={errors['alerting.beforeDueMinutes']}
            size="small"
          />
          {num('overdueRepeatMinutes')}
          {num('acknowledgeMinutes')}
          {num('digestHour')}
          <Button variant="contained" onClick={save} data-testid="settings-save">
            {translate('ra.action.save')}
          </Button>
        </Stack>
      </CardContent>
    </Card>
  );
};
