import { useMemo, useState } from 'react';
import {
  Alert, Box, Button, Chip, Dialog, DialogActions, DialogContent, DialogTitle, FormControlLabel, MenuItem, Stack, Switch, TextField, Tooltip, Typography,
} from '@mui/material';
import BalanceIcon from '@mui/icons-material/Balance';
import { HttpError, useGetList, useRecordContext, useRefresh, useNotify, useTranslate } from 'react-admin';
import {
  CONTENT_SPREADS, DATA_LEVELS, EMPTY_GRADING_INPUTS, GRADES, suggestGrade, WEBSITE_CLASSES, type ContentSpread, type DataLevel, type Grade,
  type GradingInputs, type WebsiteClass,
} from '@incident-desk/shared';
import { enumLabel, useAppLocale } from '../common/enums';
import { postAction } from '../common/api';
import { useAccess } from '../common/access';
import { useSmall } from '../common/responsive';
import type { GradingRecord, IncidentRecord } from './types';

type NumberField =
  | 'outageHours' | 'peopleAffected' | 'personalInfoRecords' | 'directLossRmb' | 'websiteUnreachableHours' | 'provincePopulationSharePct' | 'cityPopulationSharePct';
/** the number questions; `share`: a percentage (0–100) */
const NUMBER_FIELDS: { field: NumberField; integer: boolean; share?: true }[] = [
  { field: 'outageHours', integer: false },
  { field: 'peopleAffected', integer: true },
  { field: 'provincePopulationSharePct', integer: false, share: true },
  { field: 'cityPopulationSharePct', integer: false, share: true },
  { field: 'personalInfoRecords', integer: true },
  { field: 'directLossRmb', integer: false },
];
const WEBSITE_HOURS = { field: 'websiteUnreachableHours', integer: false } as const;

/** The answers to start from: the last grading's, else what the incident already says. */
const startingInputs = (record: GradedRecord, last: GradingRecord | undefined): GradingInputs => {
  if (last?.inputs) return { ...EMPTY_GRADING_INPUTS, ...last.inputs };
  return {
    ...EMPTY_GRADING_INPUTS,
    peopleAffected: record.peopleAffected ?? 0,
    personalInfoRecords: record.personalInfoInvolved || record.sensitivePersonalInfoInvolved ? (record.recordsAffected ?? 0) : 0,
  };
};

/** What is graded: an incident, or a firm incident (its children graded with it: `resource` 'firm-incidents'). */
type GradedRecord = Pick<IncidentRecord, 'id' | 'reference'> & Partial<Pick<IncidentRecord, 'peopleAffected' | 'personalInfoInvolved' | 'sensitivePersonalInfoInvolved' | 'recordsAffected'>>;

