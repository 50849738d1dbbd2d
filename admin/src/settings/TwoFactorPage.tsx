import { useCallback, useEffect, useState } from 'react';
import { Alert, Box, Button, Card, CardContent, Stack, TextField, Typography } from '@mui/material';
import { Title, useNotify } from 'react-admin';
import type { MfaSetup, MfaStatus } from '@incident-desk/shared';
import { API_URL, httpClient } from '../dataProvider';
import { errorMessage } from '../attachments/api';
import { RecoveryCodeList } from './RecoveryCodes';
import { useSettingsText } from './use-settings-text';

/**
 * The caller's own two-factor sign-in (`#/two-factor`): its state; set up (QR code and key: `data-testid="mfa-qr"`,
 * `mfa-secret`), turn on with a first code (the recovery codes shown once), turn off with a code (not while required).
 */
export const TwoFactorPage = () => {
  const notify = useNotify();
  const text = useSettingsText();
  const t = (key: Parameters<typeof text<'mfa'>>[1], vars?: Record<string, string | number>) => text('mfa', key, vars);
  const [status, setStatus] = useState<MfaStatus | null>(null);
  const [setup, setSetup] = useState<MfaSetup | null>(null);
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const load = useCallback(() => httpClient(`${API_URL}/auth/mfa`).then(({ json }) => setStatus(json as MfaStatus)), []);
  useEffect(() => {
    void load();
  }, [load]);
  if (!status) return null;
  const post = async (path: string, body: object) => httpClient(`${API_URL}/auth/mfa/${path}`, { method: 'POST', body: JSON.stringify(body) });
  const start = async () => {
    try {
      setSetup((await post('setup', {})).json as MfaSetup);
    } catch (e) {
      notify(errorMessage(e, 'ra.notification.http_error'), { type: 'error' });
    }
  };
  const enable = async () => {
    try {
      const { json } = await post('enable', { code: code.trim() });
      setCodes((json as { recoveryCodes: string[] }).recoveryCodes);
      setSetup(null);
      setCode('');
      notify(t('enabled'), { type: 'success' });
      await load();
    } catch (e) {
      notify(errorMessage(e, 'ra.notification.http_error'), { type: 'error' });
    }
  };
  const disable = async () => {
    try {
      await post('disable', { code: code.trim() });
      setCode('');
      notify(t('disabled'), { type: 'success' });
      await load();
    } catch (e) {
      notify(errorMessage(e, 'ra.notification.http_error'), { type: 'error' });
    }
  };
  const codeField = (
    <TextField
      label={t('code')} value={code} onChange={(e) => setCode(e.target.value)} size="small"
      inputProps={{ 'data-testid': 'mfa-code', autoComplete: 'one-time-code', maxLength: 20 }}
    />
  );
  return (
    <Card data-testid="two-factor">
      <Title title={t('title')} />
      <CardContent>
        <Stack spacing={2} sx={{ maxWidth: 520 }}>
          <Typography data-testid="mfa-state">
            {status.enabled ? t('on', { n: status.recoveryCodesLeft }) : t('off')}
          </Typography>
          {status.required && <Alert severity="info">{t('required')}</Alert>}
          {codes && (
            <Alert severity="warning">
              <Typography variant="subtitle2">{t('recoveryTitle')}</Typography>
              <Typography variant="body2">{t('recoveryHelp')}</Typography>
              <RecoveryCodeList codes={codes} />
            </Alert>
          )}
          {!status.enabled && !setup && (
            <Box>
              <Button variant="contained" onClick={start} data-testid="mfa-setup">
                {t('setUp')}
              </Button>
            </Box>
          )}
          {!status.enabled && setup && (
            <Stack spacing={1}>
              <Typography variant="body2">{t('scan')}</Typography>
              <img src={setup.qr} alt="QR" width={200} height={200} data-testid="mfa-qr" />
              <Typography sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }} data-testid="mfa-secret">
                {setup.secret}
              </Typography>
              {codeField}
              <Box>
                <Button variant="contained" onClick={enable} disabled={!code.trim()} data-testid="mfa-enable">
                  {t('enable')}
                </Button>
              </Box>
            </Stack>
          )}
          {status.enabled && !status.required && (
            <Stack spacing={1}>
              <Typography variant="body2">{t('disableHelp')}</Typography>
              {codeField}
              <Box>
                <Button color="error" variant="outlined" onClick={disable} disabled={!code.trim()} data-testid="mfa-disable">
                  {t('disable')}
                </Button>
              </Box>
            </Stack>
          )}
        </Stack>
      </CardContent>
    </Card>
  );
};
