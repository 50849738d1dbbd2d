import { Box, Table, TableBody, TableCell, TableRow, Typography } from '@mui/material';
import { required, SelectInput, TextInput, useTranslate } from 'react-admin';
import { TEMPLATE_PLACEHOLDERS } from '@incident-desk/shared';
import { Section } from '../common/Section';
import { useAppLocale, useEnumChoices } from '../common/enums';

const WIDE = { maxWidth: 760 };

/** The placeholders a template may use, with what each stands for. */
export const PlaceholderHelp = () => {
  const translate = useTranslate();
  const locale = useAppLocale();
  return (
    <Box sx={{ ...WIDE, mt: 2 }} data-testid="template-placeholders">
      <Section title="incidentDesk.communicationTemplates.placeholders" />
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {translate('incidentDesk.communicationTemplates.placeholders_help')}
      </Typography>
      <Table size="small">
        <TableBody>
          {Object.entries(TEMPLATE_PLACEHOLDERS).map(([key, label]) => (
            <TableRow key={key}>
              <TableCell sx={{ fontFamily: 'monospace' }}>{`{{${key}}}`}</TableCell>
              <TableCell>{label[locale]}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
};

/** Name, audience, channel, and subject and content in Chinese and English. */
export const TemplateInputs = () => {
  const audiences = useEnumChoices('communicationAudience');
  const channels = useEnumChoices('communicationChannel');
  return (
    <>
      <TextInput source="name.zh-CN" validate={required()} sx={WIDE} fullWidth />
      <TextInput source="name.en" validate={required()} sx={WIDE} fullWidth />
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
        <SelectInput source="audience" choices={audiences} translateChoice={false} validate={required()} sx={{ minWidth: 220 }} />
        <SelectInput source="channel" choices={channels} translateChoice={false} validate={required()} sx={{ minWidth: 220 }} />
      </Box>
      <Section title="incidentDesk.communicationTemplates.chinese" />
      <TextInput source="subject.zh-CN" validate={required()} sx={WIDE} fullWidth />
      <TextInput source="body.zh-CN" validate={required()} multiline minRows={10} sx={WIDE} fullWidth />
      <Section title="incidentDesk.communicationTemplates.english" />
      <TextInput source="subject.en" validate={required()} sx={WIDE} fullWidth />
      <TextInput source="body.en" validate={required()} multiline minRows={10} sx={WIDE} fullWidth />
      <PlaceholderHelp />
    </>
  );
};

/** Only what the API takes. */
export const pickTemplate = (v: Record<string, any>) => ({
  name: { 'zh-CN': v.name?.['zh-CN'] ?? '', en: v.name?.en ?? '' },
  audience: v.audience,
  channel: v.channel,
  subject: { 'zh-CN': v.subject?.['zh-CN'] ?? '', en: v.subject?.en ?? '' },
  body: { 'zh-CN': v.body?.['zh-CN'] ?? '', en: v.body?.en ?? '' },
});
