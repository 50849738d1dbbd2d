import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { createHmac, randomUUID } from 'node:crypto';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import * as http from 'node:http';
import * as https from 'node:https';
import { isIP } from 'node:net';
import * as nodemailer from 'nodemailer';
import { isNonPublicAddress, type ChannelKind, type EmailContent, type Locale } from '@incident-desk/shared';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';

/**
 * Sending, for real: e-mail over SMTP (nodemailer) and the group channels over HTTPS, each platform in its documented
 * format, judged by its documented success check (the robots answer HTTP 200 on failure too: their body's code says).
 * A send never throws: it says whether it went out, and if not, why (never with the channel's URL or secret, which
 * are credentials) and whether trying again can help.
 */

export interface SendOutcome {
  ok: boolean;
  /** why it did not go out (no URL, key or secret in it) */
  error?: string;
  /** a later attempt may succeed (a timeout, a 5xx, a rate limit); otherwise the configuration must change first */
  retryable?: boolean;
}

/** An e-mail to one person. */
export interface EmailMessage extends EmailContent {
  to: string;
  /** the delivery's id: the Message-ID, the same on every attempt */
  deliveryId: string;
  kind: string;
}

/** A message to a group channel, in the firm's language. */
export interface GroupMessage {
  deliveryId: string;
  kind: string;
  title: string;
  body: string;
  link: string;
  markdown: string;
  locale: Locale;
  /** the webhook's JSON (what happened, ids, words, link) */
  event: Record<string, unknown>;
}

export interface ChannelTarget {
  kind: ChannelKind;
  url: string;
  secret: string | null;
}

const HTTP_TIMEOUT_MS = 10_000;
const MAX_RESPONSE_BYTES = 64 * 1024;
/** WeCom counts UTF-8 bytes: markdown at most 4096; Feishu and DingTalk take more, kept the same for one look */
const MAX_MARKDOWN_BYTES = 4000;

/** DingTalk's signing (加签): HMAC-SHA256 keyed with the secret over "timestamp\nsecret", Base64, in the query. */
export function dingtalkSignedUrl(url: string, secret: string, nowMs = Date.now()): string {
  const timestamp = String(nowMs);
  const sign = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
  const u = new URL(url);
  u.searchParams.set('timestamp', timestamp);
  u.searchParams.set('sign', sign);
  return u.toString();
}

/** Feishu's signing: "timestamp\nsecret" is the HMAC-SHA256 key, the message is empty; Base64; seconds; in the body. */
export function feishuSign(secret: string, nowMs = Date.now()): { timestamp: string; sign: string } {
  const timestamp = String(Math.floor(nowMs / 1000));
  return { timestamp, sign: createHmac('sha256', `${timestamp}\n${secret}`).update('').digest('base64') };
}

/**
 * Our webhooks' signature header, X-Incident-Desk-Signature: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." +
 * body)>` (Stripe's shape): the timestamp is signed with the body, so that a receiver refuses a replay (older than 5
 * minutes) as well as a forgery.
 */
export function webhookSignature(secret: string, rawBody: string, nowMs = Date.now()): string {
  const t = Math.floor(nowMs / 1000);
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex')}`;
}

/** Cuts a text to at most `max` UTF-8 bytes, on a character boundary. */
function cutBytes(s: string, max: number): string {
  if (Buffer.byteLength(s) <= max) return s;
  let out = '';
  for (const ch of s) {
    if (Buffer.byteLength(out + ch) > max - 3) break;
    out += ch;
  }
  return `${out}…`;
}

/** The markdown kept within the robots' size, the link always at its end. */
function boundedMarkdown(m: GroupMessage): string {
  if (Buffer.byteLength(m.markdown) <= MAX_MARKDOWN_BYTES) return m.markdown;
  const tail = m.markdown.slice(m.markdown.lastIndexOf('\n\n['));
  return cutBytes(m.markdown.slice(0, m.markdown.length - tail.length), MAX_MARKDOWN_BYTES - Buffer.byteLength(tail)) + tail;
}

interface HttpAnswer {
  status: number;
  text: string;
}

@Injectable()
export class Transports implements OnModuleDestroy {
  private mailer: nodemailer.Transporter | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get emailEnabled(): boolean {
    return !!this.config.smtpUrl;
  }

  onModuleDestroy() {
    this.mailer?.close();
  }

