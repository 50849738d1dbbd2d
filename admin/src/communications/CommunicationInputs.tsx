import { useEffect, useRef, useState } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import { Alert, Box, Typography } from '@mui/material';
import {
  AutocompleteInput,
  BooleanInput,
  DateTimeInput,
  ReferenceInput,
  required,
  SelectInput,
  TextInput,
  useGetList,
  useGetOne,
  useNotify,
  useTranslate,
} from 'react-admin';
import {
  ENUM_LABELS,
  obligationAudienceFor,
  OPEN_OBLIGATION_STATUSES,
  PLACEHOLDER_CHECKED_AUDIENCES,
  TEMPLATE_PLACEHOLDERS,
  templatePrompts,
  templateServes,
  unfilledPlaceholders,
  type CommunicationTemplateRecord,
  type RenderedTemplate,
} from '@incident-desk/shared';
import { incidentText, UnfilledList } from './fields';
import { useFirmFormat, useFirmTimeZone } from '../common/FirmDateField';
import { Section } from '../common/Section';
import { LOCALE_CHOICES, useAppLocale, useEnumChoices } from '../common/enums';
import { isLocalDateTime, isoToZonedLocal, zonedLocalToIso } from '../common/time';
import { linesFormat, linesParse, postAction } from '../common/api';

const WIDE = { maxWidth: 720 };
const NARROW = { maxWidth: 400 };

/**
 * With an incident and a template picked, fills subject and body from the template (POST
 * /api/communication-templates/{id}/render) and takes the template's audience and channel. Lists the facts still
 * missing from the incident's record.
 */
const TemplateFiller = () => {
  const { setValue } = useFormContext();
  const [incidentId, templateId, lang] = useWatch({ name: ['incidentId', 'templateId', 'lang'] });
  const { data: template } = useGetOne<CommunicationTemplateRecord>('communication-templates', { id: templateId }, { enabled: !!templateId });
  const notify = useNotify();
  const translate = useTranslate();
  const locale = useAppLocale();
  const [filled, setFilled] = useState<RenderedTemplate | null>(null);
  const appliedTemplate = useRef<string | null>(null);

  useEffect(() => {
    if (!template || appliedTemplate.current === template.id) return;
    appliedTemplate.current = template.id;
    setValue('audience', template.audience, { shouldDirty: true });
    setValue('channel', template.channel, { shouldDirty: true });
  }, [template, setValue]);

  useEffect(() => {
    if (!incidentId || !templateId) {
      setFilled(null);
      return;
    }
    let cancelled = false;
    postAction<RenderedTemplate>('communication-templates', templateId, 'render', { incidentId, ...(lang ? { lang } : {}) })
      .then((r) => {
        if (cancelled) return;
        setValue('subject', r.subject, { shouldDirty: true, shouldValidate: true });
        setValue('body', r.body, { shouldDirty: true });
        setFilled(r);
      })
      .catch((e) => {
        if (!cancelled) notify(typeof e?.message === 'string' ? e.message : 'ra.notification.http_error', { type: 'error' });
      });
    return () => {
      cancelled = true;
    };
  }, [incidentId, templateId, lang, setValue, notify]);

  if (!filled) return null;
  return (
    <Alert severity={filled.missing.length ? 'warning' : 'success'} sx={{ ...WIDE, my: 1 }} data-testid="comm-template-filled">
      {filled.missing.length
        ? translate('incidentDesk.communications.missing', {
            facts: filled.missing.map((k) => TEMPLATE_PLACEHOLDERS[k]?.[locale] ?? k).join(locale === 'zh-CN' ? '、' : ', '),
          })
        : translate('incidentDesk.communications.filled')}
    </Alert>
  );
};

/**
 * What is still unfilled in a notice to a regulator or to individuals (the template's 【…】 prompts, 〔待补充：…〕
 * markers, raw placeholders), highlighted while editing: the server refuses to approve or send it until none is left.
 */
const PlaceholderCheck = () => {
  const [subject, body, audience, templateId] = useWatch({ name: ['subject', 'body', 'audience', 'templateId'] });
  const { data: template } = useGetOne<CommunicationTemplateRecord>('communication-templates', { id: templateId }, { enabled: !!templateId });
  if (!(PLACEHOLDER_CHECKED_AUDIENCES as readonly string[]).includes(audience)) return null;
  const items = unfilledPlaceholders(`${subject ?? ''}\n${body ?? ''}`, template ? templatePrompts(template) : []);
  if (!items.length) return null;
  return (
    <Box sx={{ ...WIDE, mb: 2 }}>
      <UnfilledList items={items} />
    </Box>
  );
};

/**
 * The open obligation of the incident that this communication's audience can fulfil; with a template, only the rules
 * it serves, the first of them pre-selected (the server refuses an obligation the template does not serve).
 */
