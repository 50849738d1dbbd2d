import { useRef, useState, type ChangeEvent } from 'react';
import {
  Box, Button, Checkbox, FormControlLabel, IconButton, Paper, Table, TableBody, TableCell, TableHead, TableRow, Tooltip, Typography,
} from '@mui/material';
import DeleteIcon from '@mui/icons-material/Delete';
import DownloadIcon from '@mui/icons-material/Download';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { Confirm, useCanAccess, useDataProvider, useGetIdentity, useGetList, useLocaleState, useNotify, useTranslate, type Identifier } from 'react-admin';
import { formatBytes, type AttachmentEntity, type AttachmentRecord } from '@incident-desk/shared';
import { useFirmTimeZone } from '../common/FirmDateField';
import { downloadAttachment, errorMessage, uploadAttachment } from './api';

export interface AttachmentsPanelProps {
  entity: AttachmentEntity;
  entityId: Identifier | undefined;
  /** hide the upload button (e.g. a record whose files are final) */
  readOnly?: boolean;
  /** shown in the hint under the title, e.g. "25 MB" */
  maxSizeLabel?: string;
}

/**
 * The files of one record: list, upload, download, remove. Embed it in any show page:
 *   <AttachmentsPanel entity="trainings" entityId={record.id} />
 * Upload and remove follow canAccess('attachments', 'create' | 'delete'); firm staff may also show removed files.
 * Hooks for browser tests: data-testid="attachments-panel", input[name="file"] (data-testid="attachment-upload-input"),
 * rows data-testid="attachment-row" with data-file-name, buttons "attachment-download" / "attachment-remove".
 */
export const AttachmentsPanel = ({ entity, entityId, readOnly = false, maxSizeLabel }: AttachmentsPanelProps) => {
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = useDataProvider();
  const timeZone = useFirmTimeZone();
  const [locale] = useLocaleState();
  const { identity } = useGetIdentity();
  const isStaff = !!identity && identity.role !== 'client_admin';
  const { canAccess: canUpload } = useCanAccess({ resource: 'attachments', action: 'create' });
  const { canAccess: canRemove } = useCanAccess({ resource: 'attachments', action: 'delete' });
  const [showRemoved, setShowRemoved] = useState(false);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState<AttachmentRecord | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const { data = [], refetch, isPending } = useGetList<AttachmentRecord>(
    'attachments',
    {
      filter: { entity, entityId, ...(showRemoved ? { removed: true } : {}) },
      pagination: { page: 1, perPage: 200 },
      sort: { field: 'createdAt', order: 'DESC' },
    },
    { enabled: entityId !== undefined && entityId !== null && entityId !== '' },
  );
  const when = (iso: string) =>
    new Intl.DateTimeFormat(locale, { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file || entityId === undefined) return;
    setBusy(true);
    try {
      await uploadAttachment(entity, entityId, file);
      notify('incidentDesk.attachments.uploaded', { type: 'info' });
      setShowRemoved(false);
      await refetch();
    } catch (error) {
      notify(errorMessage(error, translate('incidentDesk.attachments.upload_failed')), { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  const download = async (a: AttachmentRecord) => {
    try {
      await downloadAttachment(a);
    } catch (error) {
      notify(errorMessage(error, translate('incidentDesk.attachments.download_failed')), { type: 'error' });
    }
  };

  const remove = async () => {
    const a = confirming;
    setConfirming(null);
    if (!a) return;
    try {
      await dataProvider.delete('attachments', { id: a.id, previousData: a });
      notify('incidentDesk.attachments.removed', { type: 'info' });
      await refetch();
    } catch (error) {
      notify(errorMessage(error, 'ra.notification.http_error'), { type: 'error' });
    }
  };

  return (
    <Paper variant="outlined" sx={{ p: 2, mt: 2 }} data-testid="attachments-panel" data-entity={entity}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, flexWrap: 'wrap' }}>
        <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600, flexGrow: 1 }}>
          {translate('incidentDesk.attachments.title')}
        </Typography>
        {isStaff && (
          <FormControlLabel
            control={<Checkbox size="small" checked={showRemoved} onChange={(e) => setShowRemoved(e.target.checked)} data-testid="attachments-show-removed" />}
            label={translate('incidentDesk.attachments.show_removed')}
          />
        )}
        {canUpload && !readOnly && (
          <>
            <input ref={input} type="file" name="file" hidden onChange={onFile} data-testid="attachment-upload-input" />
            <Button variant="contained" size="small" startIcon={<UploadFileIcon />} disabled={busy || entityId === undefined} onClick={() => input.current?.click()} data-testid="attachment-upload">
              {translate(busy ? 'incidentDesk.attachments.uploading' : 'incidentDesk.attachments.upload')}
            </Button>
          </>
        )}
      </Box>
      {canUpload && !readOnly && maxSizeLabel && (
        <Typography variant="caption" color="text.secondary">
          {translate('incidentDesk.attachments.limit', { size: maxSizeLabel })}
        </Typography>
      )}
      {!isPending && data.length === 0 ? (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }} data-testid="attachments-empty">
          {translate('incidentDesk.attachments.empty')}
        </Typography>
      ) : (
        <Table size="small" sx={{ mt: 1 }}>
          <TableHead>
            <TableRow>
              <TableCell>{translate('resources.attachments.fields.fileName')}</TableCell>
              <TableCell>{translate('resources.attachments.fields.size')}</TableCell>
              <TableCell>{translate('resources.attachments.fields.contentType')}</TableCell>
              <TableCell>{translate('resources.attachments.fields.createdAt')}</TableCell>
              <TableCell>{translate('resources.attachments.fields.sha256')}</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {data.map((a) => (
              <TableRow key={a.id} data-testid="attachment-row" data-file-name={a.fileName} data-removed={a.removedAt ? 'true' : 'false'}>
                <TableCell sx={{ wordBreak: 'break-all', textDecoration: a.removedAt ? 'line-through' : undefined }}>
                  {a.fileName}
                  {a.removedAt && (
                    <Typography variant="caption" color="text.secondary" component="div">
                      {translate('incidentDesk.attachments.removed_on', { date: when(a.removedAt) })}
                    </Typography>
                  )}
                </TableCell>
                <TableCell>{formatBytes(a.size)}</TableCell>
                <TableCell>{a.contentType}</TableCell>
                <TableCell>{when(a.createdAt)}</TableCell>
                <TableCell>
                  <Tooltip title={a.sha256}>
                    <Box component="code" sx={{ fontSize: 12 }}>{a.sha256.slice(0, 12)}…</Box>
                  </Tooltip>
                </TableCell>
                <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                  <Tooltip title={translate('incidentDesk.attachments.download')}>
                    <IconButton size="small" onClick={() => download(a)} aria-label={translate('incidentDesk.attachments.download')} data-testid="attachment-download">
                      <DownloadIcon fontSize="small" />
                    </IconButton>
                  </Tooltip>
                  {canRemove && !readOnly && !a.removedAt && (
                    <Tooltip title={translate('incidentDesk.attachments.remove')}>
                      <IconButton size="small" onClick={() => setConfirming(a)} aria-label={translate('incidentDesk.attachments.remove')} data-testid="attachment-remove">
                        <DeleteIcon fontSize="small" />
                      </IconButton>
                    </Tooltip>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <Confirm
        isOpen={!!confirming}
        title="incidentDesk.attachments.remove_title"
        translateOptions={{ name: confirming?.fileName ?? '' }}
        content="incidentDesk.attachments.remove_content"
        onConfirm={remove}
        onClose={() => setConfirming(null)}
      />
    </Paper>
  );
};
