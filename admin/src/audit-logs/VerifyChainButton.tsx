import { useState } from 'react';
import VerifiedIcon from '@mui/icons-material/VerifiedUser';
import { Alert, Dialog, DialogActions, DialogContent, DialogTitle } from '@mui/material';
import { Button, useCanAccess, useDataProvider, useNotify, useTranslate } from 'react-admin';
import type { AuditVerifyResult } from '@incident-desk/shared';
import type { IncidentDeskDataProvider } from '../dataProvider';

/** Managers only (canAccess audit-logs/verify): re-computes the firm's hash chain on the server. */
export const VerifyChainButton = () => {
  const { canAccess } = useCanAccess({ resource: 'audit-logs', action: 'verify' });
  const dataProvider = useDataProvider<IncidentDeskDataProvider>();
  const notify = useNotify();
  const translate = useTranslate();
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<AuditVerifyResult | null>(null);

  if (!canAccess) return null;

  const verify = async () => {
    setRunning(true);
    try {
      setResult(await dataProvider.verifyAuditChain());
    } catch {
      notify('app.audit.verify_error', { type: 'error' });
    } finally {
      setRunning(false);
    }
  };

  return (
    <>
      <Button label="app.audit.verify" onClick={verify} disabled={running} className="verify-chain-button">
        <VerifiedIcon />
      </Button>
      <Dialog open={result !== null} onClose={() => setResult(null)} aria-labelledby="audit-verify-title">
        <DialogTitle id="audit-verify-title">{translate('app.audit.verify_title')}</DialogTitle>
        <DialogContent>
          {result && (
            <Alert
              severity={result.ok ? 'success' : 'error'}
              data-testid="audit-verify-result"
              data-ok={String(result.ok)}
            >
              {result.ok
                ? translate('app.audit.verify_ok', { checked: result.checked })
                : translate('app.audit.verify_broken', {
                    checked: result.checked,
                    seq: result.firstBroken?.seq ?? '?',
                    reason: result.firstBroken?.reason ?? '?',
                  })}
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button label="ra.action.close" onClick={() => setResult(null)} />
        </DialogActions>
      </Dialog>
    </>
  );
};
