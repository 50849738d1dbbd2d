import { useEffect, useState } from 'react';
import { Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, Typography } from '@mui/material';
import { takeRecoveryCodes } from '../session';
import { useSettingsText } from './use-settings-text';

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
  const text = useSettingsText();
  const [codes, setCodes] = useState<string[] | null>(null);
  useEffect(() => setCodes(takeRecoveryCodes()), []);
  if (!codes) return null;
  return (
    <Dialog open onClose={() => setCodes(null)}>
      <DialogTitle>{text('mfa', 'recoveryTitle')}</DialogTitle>
      <DialogContent>
        <Typography variant="body2">{text('mfa', 'recoveryHelp')}</Typography>
        <RecoveryCodeList codes={codes} />
      </DialogContent>
      <DialogActions>
        <Button onClick={() => setCodes(null)} data-testid="recovery-done">
          {text('mfa', 'recoveryDone')}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
