import { EditPage, SaveOnlyForm } from '../common/EditPage';
import type { CommunicationTemplateRecord } from '@incident-desk/shared';
import { usePutSave } from '../common/api';
import { pickTemplate, TemplateInputs } from './TemplateInputs';

const Form = () => {
  const save = usePutSave<CommunicationTemplateRecord>('communication-templates', pickTemplate);
  return (
    <SaveOnlyForm onSubmit={save}>
      <TemplateInputs />
    </SaveOnlyForm>
  );
};

/** Managers adapt any template, built-in ones too; the PUT carries the template's fields alone. */
export const TemplateEdit = () => (
  <EditPage>
    <Form />
  </EditPage>
);
