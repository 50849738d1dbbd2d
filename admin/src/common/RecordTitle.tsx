import { useGetRecordRepresentation, useRecordContext, useResourceContext, useTranslate } from 'react-admin';
import { USER_TEXT } from './UserText';

/**
 * A record page's title: the resource's name and the record as it is named (react-admin's default title, with the
 * record's part marked as what users wrote). The browser tab's title follows it (layout.tsx).
 */
export const RecordTitle = () => {
  const resource = useResourceContext();
  const record = useRecordContext();
  const translate = useTranslate();
  const represent = useGetRecordRepresentation(resource);
  if (!resource) return null;
  return (
    <span>
      {translate(`resources.${resource}.name`, { smart_count: 1, _: resource })}
      {record && (
        <>
          {' '}
          <span {...USER_TEXT}>{represent(record)}</span>
        </>
      )}
    </span>
  );
};
