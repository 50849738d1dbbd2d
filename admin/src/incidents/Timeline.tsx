import { memo, useState } from 'react';
import { Alert, Box, Button, FormControlLabel, LinearProgress, Paper, Radio, RadioGroup, TextField, Typography } from '@mui/material';
import SendIcon from '@mui/icons-material/Send';
import { HttpError, useCreate, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import type { Locale, TimelineVisibility } from '@incident-desk/shared';
import { useAccess, useIsStaff } from '../common/access';
import { useIncremental } from '../common/incremental';
import { USER_TEXT } from '../common/UserText';
import { Icon, ICONS, RowsRoot } from './rows';
import { enumLabel, useAppLocale } from '../common/enums';
import { useFirmFormat } from '../common/FirmDateField';
import type { IncidentRecord, TimelineRecord } from './types';

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** A line that says what an automatic entry records (phase change, grading, task, obligation…). */
const summary = (e: TimelineRecord, locale: Locale, translate: (key: string, options?: object) => string): string | null => {
  const d = e.data ?? {};
  switch (e.kind) {
    case 'transition':
      return `${enumLabel('incidentStatus', str(d.from), locale)} → ${enumLabel('incidentStatus', str(d.to), locale)}${d.override ? ` (${translate('incidentDesk.timeline.overridden')})` : ''}${d.reopen ? ` (${translate('incidentDesk.timeline.reopened')})` : ''}`;
    case 'grading':
      return `${d.from ? enumLabel('grade', str(d.from), locale) : translate('incidentDesk.incidents.ungraded')} → ${enumLabel('grade', str(d.to), locale)} (${translate('incidentDesk.timeline.suggested', { grade: enumLabel('grade', str(d.suggested), locale) })})`;
    case 'task':
      return d.to ? `${enumLabel('taskStatus', str(d.from), locale)} → ${enumLabel('taskStatus', str(d.to), locale)}` : null;
    case 'obligation':
      return `${enumLabel('obligationRule', str(d.rule), locale)}: ${enumLabel('obligationStatus', str(d.status), locale)}`;
    case 'created':
      return d.reference ? `${str(d.reference)} · ${enumLabel('incidentStatus', str(d.status), locale)}` : null;
    default:
      return null;
  }
};

/**
 * The body of an entry: what a user wrote (`user`), or, for a playbook task's entry in English, the task's English title
 * (the entry keeps it beside the Chinese one).
 */
const bodyText = (e: TimelineRecord, locale: Locale): { text: string; user: boolean } =>
  e.kind === 'task' && locale === 'en' && str(e.data?.titleEn) ? { text: str(e.data.titleEn), user: false } : { text: e.body, user: true };

const Entry = memo(({ entry, staff }: { entry: TimelineRecord; staff: boolean }) => {
  const translate = useTranslate();
  const locale = useAppLocale();
  const format = useFirmFormat().dateTime;
  const line = summary(entry, locale, translate);
  const body = bodyText(entry, locale);
  const internal = entry.visibility === 'internal';
  // plain elements styled by the list (RowsRoot): a long timeline of MUI chips cost the page its first paint
  return (
    <li className={`entry${internal ? ' internal' : ''}`} data-testid="timeline-entry" data-visibility={entry.visibility} data-kind={entry.kind}>
      <div className="meta" style={{ marginTop: 0 }}>
        <span className="caption">{format(entry.occurredAt)}</span>
        <span className="chip outlined">{enumLabel('timelineKind', entry.kind, locale)}</span>
        {staff && (
          <span className={`chip${internal ? ' warning' : ''}`}>
            {internal && <Icon d={ICONS.lock} />}
            {enumLabel('timelineVisibility', entry.visibility, locale)}
          </span>
        )}
        {entry.authorName && (
          <span className="caption" {...USER_TEXT}>
            {entry.authorName}
          </span>
        )}
      </div>
      {line && <div className="text">{line}</div>}
      {body.text && (
        <div className="text" {...(body.user ? USER_TEXT : {})}>
          {body.text}
        </div>
      )}
    </li>
  );
});

/**
 * The form under the timeline: staff write a note, internal by default or visible to the client; a client admin's
 * comment is always visible to the firm and to their company.
 */
const AddEntry = ({ record }: { record: IncidentRecord }) => {
  const translate = useTranslate();
  const refresh = useRefresh();
  const staff = useIsStaff();
  const [create, { isPending }] = useCreate<TimelineRecord>();
  const [body, setBody] = useState('');
  const [visibility, setVisibility] = useState<TimelineVisibility>('internal');
  const [error, setError] = useState<string | null>(null);
  const submit = () => {
    setError(null);
    create(
      'timeline',
      { data: { incidentId: record.id, body: body.trim(), ...(staff ? { visibility } : {}) } },
      {
        onSuccess: () => {
          setBody('');
          refresh();
        },
        onError: (e: unknown) => {
          const fieldError = e instanceof HttpError ? (e.body as { errors?: Record<string, string> } | undefined)?.errors?.body : undefined;
          setError(fieldError ?? (e instanceof Error && e.message ? e.message : translate('ra.notification.http_error')));
        },
      },
    );
  };
  return (
    <Paper variant="outlined" sx={{ p: 2, mb: 2 }} data-testid="timeline-form">
      <TextField
        name="body"
        label={translate(staff ? 'incidentDesk.timeline.note' : 'incidentDesk.timeline.comment')}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        fullWidth
        // a plain textarea: MUI's multiline one measures itself (a forced layout of the whole page as it first shows)
        slotProps={{ input: { inputComponent: 'textarea' }, htmlInput: { maxLength: 10000, rows: 3 } }}
        sx={{ '& textarea': { height: 'auto', resize: 'vertical' } }}
      />
      <Box sx={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', mt: 1, gap: 1, flexWrap: 'wrap' }}>
        {staff ? (
          <RadioGroup row name="visibility" value={visibility} onChange={(e) => setVisibility(e.target.value as TimelineVisibility)}>
            <FormControlLabel value="internal" control={<Radio size="small" />} label={translate('incidentDesk.timeline.internal')} />
            <FormControlLabel value="client" control={<Radio size="small" />} label={translate('incidentDesk.timeline.client')} />
          </RadioGroup>
        ) : (
          <Typography variant="caption" color="text.secondary">
            {translate('incidentDesk.timeline.comment_help')}
          </Typography>
        )}
        <Button variant="contained" size="small" endIcon={<SendIcon />} disabled={isPending || !body.trim()} onClick={submit} data-testid="timeline-add">
          {translate(staff ? 'incidentDesk.timeline.add_note' : 'incidentDesk.timeline.add_comment')}
        </Button>
      </Box>
      {error && <Alert severity="error" sx={{ mt: 1 }}>{error}</Alert>}
    </Paper>
  );
};

/** The incident's timeline, newest first (`data-testid="timeline-entry"`, `data-visibility`), with the form above it. */
export const Timeline = memo(({ entries, isPending }: { entries: TimelineRecord[]; isPending: boolean }) => {
  const record = useRecordContext<IncidentRecord>();
  const translate = useTranslate();
  const staff = useIsStaff();
  const canNote = useAccess('timeline', 'create');
  const canComment = useAccess('timeline', 'comment');
  const { shown, marker } = useIncremental(entries, 12);
  if (!record) return null;
  return (
    <Box data-testid="timeline">
      <Typography variant="h6" sx={{ mb: 1 }}>
        {translate('incidentDesk.timeline.title')}
      </Typography>
      {(canNote || canComment) && <AddEntry record={record} />}
      {isPending && <LinearProgress />}
      <RowsRoot>
        <ol style={{ padding: 0, margin: 0 }}>
          {shown.map((e) => (
            <Entry key={e.id} entry={e} staff={staff} />
          ))}
        </ol>
        {marker}
      </RowsRoot>
      {!isPending && !entries.length && (
        <Typography variant="body2" color="text.secondary">
          {translate('incidentDesk.timeline.empty')}
        </Typography>
      )}
    </Box>
  );
});
