import type { NotificationKind } from '../kinds';

/** A title and a body, with `{name}` placeholders. */
export interface MessageText {
  title: string;
  body: string;
}

/** A kind's texts: `many` (if given) when the notification is about several records at once (`count` > 1). */
export interface KindText extends MessageText {
  many?: MessageText;
}

/** One language's notification texts: a message file (messages/zh-CN.ts, messages/en.ts). */
export interface NotificationMessages {
  kinds: Record<NotificationKind, KindText>;
  /** the link's text */
  open: string;
  /** a channel's test message ({channel}: its name) */
  test: MessageText;
  /** the last line of every e-mail */
  emailFooter: string;
  /** the actor of what the system did (the clocks) */
  system: string;
}
