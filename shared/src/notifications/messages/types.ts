import type { NotificationKind } from '../kinds';

/** A title and a body, with `{name}` placeholders. */
export interface MessageText {
  title: string;
  body: string;
}

/** One language's notification texts: a message file (messages/zh-CN.ts, messages/en.ts). */
export interface NotificationMessages {
  kinds: Record<NotificationKind, MessageText>;
  /** the link's text */
  open: string;
  /** a channel's test message ({channel}: its name) */
  test: MessageText;
  /** the last line of every e-mail */
  emailFooter: string;
  /** the actor of what the system did (the clocks) */
  system: string;
}
