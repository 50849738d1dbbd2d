import type { ReactNode } from 'react';
import { RecordTitle } from './RecordTitle';
import { Edit, SaveButton, ShowButton, SimpleForm, Toolbar, TopToolbar, type EditProps, type SimpleFormProps } from 'react-admin';

/**
 * The edit page of every resource: saved before leaving (pessimistic: the server's 400 with field errors stays on the
 * form), with a Show button at the top unless other actions are given.
 */
export const EditPage = ({ children, actions, ...rest }: Omit<EditProps, 'mutationMode' | 'children'> & { children: ReactNode }) => (
  <Edit
    title={<RecordTitle />}
    mutationMode="pessimistic"
    actions={
      actions ?? (
        <TopToolbar>
          <ShowButton />
        </TopToolbar>
      )
    }
    {...rest}
  >
    {children}
  </Edit>
);

/** A form with a Save button only: records are closed, cancelled or offboarded, never deleted from a form. */
export const SaveOnlyForm = (props: Omit<SimpleFormProps, 'toolbar'>) => (
  <SimpleForm
    toolbar={
      <Toolbar>
        <SaveButton />
      </Toolbar>
    }
    {...props}
  />
);
