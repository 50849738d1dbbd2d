import { Create, SimpleForm } from 'react-admin';
import { pickTemplate, TemplateInputs } from './TemplateInputs';

export const TemplateCreate = () => (
  <Create redirect="show" transform={pickTemplate}>
    <SimpleForm>
      <TemplateInputs />
    </SimpleForm>
  </Create>
);
