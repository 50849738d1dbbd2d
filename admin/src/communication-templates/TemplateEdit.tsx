import { Edit, SaveButton, ShowButton, SimpleForm, Toolbar, TopToolbar } from 'react-admin';
import type { CommunicationTemplateRecord } from '@incident-desk/shared';
import { usePutSave } from '../communications/api';
import { pickTemplate, TemplateInputs } from './TemplateInputs';

const Form = () => {
  const save = usePutSave<CommunicationTemplateRecord>('communication-templates', pickTemplate);
  return (
    <SimpleForm onSubmit={save} toolbar={<Toolbar><SaveButton /></Toolbar>}>
      <TemplateInputs />
    </SimpleForm>
  );
};

/** Managers adapt any template, built-in ones too; the PUT carries the template's fields alone. */
export const TemplateEdit = () => (
  <Edit mutationMode="pessimistic" actions={<TopToolbar><ShowButton /></TopToolbar>}>
    <Form />
  </Edit>
);
