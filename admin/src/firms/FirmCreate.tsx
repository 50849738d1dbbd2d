import { Create, email, maxLength, required, SelectInput, SimpleForm, TextInput, useTranslate } from 'react-admin';
import { LOCALES } from '@incident-desk/shared';
import { validateCreditCode } from '../clients/ClientInputs';

/** The time zones this browser knows (the server checks the same IANA names). */
const TIME_ZONES = (() => {
  const names = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['Asia/Shanghai', 'UTC'];
  return names.map((id) => ({ id, name: id }));
})();

const defaultValues = { timeZone: 'Asia/Shanghai', locale: 'zh-CN' };

/** A firm and its first manager, who gets an invitation e-mail and sets their own password. */
export const FirmCreate = () => {
  const translate = useTranslate();
  return (
    <Create redirect="show">
      <SimpleForm defaultValues={defaultValues} mode="onBlur">
        <TextInput source="name" validate={[required(), maxLength(200)]} fullWidth sx={{ maxWidth: 600 }} />
        <TextInput source="creditCode" validate={[required(), validateCreditCode]} />
        <SelectInput source="timeZone" choices={TIME_ZONES} validate={required()} />
        <SelectInput source="locale" choices={LOCALES.map((id) => ({ id, name: id === 'en' ? 'English' : '简体中文' }))} validate={required()} />
        <TextInput source="managerName" validate={[required(), maxLength(100)]} helperText={translate('app.firms.manager_help')} />
        <TextInput source="managerEmail" type="email" validate={[required(), email(), maxLength(200)]} />
      </SimpleForm>
    </Create>
  );
};