  private transporter(): nodemailer.Transporter {
    this.mailer ??= nodemailer.createTransport(this.config.smtpUrl!, {
      from: this.config.mailFrom!,
      // well under the delivery job's expiry (60 s)
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    } as never);
    return this.mailer;
  }

  async email(m: EmailMessage): Promise<SendOutcome> {
    if (!this.emailEnabled) return { ok: false, error: 'e-mail is not configured (SMTP_URL)', retryable: false };
    const host = new URL(this.config.publicUrl).hostname || 'incident-desk';
    try {
      const info = await this.transporter().sendMail({
        to: m.to,
        subject: m.subject,
        text: m.text,
        html: m.html,
        messageId: `<${m.deliveryId}@${host}>`,
        headers: { 'X-Incident-Desk-Event': m.kind, 'X-Incident-Desk-Delivery': m.deliveryId },
      });
      if (info.rejected?.length) return { ok: false, error: `the server refused the recipient: ${String(info.response ?? '').slice(0, 200)}`, retryable: false };
      return { ok: true };
    } catch (e) {
      const err = e as { code?: string; responseCode?: number; message?: string };
      // 5xx: permanent (a refused address, a failed login); anything else (4xx, the connection) may pass later
      const permanent = typeof err.responseCode === 'number' && err.responseCode >= 500 && err.code !== 'ETIMEDOUT';
      return { ok: false, error: `SMTP ${err.code ?? ''} ${err.responseCode ?? ''} ${String(err.message ?? e).slice(0, 300)}`.replace(/\s+/g, ' ').trim(), retryable: !permanent };
    }
  }

  /** A message to a group channel, in its platform's format. */
  async group(target: ChannelTarget, m: GroupMessage): Promise<SendOutcome> {
    switch (target.kind) {
      case 'wecom':
        return this.robot(target.url, { msgtype: 'markdown', markdown: { content: boundedMarkdown(m) } }, wecomVerdict);
      case 'dingtalk': {
        const url = target.secret ? dingtalkSignedUrl(target.url, target.secret) : target.url;
        return this.robot(url, { msgtype: 'markdown', markdown: { title: m.title, text: boundedMarkdown(m) } }, dingtalkVerdict);
      }
      case 'feishu': {
        const lang = m.locale === 'en' ? 'en_us' : 'zh_cn';
        const body = {
          ...(target.secret ? feishuSign(target.secret) : {}),
          msg_type: 'post',
          content: {
            post: {
              [lang]: {
                title: m.title,
                content: [...m.body.split('\n').map((line) => [{ tag: 'text', text: line }]), [{ tag: 'a', text: openText(m), href: m.link }]],
              },
            },
          },
        };
        return this.robot(target.url, body, feishuVerdict);
      }
      case 'webhook':
        return this.webhook(target, m);
    }
  }

  private async robot(url: string, body: object, verdict: (status: number, json: any) => SendOutcome): Promise<SendOutcome> {
    let answer: HttpAnswer;
    try {
      answer = await this.post(url, JSON.stringify(body), { 'content-type': 'application/json; charset=utf-8' });
    } catch (e) {
      return { ok: false, error: (e as Error).message, retryable: true };
    }
    if (answer.status === 429 || answer.status >= 500) return { ok: false, error: `HTTP ${answer.status}`, retryable: true };
    if (answer.status < 200 || answer.status >= 300) return { ok: false, error: `HTTP ${answer.status}`, retryable: false };
    let json: unknown;
    try {
      json = JSON.parse(answer.text);
    } catch {
      return { ok: false, error: `HTTP ${answer.status} without a JSON answer`, retryable: true };
    }
    return verdict(answer.status, json);
  }

