import { useEffect, useState } from 'react';
import { Button, Card, CardContent, Checkbox, Chip, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { Title, useNotify, useTranslate } from 'react-admin';
import type { NotificationPreferenceRecord } from '@incident-desk/shared';
import { API_URL, httpClient } from '../dataProvider';

type Pref = NotificationPreferenceRecord;

/**
 * My notification settings (GET/PUT /api/notification-preferences): per event, in the app and by e-mail. What cannot
 * be turned off (reminders and escalations of the clocks; regulatory events in the app) shows ticked and disabled.
 */
export const PreferencesPage = () => {
  const translate = useTranslate();
  const notify = useNotify();
  const [prefs, setPrefs] = useState<Pref[] | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    void httpClient(`${API_URL}/notification-preferences`).then(({ json }) => setPrefs((json as { preferences: Pref[] }).preferences));
  }, []);
  const toggle = (kind: string, channel: 'inApp' | 'email') =>
    setPrefs((list) => list?.map((p) => (p.kind === kind ? { ...p, [channel]: !p[channel] } : p)) ?? null);
  const save = async () => {
    if (!prefs) return;
    setSaving(true);
    try {
      const { json } = await httpClient(`${API_URL}/notification-preferences`, {
        method: 'PUT',
        body: JSON.stringify({ preferences: prefs.map((p) => ({ kind: p.kind, ...(p.locked.inApp ? {} : { inApp: p.inApp }), ...(p.locked.email ? {} : { email: p.email }) })) }),
      });
      setPrefs((json as { preferences: Pref[] }).preferences);
      notify('incidentDesk.notifications.saved', { type: 'success' });
    } catch (e) {
      notify((e as Error).message, { type: 'error' });
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card data-testid="notification-preferences">
      <Title title={translate('incidentDesk.notifications.preferences')} />
      <CardContent>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          {translate('incidentDesk.notifications.preferences_help')}
        </Typography>
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>{translate('resources.notifications.fields.kind')}</TableCell>
              <TableCell>{translate('incidentDesk.notifications.in_app')}</TableCell>
              <TableCell>{translate('incidentDesk.notifications.email')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {(prefs ?? []).map((p) => (
              <TableRow key={p.kind} data-testid={`preference-${p.kind}`}>
                <TableCell>
                  {translate(`incidentDesk.notifications.kinds.${p.kind}`)}{' '}
                  {p.regulatory && <Chip size="small" label={translate('incidentDesk.notifications.regulatory')} />}
                </TableCell>
                {(['inApp', 'email'] as const).map((channel) => (
                  <TableCell key={channel}>
                    <Checkbox
                      checked={p.locked[channel] || p[channel]}
                      disabled={p.locked[channel]}
                      onChange={() => toggle(p.kind, channel)}
                      inputProps={{ 'aria-label': `${p.kind} ${channel}`, 'data-testid': `preference-${p.kind}-${channel}` } as object}
                    />
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
        <Button variant="contained" sx={{ mt: 2 }} disabled={!prefs || saving} onClick={save} data-testid="preferences-save">
          {translate('ra.action.save')}
        </Button>
      </CardContent>
    </Card>
  );
};
