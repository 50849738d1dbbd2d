import type { Locale } from './enums';
import { escapeHtml } from './notifications/render';

/**
 * The e-mails about a person's account (issue 20): an invitation to set a password (72 h) and a password-reset link
 * (30 minutes), in zh-CN and en. Sent through the notification engine's e-mail deliveries (its outbox and jobs), with
 * the link in the text and in a button.
 */
export type AccountMailKind = 'account_invite' | 'account_reset';

/** How long each link lives. */
export const ACCOUNT_LINK_TTL_SECONDS: Record<'invite' | 'reset', number> = { invite: 72 * 3600, reset: 30 * 60 };

/** The admin's pages that take each link's token (`#/accept-invite?token=…`, `#/reset-password?token=…`). */
export const ACCOUNT_LINK_PATH: Record<AccountMailKind, string> = {
  account_invite: '/#/accept-invite',
  account_reset: '/#/reset-password',
};

interface Words {
  subject: (p: { firm: string }) => string;
  body: (p: { name: string; firm: string; inviter?: string | null; hours: number; minutes: number }) => string;
  button: string;
  footer: string;
}

export const ACCOUNT_MAIL_MESSAGES: Record<Locale, Record<AccountMailKind, Words>> = {
  'zh-CN': {
    account_invite: {
      subject: ({ firm }) => `邀请您加入 ${firm} 的 Incident Desk`,
      body: ({ name, firm, inviter, hours }) =>
        `${name}，您好：\n${inviter ? `${inviter} 邀请您` : '您被邀请'}加入 ${firm} 的 Incident Desk（安全事件响应平台）。\n请通过下面的链接设置您的密码，链接 ${hours} 小时内有效，只能使用一次。`,
      button: '设置密码',
      footer: '如果您并不认识这家公司，请忽略此邮件：不设置密码，账号就无法登录。',
    },
    account_reset: {
      subject: ({ firm }) => `重置您在 ${firm} 的 Incident Desk 密码`,
      body: ({ name, minutes }) =>
        `${name}，您好：\n有人请求重置您的密码。请通过下面的链接设置新密码，链接 ${minutes} 分钟内有效，只能使用一次。设置后，您所有已登录的会话都会退出。`,
      button: '重置密码',
      footer: '如果不是您本人的请求，请忽略此邮件：您的密码不会改变。',
    },
  },
  en: {
    account_invite: {
      subject: ({ firm }) => `You are invited to ${firm} on Incident Desk`,
      body: ({ name, firm, inviter, hours }) =>
        `Hello ${name},\n${inviter ? `${inviter} has invited you` : 'You have been invited'} to join ${firm} on Incident Desk (incident response).\nSet your password with the link below. It works once, for ${hours} hours.`,
      button: 'Set my password',
      footer: 'If you do not know this firm, ignore this e-mail: without a password nobody can sign in to the account.',
    },
    account_reset: {
      subject: ({ firm }) => `Reset your Incident Desk password at ${firm}`,
      body: ({ name, minutes }) =>
        `Hello ${name},\nSomeone asked to reset your password. Set a new one with the link below. It works once, for ${minutes} minutes. Setting it signs you out everywhere.`,
      button: 'Reset my password',
      footer: 'If you did not ask for this, ignore this e-mail: your password stays as it is.',
    },
  },
};


/** The e-mail (subject, text, HTML) of an invitation or a reset, with its link. */
export function accountMail(
  kind: AccountMailKind,
  locale: Locale,
  p: { name: string; firm: string; inviter?: string | null; link: string },
): { subject: string; text: string; html: string } {
  const w = (ACCOUNT_MAIL_MESSAGES[locale] ?? ACCOUNT_MAIL_MESSAGES['zh-CN'])[kind];
  const params = { ...p, hours: ACCOUNT_LINK_TTL_SECONDS.invite / 3600, minutes: ACCOUNT_LINK_TTL_SECONDS.reset / 60 };
  const subject = w.subject(params);
  const body = w.body(params);
  const text = `${body}\n\n${w.button}: ${p.link}\n\n--\n${w.footer}\n`;
  const html = [
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family: -apple-system, \'PingFang SC\', \'Microsoft YaHei\', Arial, sans-serif; color: #1f2933; line-height: 1.6">',
    `<p style="margin: 0 0 16px">${body.split('\n').map(escapeHtml).join('<br>')}</p>`,
    `<p style="margin: 0 0 24px"><a href="${escapeHtml(p.link)}" style="background: #1565c0; color: #fff; padding: 8px 16px; border-radius: 4px; text-decoration: none">${escapeHtml(w.button)}</a></p>`,
    `<p style="font-size: 12px; color: #7b8794; margin: 0">${escapeHtml(w.footer)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}
