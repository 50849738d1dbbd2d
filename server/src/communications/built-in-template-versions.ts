import { createHash } from 'node:crypto';
import { BUILT_IN_COMMUNICATION_TEMPLATES, type LocalText } from '@incident-desk/shared';

/** What a built-in template's version covers: every text and setting a firm receives (not which rules it serves). */
export interface BuiltInContent {
  name: LocalText;
  audience: string;
  channel: string;
  subject: LocalText;
  body: LocalText;
}

/** The SHA-256 of a template's content in one canonical form: a stored row and a built-in definition compare by it. */
export function builtInVersion(t: BuiltInContent): string {
  const canonical = [t.name['zh-CN'], t.name.en, t.audience, t.channel, t.subject['zh-CN'], t.subject.en, t.body['zh-CN'], t.body.en];
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/** The version of each built-in template as this release ships it. */
export const CURRENT_BUILT_IN_VERSIONS: Readonly<Record<string, string>> = Object.fromEntries(
  BUILT_IN_COMMUNICATION_TEMPLATES.map((t) => [t.key, builtInVersion(t)]),
);

/**
 * Every earlier version of the built-in texts that firms may hold, by key: rows stored before the version was recorded
 * (migration 1766300000000) hold one of these when the firm never edited them. Computed from each release of the texts
 * (shared/src/communications.ts from 0ea039d, then templates/communication-templates.json); prc_incident_report's
 * first text lacked Art. 7's ransom, leads, support and scene items and cited the measure by its short title.
 * Never edit: add the version a later release replaces.
 */
export const EARLIER_BUILT_IN_VERSIONS: Readonly<Record<string, readonly string[]>> = {
  pipl_regulator_notice: ['0e1bcc006826c14a14efd16388586fc236719903caed31ef06cd5b86ce57117e'],
  pipl_individuals_notice: ['a5c6a5ad97b1fbf1a6333da9facdd2aa49b9f7ed9c91b6ede52faf2aef361d66'],
  client_update: ['013bdb8336be235a122eb7590a7b0b4891e9a76d9dd51508fdcf03af28aac485'],
  prc_incident_report: ['94d83a357fbf3cf628a652ea1a4f58db3ae19d5c784f1186ab6d9639107e3adf'],
};
