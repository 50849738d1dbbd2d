import { useCallback, useEffect, useState, type ChangeEvent } from 'react';
import { Alert, Box, Button, Card, CardContent, Checkbox, FormControlLabel, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { Link } from 'react-router-dom';
import { Title, useNotify, useTranslate } from 'react-admin';
import { GRADES, type AlertingPolicy } from '@incident-desk/shared';
import { API_URL, httpClient } from '../dataProvider';
import { errorMessage } from '../attachments/api';
import { enumLabel, useAppLocale } from '../common/enums';
import { logoChanged } from './FirmLogo';
import { useSettingsText } from './use-settings-text';

type Hours = Partial<Record<(typeof GRADES)[number], number>>;
interface Settings {
  name: string;
  timeZone: string;
  locale: 'zh-CN' | 'en';
  defaultClientSla: { acknowledgeHours?: Hours; resolveHours?: Hours };
  alerting: AlertingPolicy;
  mfaRequired: boolean;
  logo: { contentType: string; size: number; sha256: string; updatedAt: string } | null;
  workingDays: { firmDays: number; years: number[]; missing: number[] };
}

interface Day {
  id: string;
  date: string;
  kind: string;
  name: string;
}

/** The firm's own days of the working-day calendar (GET /api/working-days?filter={"builtIn":false}), added and removed through that resource. */
const FirmDays = () => {
  const [days, setDays] = useState<Day[] | null>(null);
  const locale = useAppLocale();
  useEffect(() => {
    const q = new URLSearchParams({ filter: JSON.stringify({ builtIn: false }), sort: JSON.stringify(['date', 'ASC']), range: JSON.stringify([0, 99]) });
    void httpClient(`${API_URL}/working-days?${q}`).then(({ json }) => setDays(json as Day[])).catch(() => setDays([]));
  }, []);
  if (!days?.length) return null;
  return (
    <Box component="ul" data-testid="firm-days" sx={{ my: 1, pl: 3 }}>
      {days.map((d) => (
        <li key={d.id}>
          {d.date} · {enumLabel('calendarDayKind', d.kind, locale)} · {d.name}
        </li>
      ))}
    </Box>
  );
};

/** Hours by grade from the form's texts: empty ones left out. */
const hoursOf = (texts: Record<string, string>): Hours =>
  Object.fromEntries(Object.entries(texts).filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, Number(v)]));
const textsOf = (h: Hours | undefined) => Object.fromEntries(GRADES.map((g) => [g, h?.[g] === undefined ? '' : String(h[g])]));

/**
 * The firm's settings (managers, `#/firm-settings`; GET/PUT /api/firm-settings): name, logo, time zone, default
 * language, default client SLA, the acknowledgement window (the rest of alerting on its own page), the working-day
 * calendar's own days (a link to them), the two-factor requirement. Field errors from the server under their fields.
 */
