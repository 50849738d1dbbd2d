import { useState } from 'react';
import { Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, TextField, Typography } from '@mui/material';
import DescriptionIcon from '@mui/icons-material/Description';
import DownloadIcon from '@mui/icons-material/Download';
import { useGetOne, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import { LOCALES, REPORT_VERSIONS, type AttachmentRecord, type Locale, type ReportVersion } from '@incident-desk/shared';
import { API_URL } from '../dataProvider';
import { downloadAttachment, errorMessage } from '../attachments/api';
import { downloadWithToken } from '../common/download';
import { useAccess, useIsStaff } from '../common/access';
import { useAppLocale } from '../common/enums';
import { postAction } from '../common/api';
import type { IncidentRecord, ObligationRecord } from './types';

interface Kept {
  attachment: AttachmentRecord;
  obligation: ObligationRecord | null;
  created: boolean;
}

/**
 * The incident report (事件处置总结报告): downloaded as a PDF in either language (staff choose the internal or the
 * client version; client admins always get the client one), or kept — stored as an attachment on the incident and
 * linked to its open summary-report obligation (`data-testid="incident-report-keep"`, staff who may add files).
 */
export const IncidentReportButton = () => {
  const record = useRecordContext<IncidentRecord>();
  const translate = useTranslate();
  const locale = useAppLocale();
  const staff = useIsStaff();
  const canKeep = useAccess('attachments', 'create');
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const [lang, setLang] = useState<Locale>(locale);
  const [version, setVersion] = useState<ReportVersion>(staff ? 'internal' : 'client');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!record) return null;
  const t = (k: string, args?: Record<string, unknown>) => translate(`incidentDesk.incident_report.${k}`, args);

  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      const q = new URLSearchParams({ lang, version });
      await downloadWithToken(`${API_URL}/incidents/${encodeURIComponent(String(record.id))}/report.pdf?${q}`, `${record.reference}.pdf`);
    } catch (e) {
      setError(errorMessage(e, translate('ra.notification.http_error')));
    } finally {
      setBusy(false);
    }
  };
  const keep = async () => {
    setBusy(true);
    setError(null);
    try {
      const kept = await postAction<Kept>('incidents', record.id, 'report', { lang, version });
      notify(kept.created ? (kept.obligation ? 'incidentDesk.incident_report.kept_linked' : 'incidentDesk.incident_report.kept') : 'incidentDesk.incident_report.kept_already', {
        type: 'info', messageArgs: { name: kept.attachment.fileName },
      });
      setOpen(false);
      refresh();
    } catch (e) {
      setError(errorMessage(e, translate('ra.notification.http_error')));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button size="small" variant="outlined" startIcon={<DescriptionIcon />} onClick={() => setOpen(true)} data-testid="incident-report-open" sx={{ textTransform: 'none' }}>
        {t('open')}
      </Button>
      {open && (
        <Dialog open onClose={busy ? undefined : () => setOpen(false)} fullWidth maxWidth="xs" data-testid="incident-report-dialog">
          <DialogTitle>{t('title', { reference: record.reference })}</DialogTitle>
          <DialogContent>
            <DialogContentText sx={{ mb: 2 }}>{t(canKeep ? 'help_keep' : 'help')}</DialogContentText>
            <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
              <TextField select name="lang" label={t('lang')} value={lang} onChange={(e) => setLang(e.target.value as Locale)} size="small" slotProps={{ select: { native: true } }}>
                {LOCALES.map((l) => <option key={l} value={l}>{t(`lang_${l}`)}</option>)}
              </TextField>
              {staff && (
                <TextField select name="version" label={t('version')} value={version} onChange={(e) => setVersion(e.target.value as ReportVersion)} size="small" slotProps={{ select: { native: true } }}>
                  {REPORT_VERSIONS.map((v) => <option key={v} value={v}>{t(`version_${v}`)}</option>)}
                </TextField>
              )}
            </Box>
            {error && <Alert severity="error" sx={{ mt: 2 }}>{error}</Alert>}
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setOpen(false)} disabled={busy}>{translate('ra.action.cancel')}</Button>
            <Button onClick={download} disabled={busy} startIcon={<DownloadIcon />} data-testid="incident-report-download">{t('download')}</Button>
            {canKeep && (
              <Button variant="contained" onClick={keep} disabled={busy} data-testid="incident-report-keep">{t('keep')}</Button>
            )}
          </DialogActions>
        </Dialog>
      )}
    </>
  );
};

/** The kept incident report a summary-report obligation is linked to: its file name, downloadable (staff). */
export const LinkedReport = ({ attachmentId }: { attachmentId: string }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const { data } = useGetOne<AttachmentRecord>('attachments', { id: attachmentId });
  if (!data) return null;
  const get = () => downloadAttachment(data).catch((e) => notify(errorMessage(e, translate('ra.notification.http_error')), { type: 'error' }));
  return (
    <Typography variant="caption" component="div" data-testid="obligation-report" data-attachment-id={attachmentId}>
      {translate('incidentDesk.incident_report.linked')}{' '}
      <Box component="button" type="button" onClick={get} title={data.sha256}
        sx={{ p: 0, border: 0, background: 'none', color: 'primary.main', textDecoration: 'underline', cursor: 'pointer', font: 'inherit' }}>
        {data.fileName}
      </Box>
    </Typography>
  );
};
