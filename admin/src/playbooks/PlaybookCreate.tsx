import { Create, SimpleForm, useTranslate } from 'react-admin';
import { Typography } from '@mui/material';
import { CopyFromInput, PlaybookTextInputs, cleanText } from './PlaybookInputs';

const HelpText = () => {
  const translate = useTranslate();
  return (
    <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
      {translate('incidentDesk.playbooks.copy_help')}
    </Typography>
  );
};

/** A firm's own playbook, copied from an existing one (tasks included); its tasks are then edited. */
export const PlaybookCreate = () => {
  const transform = (data: Record<string, unknown>) => {
    const description = cleanText(data.description);
    return {
      copyFromId: data.copyFromId,
      name: cleanText(data.name),
      ...(description['zh-CN'] || description.en ? { description } : {}),
    };
  };
  return (
    <Create redirect="edit" transform={transform}>
      <SimpleForm>
        <HelpText />
        <CopyFromInput />
        <PlaybookTextInputs />
      </SimpleForm>
    </Create>
  );
};