export const FirmSettingsPage = () => {
  const translate = useTranslate();
  const notify = useNotify();
  const locale = useAppLocale();
  const text = useSettingsText();
  const t = (key: Parameters<typeof text<'settings'>>[1], vars?: Record<string, string | number>) => text('settings', key, vars);
  const [s, setS] = useState<Settings | null>(null);
  const [ack, setAck] = useState<Record<string, string>>({});
  const [resolve, setResolve] = useState<Record<string, string>>({});
  const [ackMinutes, setAckMinutes] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const show = useCallback((json: Settings) => {
    setS(json);
    setAck(textsOf(json.defaultClientSla.acknowledgeHours));
    setResolve(textsOf(json.defaultClientSla.resolveHours));
    setAckMinutes(String(json.alerting.acknowledgeMinutes));
  }, []);
  useEffect(() => {
    void httpClient(`${API_URL}/firm-settings`).then(({ json }) => show(json as Settings));
  }, [show]);
  if (!s) return null;
  const save = async () => {
    const sla: Settings['defaultClientSla'] = {};
    if (Object.keys(hoursOf(ack)).length) sla.acknowledgeHours = hoursOf(ack);
    if (Object.keys(hoursOf(resolve)).length) sla.resolveHours = hoursOf(resolve);
    try {
      const { json } = await httpClient(`${API_URL}/firm-settings`, {
        method: 'PUT',
        body: JSON.stringify({
          name: s.name, timeZone: s.timeZone, locale: s.locale, defaultClientSla: sla, mfaRequired: s.mfaRequired,
          alerting: { acknowledgeMinutes: ackMinutes.trim() === '' ? null : Number(ackMinutes) },
        }),
      });
      show(json as Settings);
      setErrors({});
      notify(t('saved'), { type: 'success' });
    } catch (e) {
      const server = (e as { body?: { serverErrors?: { field: string; message: string }[] } }).body?.serverErrors ?? [];
      setErrors(Object.fromEntries(server.map((x) => [x.field, x.message])));
      notify(errorMessage(e, 'ra.notification.http_error'), { type: 'error' });
    }
  };
  const upload = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    const body = new FormData();
    body.append('file', file, file.name);
    try {
      const { json } = await httpClient(`${API_URL}/firm-settings/logo`, { method: 'PUT', body });
      setS({ ...s, logo: json as Settings['logo'] });
      logoChanged((json as NonNullable<Settings['logo']>).sha256);
    } catch (err) {
      notify(errorMessage(err, 'ra.notification.http_error'), { type: 'error' });
    }
  };
  const removeLogo = async () => {
    try {
      await httpClient(`${API_URL}/firm-settings/logo`, { method: 'DELETE' });
      setS({ ...s, logo: null });
      logoChanged(null);
    } catch (err) {
      notify(errorMessage(err, 'ra.notification.http_error'), { type: 'error' });
    }
  };
  const err = (field: string) => ({ error: !!errors[field], helperText: errors[field] });
  const gradeFields = (texts: Record<string, string>, set: (v: Record<string, string>) => void, key: string) => (
    <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(4, 1fr)', gap: 1 }}>
      {GRADES.map((g) => (
        <TextField
          key={g} size="small" type="number" label={enumLabel('grade', g, locale)} value={texts[g] ?? ''}
          onChange={(e) => set({ ...texts, [g]: e.target.value })} {...err(`defaultClientSla.${key}.${g}`)}
        />
      ))}
    </Box>
  );
  return (
    <Card data-testid="firm-settings">
      <Title title={t('title')} />
      <CardContent>
        <Stack spacing={2} sx={{ maxWidth: 640 }}>
          <TextField label={t('name')} value={s.name} onChange={(e) => setS({ ...s, name: e.target.value })} size="small" inputProps={{ 'data-testid': 'settings-name' }} {...err('name')} />
          <Box>
            <Typography variant="subtitle2">{t('logo')}</Typography>
            <Typography variant="caption" color="text.secondary" component="p">{t('logoHelp')}</Typography>
            <Stack direction="row" spacing={1} alignItems="center" sx={{ mt: 1 }}>
              {s.logo && <Typography variant="body2">{s.logo.contentType} · {s.logo.size} B</Typography>}
              <Button component="label" variant="outlined" size="small">
                {t('logoUpload')}
                <input hidden type="file" accept="image/png,image/jpeg" onChange={upload} data-testid="logo-file" />
              </Button>
              {s.logo && <Button size="small" color="error" onClick={removeLogo}>{t('logoRemove')}</Button>}
            </Stack>
          </Box>
          <TextField label={t('timeZone')} value={s.timeZone} onChange={(e) => setS({ ...s, timeZone: e.target.value })} size="small" {...err('timeZone')} helperText={errors.timeZone ?? t('timeZoneHelp')} />
          <TextField select label={t('locale')} value={s.locale} onChange={(e) => setS({ ...s, locale: e.target.value as Settings['locale'] })} size="small" {...err('locale')}>
            <MenuItem value="zh-CN">{translate('app.locales.zh_CN')}</MenuItem>
            <MenuItem value="en">{translate('app.locales.en')}</MenuItem>
          </TextField>
          <Box>
            <Typography variant="subtitle2">{t('sla')}</Typography>
            <Typography variant="caption" color="text.secondary" component="p" sx={{ mb: 1 }}>{t('slaHelp')}</Typography>
            <Typography variant="body2">{t('acknowledge')}</Typography>
            {gradeFields(ack, setAck, 'acknowledgeHours')}
            <Typography variant="body2" sx={{ mt: 1 }}>{t('resolve')}</Typography>
            {gradeFields(resolve, setResolve, 'resolveHours')}
          </Box>
          <Box>
            <Typography variant="subtitle2">{t('alerting')}</Typography>
            <TextField label={t('acknowledgeMinutes')} type="number" value={ackMinutes} onChange={(e) => setAckMinutes(e.target.value)} size="small" {...err('alerting.acknowledgeMinutes')} sx={{ mt: 1 }} />
            <Button component={Link} to="/notification-settings" size="small">{t('alertingLink')}</Button>
          </Box>
          <Box>
            <Typography variant="subtitle2">{t('workingDays')}</Typography>
            <Typography variant="body2">{t('workingDaysText', { n: s.workingDays.firmDays, years: s.workingDays.years.join(', ') })}</Typography>
            {s.workingDays.missing.length > 0 && <Alert severity="warning">{t('workingDaysMissing', { years: s.workingDays.missing.join(', ') })}</Alert>}
            <FirmDays />
            <Typography variant="caption" color="text.secondary" component="p">{t('workingDaysLink')}</Typography>
          </Box>
          <Box>
            <FormControlLabel
              control={<Checkbox checked={s.mfaRequired} onChange={() => setS({ ...s, mfaRequired: !s.mfaRequired })} inputProps={{ 'data-testid': 'settings-mfa-required' } as object} />}
              label={t('mfaRequired')}
            />
            <Typography variant="caption" color="text.secondary" component="p">{t('mfaRequiredHelp')}</Typography>
          </Box>
          <Box>
            <Button variant="contained" onClick={save} data-testid="firm-settings-save">{translate('ra.action.save')}</Button>
          </Box>
        </Stack>
      </CardContent>
    </Card>
  );
};