const ObligationPicker = () => {
  const { setValue, getValues } = useFormContext();
  const [incidentId, audience, direction, templateId] = useWatch({ name: ['incidentId', 'audience', 'direction', 'templateId'] });
  const translate = useTranslate();
  const locale = useAppLocale();
  const format = useFirmFormat().dateTime;
  const { data: template } = useGetOne<CommunicationTemplateRecord>('communication-templates', { id: templateId }, { enabled: !!templateId });
  const wanted = direction === 'inbound' ? null : obligationAudienceFor(audience ?? '');
  const usable = !!incidentId && !!wanted;
  const serves = template ? templateServes(template) : null;
  const { data: open } = useGetList<{ id: string; rule: string; dueAt: string }>(
    'obligations',
    { filter: { incidentId, audience: wanted, status: OPEN_OBLIGATION_STATUSES }, sort: { field: 'dueAt', order: 'ASC' }, pagination: { page: 1, perPage: 50 } },
    { enabled: usable && !!serves },
  );
  useEffect(() => {
    if (!usable && getValues('obligationId')) setValue('obligationId', null, { shouldDirty: true });
  }, [usable, getValues, setValue]);
  useEffect(() => {
    if (!serves || !open || getValues('obligationId')) return;
    const first = serves.map((rule) => open.find((o) => o.rule === rule)).find(Boolean);
    if (first) setValue('obligationId', first.id, { shouldDirty: true });
  }, [serves?.join(','), open, getValues, setValue]);
  if (!usable) {
    return (
      <Typography variant="body2" color="text.secondary" sx={{ ...WIDE, mb: 2 }}>
        {translate('incidentDesk.communications.obligation_none')}
      </Typography>
    );
  }
  const optionText = (o: { rule: string; dueAt: string }) =>
    translate('incidentDesk.communications.obligation_option', {
      rule: ENUM_LABELS.obligationRule[o.rule]?.[locale] ?? o.rule,
      due: format(o.dueAt),
    });
  return (
    <ReferenceInput
      source="obligationId"
      reference="obligations"
      filter={{ incidentId, audience: wanted, status: OPEN_OBLIGATION_STATUSES, ...(serves ? { rule: serves } : {}) }}
      sort={{ field: 'dueAt', order: 'ASC' }}
    >
      <AutocompleteInput optionText={optionText} helperText="incidentDesk.communications.obligation_help" sx={WIDE} fullWidth filterToQuery={() => ({})} />
    </ReferenceInput>
  );
};

/**
 * The inputs of a communication. On create: direction, incident (or client), template and language; on both: audience,
 * channel, subject, content, recipients, client visibility, the obligation it fulfils, the receiving time (inbound).
 */
export const CommunicationInputs = ({ mode, clientId }: { mode: 'create' | 'edit'; clientId?: string }) => {
  const audiences = useEnumChoices('communicationAudience');
  const channels = useEnumChoices('communicationChannel');
  const directions = useEnumChoices('communicationDirection');
  const timeZone = useFirmTimeZone();
  const translate = useTranslate();
  const locale = useAppLocale();
  const [incidentId, direction] = useWatch({ name: ['incidentId', 'direction'] });
  const inbound = direction === 'inbound';
  return (
    <>
      {mode === 'create' && <SelectInput source="direction" choices={directions} translateChoice={false} validate={required()} sx={NARROW} />}
      <ReferenceInput
        source="incidentId"
        reference="incidents"
        sort={{ field: 'createdAt', order: 'DESC' }}
        filter={clientId ? { clientId } : {}}
      >
        <AutocompleteInput optionText={incidentText} sx={WIDE} fullWidth />
      </ReferenceInput>
      {mode === 'create' && !incidentId && (
        <ReferenceInput source="clientId" reference="clients" sort={{ field: 'name', order: 'ASC' }}>
          <AutocompleteInput validate={required()} sx={WIDE} fullWidth />
        </ReferenceInput>
      )}
      {mode === 'create' && !inbound && (
        <Box sx={WIDE}>
          <Section title="incidentDesk.communications.from_template" />
          <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
            {translate('incidentDesk.communications.template_help')}
          </Typography>
          <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
            <ReferenceInput source="templateId" reference="communication-templates" sort={{ field: 'createdAt', order: 'ASC' }}>
              <AutocompleteInput
                optionText={(t: CommunicationTemplateRecord) => t.name?.[locale] ?? t.key}
                filterToQuery={(q: string) => ({ q })}
                sx={{ minWidth: 400 }}
              />
            </ReferenceInput>
            <SelectInput source="lang" choices={LOCALE_CHOICES} sx={{ minWidth: 160 }} />
          </Box>
          <TemplateFiller />
        </Box>
      )}
      <Section title="incidentDesk.communications.content" />
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
        <SelectInput source="audience" choices={audiences} translateChoice={false} validate={required()} sx={{ minWidth: 220 }} />
        <SelectInput source="channel" choices={channels} translateChoice={false} validate={required()} sx={{ minWidth: 220 }} />
      </Box>
      <TextInput source="subject" validate={required()} sx={WIDE} fullWidth />
      <TextInput source="body" multiline minRows={10} sx={WIDE} fullWidth />
      <PlaceholderCheck />
      <TextInput
        source="recipients"
        multiline
        minRows={2}
        format={linesFormat}
        parse={linesParse}
        helperText="incidentDesk.communications.recipients_help"
        sx={WIDE}
        fullWidth
      />
      <BooleanInput source="clientVisible" helperText="incidentDesk.communications.visible_help" />
      {inbound ? (
        <DateTimeInput
          source="receivedAt"
          format={(v) => isoToZonedLocal(v, timeZone)}
          helperText={translate('incidentDesk.communications.received_help', { timeZone })}
          sx={NARROW}
        />
      ) : (
        <ObligationPicker />
      )}
    </>
  );
};
