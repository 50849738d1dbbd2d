import type { ReactNode } from 'react';
import {
  CreateButton,
  ExportButton,
  FilterButton,
  TopToolbar,
  useCanAccess,
  useResourceContext,
  useResourceDefinition,
} from 'react-admin';

/**
 * List toolbar whose buttons follow authProvider.canAccess: CreateButton checks it itself,
 * ExportButton does not, so it is shown only with the `export` right.
 */
export const ListActions = ({ children }: { children?: ReactNode }) => {
  const resource = useResourceContext();
  const { hasCreate } = useResourceDefinition();
  const { canAccess: canExport } = useCanAccess({ resource, action: 'export' });
  return (
    <TopToolbar>
      <FilterButton />
      {hasCreate && <CreateButton />}
      {children}
      {canExport && <ExportButton />}
    </TopToolbar>
  );
};
