import type { LocalText, PlaybookTaskDef } from '@incident-desk/shared';

/** GET /api/playbooks/:id (server/src/playbooks): the built-in playbook and the firm's own copies. */
export interface PlaybookRecord {
  id: string;
  key: string;
  name: LocalText;
  description: LocalText;
  tasks: PlaybookTaskDef[];
  builtIn: boolean;
  createdAt: string;
  updatedAt: string;
}
