import { useEffect, useState } from 'react';
import { Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { takeRecoveryCodes } from '../session';

/** The recovery codes, each on a line (`data-testid="recovery-codes"`). */
export const RecoveryCodeList = ({ codes }: { codes: string[] }) => (
  <Box component="ol" data-testid="recovery-codes" sx={{ fontFamily: 'monospace', columns: 2, pl: 3 }}>
    {codes.map((c) => (
      <li key={c}>{c}</li>
    ))}
  </Box>
);

/** Shows, once, the recovery codes a sign-in that set two-factor up handed out (session.ts keeps them until read). */
export const RecoveryCodesDialog = () => {
  const translate = useTranslate();
  const [codes, setCodes] = useState<string[] | null>(null);
  useEffect(() => setCodes(takeRecoveryCodes()), []);
  if (!codes) return null;
  return (
    <Dialog open onClose={() => setCodes(null)}>
      <DialogTitle>{translate('incidentDesk.mfa.recoveryTitle')}</DialogTitle>
      <DialogContent>
        <Typography variant="body2">{translate('incidentDesk.mfa.recoveryHelp')}</Typography>
        <RecoveryCodeList codes={codes} />
      </DialogContent>
      <DialogActions>
        <Button onClick={() => setCodes(null)} data-testid="recovery-done">
          {translate('incidentDesk.mfa.recoveryDone')}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
