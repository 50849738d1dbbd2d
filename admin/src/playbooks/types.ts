/** GET /api/playbooks/:id: the record type is shared with the server. */
export type { PlaybookRecord } from '@incident-desk/shared';