export const GradingForm = ({ record, last, onClose, resource = 'incidents' }: { record: GradedRecord; last: GradingRecord | undefined; onClose: () => void; resource?: 'incidents' | 'firm-incidents' }) => {
  const translate = useTranslate();
  const locale = useAppLocale();
  const refresh = useRefresh();
  const notify = useNotify();
  const fullScreen = useSmall();
  const [inputs, setInputs] = useState<GradingInputs>(() => startingInputs(record, last));
  // the text of each number input as typed (an empty box is 0 for the rules, but stays empty on screen)
  const [texts, setTexts] = useState<Record<NumberField, string>>(() => ({
    outageHours: String(inputs.outageHours),
    peopleAffected: String(inputs.peopleAffected),
    personalInfoRecords: String(inputs.personalInfoRecords),
    directLossRmb: String(inputs.directLossRmb),
    websiteUnreachableHours: String(inputs.websiteUnreachableHours),
    provincePopulationSharePct: String(inputs.provincePopulationSharePct),
    cityPopulationSharePct: String(inputs.cityPopulationSharePct),
  }));
  const [chosen, setChosen] = useState<Grade | null>(null);
  const [rationale, setRationale] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const suggestion = useMemo(() => suggestGrade(inputs), [inputs]);
  const grade = chosen ?? suggestion.grade;
  const rationaleNeeded = grade !== suggestion.grade;
  const badNumbers = [...NUMBER_FIELDS, WEBSITE_HOURS].filter(({ field, integer, ...f }) => {
    const t = texts[field].trim();
    if (t === '') return false;
    const n = Number(t);
    return !Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n)) || ('share' in f && n > 100);
  }).map(({ field }) => field);

  const setNumber = (field: NumberField, text: string) => {
    setTexts((t) => ({ ...t, [field]: text }));
    const n = Number(text.trim() === '' ? 0 : text);
    if (Number.isFinite(n) && n >= 0) setInputs((i) => ({ ...i, [field]: n }));
  };
  const q = (k: string) => translate(`incidentDesk.grading.q.${k}`);
  const numberField = ({ field, integer, ...f }: { field: NumberField; integer: boolean; share?: true }) => (
    <TextField
      key={field}
      name={field}
      type="number"
      label={q(field)}
      value={texts[field]}
      onChange={(e) => setNumber(field, e.target.value)}
      error={badNumbers.includes(field) || !!errors[`inputs.${field}`]}
      helperText={errors[`inputs.${field}`] ?? (badNumbers.includes(field) ? translate(f.share ? 'incidentDesk.grading.bad_share' : 'incidentDesk.grading.bad_number') : undefined)}
      slotProps={{ htmlInput: { min: 0, ...(f.share ? { max: 100 } : {}), step: integer ? 1 : 'any' } }}
      size="small"
    />
  );

  const save = async () => {
    setBusy(true);
    setErrors({});
    setError(null);
    try {
      await postAction(resource, record.id, 'grade', { inputs, grade, ...(rationale.trim() ? { rationale: rationale.trim() } : {}) });
      notify('incidentDesk.grading.saved', { type: 'info', messageArgs: { grade: enumLabel('grade', grade, locale) } });
      onClose();
      refresh();
    } catch (e) {
      const fieldErrors = e instanceof HttpError ? (e.body as { errors?: Record<string, string> } | undefined)?.errors : undefined;
      if (fieldErrors && Object.keys(fieldErrors).length) setErrors(fieldErrors);
      else setError(e instanceof Error && e.message ? e.message : translate('ra.notification.http_error'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={busy ? undefined : onClose} fullWidth maxWidth="md" fullScreen={fullScreen} data-testid="grade-dialog">
      <DialogTitle>{translate('incidentDesk.grading.title', { reference: record.reference })}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          {translate('incidentDesk.grading.help')}
        </Typography>
        <Stack spacing={2}>
          <FormControlLabel
            control={
              <Switch
                name="criticalInfrastructureAffected"
                checked={inputs.criticalInfrastructureAffected}
                onChange={(e) => setInputs((i) => ({ ...i, criticalInfrastructureAffected: e.target.checked }))}
              />
            }
            label={q('criticalInfrastructureAffected')}
          />
          <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' }, gap: 2 }}>
            {NUMBER_FIELDS.map(numberField)}
            <TextField
              select
              name="websiteClass"
              label={q('websiteClass')}
              value={inputs.websiteClass}
              onChange={(e) => setInputs((i) => ({ ...i, websiteClass: e.target.value as WebsiteClass }))}
              error={!!errors['inputs.websiteClass']}
              helperText={errors['inputs.websiteClass']}
              size="small"
            >
              {WEBSITE_CLASSES.map((v) => (
                <MenuItem key={v} value={v}>
                  {enumLabel('websiteClass', v, locale)}
                </MenuItem>
              ))}
            </TextField>
            {inputs.websiteClass !== 'none' ? numberField(WEBSITE_HOURS) : <Box />}
            <TextField
              select
              name="contentSpread"
              label={q('contentSpread')}
              value={inputs.contentSpread}
              onChange={(e) => setInputs((i) => ({ ...i, contentSpread: e.target.value as ContentSpread }))}
              size="small"
            >
              {CONTENT_SPREADS.map((v) => (
                <MenuItem key={v} value={v}>
                  {enumLabel('contentSpread', v, locale)}
                </MenuItem>
              ))}
            </TextField>
            <TextField
              select
              name="coreOrImportantData"
              label={q('coreOrImportantData')}
              value={inputs.coreOrImportantData}
              onChange={(e) => setInputs((i) => ({ ...i, coreOrImportantData: e.target.value as DataLevel }))}
              size="small"
            >
              {DATA_LEVELS.map((v) => (
                <MenuItem key={v} value={v}>
                  {enumLabel('dataLevel', v, locale)}
                </MenuItem>
              ))}
            </TextField>
          </Box>

          <Box sx={{ p: 2, bgcolor: 'action.hover', borderRadius: 1 }}>
            <Typography variant="subtitle2" component="div" sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
              {translate('incidentDesk.grading.suggested')}
              <Chip color="primary" label={enumLabel('grade', suggestion.grade, locale)} data-testid="suggested-grade" data-grade={suggestion.grade} />
            </Typography>
            {suggestion.matched.length ? (
              <Box component="ul" sx={{ my: 1, pl: 3 }} data-testid="grading-matched">
                {suggestion.matched.map((r) => (
                  <li key={r.id}>
                    <Typography variant="body2">
                      {enumLabel('grade', r.grade, locale)} — {r.text[locale]}
                    </Typography>
                    {/* the citation quotes the (Chinese) regulation: read on demand, in its own language */}
                    <Tooltip title={<span lang="zh-CN">{r.source}</span>}>
                      <Typography variant="caption" color="text.secondary" sx={{ textDecoration: 'underline dotted', cursor: 'help' }}>
                        {translate('incidentDesk.grading.source')}
                      </Typography>
                    </Tooltip>
                  </li>
                ))}
              </Box>
            ) : (
              <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
                {translate('incidentDesk.grading.none_matched')}
              </Typography>
            )}
          </Box>

          <TextField
            select
            name="grade"
            label={translate('incidentDesk.grading.chosen')}
            value={grade}
            onChange={(e) => setChosen(e.target.value as Grade)}
            size="small"
            sx={{ maxWidth: 320 }}
            error={!!errors.grade}
            helperText={errors.grade}
          >
            {GRADES.map((g) => (
              <MenuItem key={g} value={g}>
                {enumLabel('grade', g, locale)}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            name="rationale"
            label={translate(rationaleNeeded ? 'incidentDesk.grading.rationale_required' : 'incidentDesk.grading.rationale')}
            value={rationale}
            onChange={(e) => setRationale(e.target.value)}
            multiline
            minRows={3}
            fullWidth
            required={rationaleNeeded}
            error={!!errors.rationale}
            helperText={errors.rationale}
            slotProps={{ htmlInput: { maxLength: 5000 } }}
          />
          {error && <Alert severity="error">{error}</Alert>}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          {translate('ra.action.cancel')}
        </Button>
        <Button
          variant="contained"
          onClick={save}
          disabled={busy || badNumbers.length > 0 || (rationaleNeeded && !rationale.trim())}
          data-testid="grade-save"
        >
          {translate('ra.action.save')}
        </Button>
      </DialogActions>
    </Dialog>
  );
};

/**
 * The grading button (`data-testid="grade-open"`, staff with the `grade` right) and its dialog: the questions of the
 * grading rules, the suggestion computed in the browser with the shared rules as the answers change, the chosen grade
 * and its rationale (required when it differs from the suggestion).
 */
export const GradingButton = () => {
  const record = useRecordContext<IncidentRecord>();
  const translate = useTranslate();
  const canAccess = useAccess('incidents', 'grade');
  const [open, setOpen] = useState(false);
  const { data: gradings } = useGetList<GradingRecord>(
    'gradings',
    { filter: { incidentId: record?.id }, sort: { field: 'gradedAt', order: 'DESC' }, pagination: { page: 1, perPage: 1 } },
    { enabled: !!record && canAccess },
  );
  if (!record || !canAccess) return null;
  return (
    <>
      <Button size="small" variant="outlined" startIcon={<BalanceIcon />} onClick={() => setOpen(true)} data-testid="grade-open" sx={{ textTransform: 'none' }}>
        {translate(record.grade ? 'incidentDesk.grading.regrade' : 'incidentDesk.grading.open')}
      </Button>
      {open && <GradingForm record={record} last={gradings?.[0]} onClose={() => setOpen(false)} />}
    </>
  );
};