  private async webhook(target: ChannelTarget, m: GroupMessage): Promise<SendOutcome> {
    const raw = JSON.stringify(m.event);
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'IncidentDesk-Webhook/1',
      'x-incident-desk-event': m.kind,
      'x-incident-desk-delivery': m.deliveryId,
    };
    if (target.secret) headers['x-incident-desk-signature'] = webhookSignature(target.secret, raw);
    let answer: HttpAnswer;
    try {
      answer = await this.post(target.url, raw, headers);
    } catch (e) {
      return { ok: false, error: (e as Error).message, retryable: true };
    }
    if (answer.status >= 200 && answer.status < 300) return { ok: true };
    // 408, 429 and 5xx may pass later; a redirect is not followed; any other 4xx needs the receiver fixed
    const retryable = answer.status === 408 || answer.status === 429 || answer.status >= 500;
    return { ok: false, error: `HTTP ${answer.status}`, retryable };
  }

  /**
   * POSTs a body and reads at most 64 KB of the answer, in 10 s. Without NOTIFY_ALLOW_PRIVATE_HOSTS, an address that
   * is (or resolves to) a loopback, private, link-local or reserved one is refused at the moment of connecting: the
   * check is made on the address the connection uses, so a name that resolves differently later cannot get through.
   * Redirects are not followed.
   */
  private post(url: string, body: string, headers: Record<string, string>): Promise<HttpAnswer> {
    const u = new URL(url);
    const allowPrivate = this.config.notifyAllowPrivateHosts;
    const literal = u.hostname.replace(/^\[|\]$/g, '');
    if (!allowPrivate && isIP(literal) && isNonPublicAddress(literal)) return Promise.reject(new Error('refused: the address is not public'));
    if (u.protocol !== 'https:' && !(allowPrivate && u.protocol === 'http:')) return Promise.reject(new Error('refused: not https'));
    const lookup = (hostname: string, options: { all?: boolean }, cb: (err: Error | null, address?: string | LookupAddress[], family?: number) => void) => {
      dnsLookup(hostname, { all: true }, (err, addresses) => {
        if (err) return cb(new Error(`cannot resolve the host (${(err as NodeJS.ErrnoException).code ?? 'error'})`));
        const list = addresses as LookupAddress[];
        if (!allowPrivate && (!list.length || list.some((a) => isNonPublicAddress(a.address)))) return cb(new Error('refused: the host resolves to an address that is not public'));
        if (options.all) return cb(null, list);
        cb(null, list[0].address, list[0].family);
      });
    };
    const mod = u.protocol === 'https:' ? https : http;
    return new Promise<HttpAnswer>((resolve, reject) => {
      const req = mod.request(
        u,
        { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, lookup: lookup as never, timeout: HTTP_TIMEOUT_MS, agent: false },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size <= MAX_RESPONSE_BYTES) chunks.push(c);
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', (e) => reject(new Error(`the answer broke off (${(e as NodeJS.ErrnoException).code ?? e.message})`)));
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${HTTP_TIMEOUT_MS / 1000} s`)));
      req.on('error', (e) => reject(e.message.startsWith('refused') || e.message.startsWith('cannot resolve') || e.message.startsWith('no answer') ? e : new Error(`cannot connect (${(e as NodeJS.ErrnoException).code ?? e.message})`)));
      req.end(body);
    });
  }
}

const openText = (m: GroupMessage) => (m.locale === 'en' ? 'Open the record' : '打开记录');

/** WeCom: `errcode` 0; -1 (busy) and 45009 (over 20 a minute) may pass later. */
function wecomVerdict(_status: number, json: any): SendOutcome {
  if (json?.errcode === 0) return { ok: true };
  return { ok: false, error: `WeCom errcode ${json?.errcode}: ${String(json?.errmsg ?? '').slice(0, 200)}`, retryable: [-1, 45009].includes(json?.errcode) };
}

/** DingTalk: `errcode` 0; 130101 (over 20 a minute) and -1 may pass later; 310000 (keywords, signature, address) will not. */
function dingtalkVerdict(_status: number, json: any): SendOutcome {
  if (json?.errcode === 0) return { ok: true };
  return { ok: false, error: `DingTalk errcode ${json?.errcode}: ${String(json?.errmsg ?? '').slice(0, 200)}`, retryable: [-1, 130101].includes(json?.errcode) };
}

/** Feishu: `code` 0 (older answers: only `StatusCode` 0); 11232 (rate limit) may pass later; 19021 (signature) will not. */
function feishuVerdict(_status: number, json: any): SendOutcome {
  if (json?.code === 0 || (json?.code === undefined && json?.StatusCode === 0)) return { ok: true };
  const code = json?.code ?? json?.StatusCode;
  return { ok: false, error: `Feishu code ${code}: ${String(json?.msg ?? json?.StatusMessage ?? '').slice(0, 200)}`, retryable: [11232].includes(code) };
}

/** A fresh id for a message that belongs to no delivery row. */
export const messageId = () => randomUUID();
