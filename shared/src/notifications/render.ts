/**
 * A notification's words, in the recipient's language, from the message files: plain text for the app, plain text and
 * HTML for e-mail, markdown for the chat robots, each with a link to the record.
 */
import type { Locale } from '../enums';
import type { NotificationKind } from './kinds';
import { en } from './messages/en';
import type { MessageText, NotificationMessages } from './messages/types';
import { zhCN } from './messages/zh-CN';

export type { MessageText, NotificationMessages } from './messages/types';

export const NOTIFICATION_MESSAGES: Record<Locale, NotificationMessages> = { 'zh-CN': zhCN, en };

/** The placeholders a text uses. */
export const placeholdersOf = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);

/** A text with its placeholders filled (a missing value leaves nothing; values are used as they are). */
export function fill(text: string, params: Record<string, string | number | null | undefined>): string {
  return text.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = params[k];
    return v === null || v === undefined ? '' : String(v);
  });
}

/** The title and body of a notification of this kind, in this language. */
export function renderNotification(kind: NotificationKind, params: Record<string, string | number | null | undefined>, locale: Locale): MessageText {
  const one = (NOTIFICATION_MESSAGES[locale] ?? NOTIFICATION_MESSAGES['zh-CN']).kinds[kind];
  // several records at once (a role's tasks assigned together): the kind's text for many, if it has one
  const m = one.many && Number(params.count) > 1 ? one.many : one;
  // a value left empty (an ungraded incident's grade) leaves no stray space
  const tidy = (s: string) => s.replace(/[ \t]{2,}/g, ' ').trim();
  return { title: tidy(fill(m.title, params)), body: tidy(fill(m.body, params)) };
}

/** What a notification is about: the record its link opens. */
export interface NotificationTarget {
  entity: string;
  entityId: string | null;
  incidentId: string | null;
}

/**
 * The admin's path of a record (its hash route): the records that live on the incident page (obligations, tasks,
 * timeline, gradings) open the incident; a list (a digest) opens the overdue list.
 */
export function recordPath(t: NotificationTarget): string {
  const show = (resource: string, id: string) => `#/${resource}/${encodeURIComponent(id)}/show`;
  if (t.entity === 'incidents' && t.entityId) return show('incidents', t.entityId);
  if (['obligations', 'tasks', 'timeline', 'gradings'].includes(t.entity) && t.incidentId) return show('incidents', t.incidentId);
  if (['communications', 'actions', 'trainings', 'evaluations'].includes(t.entity) && t.entityId) return show(t.entity, t.entityId);
  if (t.entity === 'actions' || t.entity === 'trainings') return `#/${t.entity}?filter=${encodeURIComponent(JSON.stringify(t.entity === 'actions' ? { overdue: true } : { due: 'overdue' }))}`;
  if (t.incidentId) return show('incidents', t.incidentId);
  return '#/';
}

/** The full link to a record: the server's public address (PUBLIC_URL) and the record's path. */
export const recordLink = (publicUrl: string, t: NotificationTarget): string => `${publicUrl.replace(/\/+$/, '')}/${recordPath(t)}`;

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

/** An e-mail: the title as subject; the body, the link and the footer as plain text and as HTML. */
export function emailContent(m: MessageText, link: string, locale: Locale): EmailContent {
  const msgs = NOTIFICATION_MESSAGES[locale] ?? NOTIFICATION_MESSAGES['zh-CN'];
  const paragraphs = m.body.split('\n').map((line) => escapeHtml(line)).join('<br>');
  const html = [
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(m.title)}</title></head>`,
    '<body style="font-family: -apple-system, \'PingFang SC\', \'Microsoft YaHei\', Arial, sans-serif; color: #1f2933; line-height: 1.6">',
    `<h2 style="font-size: 18px; margin: 0 0 12px">${escapeHtml(m.title)}</h2>`,
    `<p style="margin: 0 0 16px">${paragraphs}</p>`,
    `<p style="margin: 0 0 24px"><a href="${escapeHtml(link)}" style="background: #1565c0; color: #fff; padding: 8px 16px; border-radius: 4px; text-decoration: none">${escapeHtml(msgs.open)}</a></p>`,
    `<p style="font-size: 12px; color: #7b8794; margin: 0">${escapeHtml(msgs.emailFooter)}</p>`,
    '</body></html>',
  ].join('\n');
  const text = `${m.body}\n\n${msgs.open}: ${link}\n\n--\n${msgs.emailFooter}\n`;
  return { subject: m.title, text, html };
}

/** Markdown for a chat robot (WeCom, DingTalk, Feishu): the title as a heading, the body quoted, the link. */
export function robotMarkdown(m: MessageText, link: string, locale: Locale): string {
  const msgs = NOTIFICATION_MESSAGES[locale] ?? NOTIFICATION_MESSAGES['zh-CN'];
  // no escaping: the robots' markdown dialects show a backslash as it is
  const body = m.body.split('\n').map((line) => `> ${line}`).join('\n');
  return `### ${m.title}\n${body}\n\n[${msgs.open}](${link})`;
}
